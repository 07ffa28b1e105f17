"""The English detector: refuses other languages, never short or name-heavy English."""

from __future__ import annotations

import pytest

from claimledger.ingest import english_verdict

ENGLISH = [
    "Flood kills 3",  # too short to judge: accepted
    "Palm Bay d. Rockledge 70-44\nPalm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. "
    "Rockledge (0-1): Blakely 15 points. Devoe 2 points. Baker 6 points. Brown 4 points. Upshaw 3 points. "
    "Heritage d. Titusville 53-9\nHeritage (1-0): Armani Sheffield 19 points and 3 steals.",
    "Dow 34,500.12 (+0.4%), S&P 500 4,412.08 (+0.2%), Nasdaq 13,750.33 (-0.1%), FTSE 7,402.1, DAX 15,890, "
    "Nikkei 32,100, Brent $84.20, WTI $80.11, gold $1,920, EUR/USD 1.0912, GBP/USD 1.2701",
    "The ministry said on Tuesday that at least 1,200 people had been evacuated from the coastal towns of "
    "San Felipe and Puerto Nuevo, where the storm destroyed more than 300 homes.",
]
OTHER = [
    ("La policía detuvo el martes a dos hombres por el robo de una joya en el museo de la ciudad, según "
     "informó el ayuntamiento, que pidió a los vecinos que colaboren con la investigación.", "Spanish"),
    ("Le gouvernement a annoncé mardi que les écoles de la région resteront fermées pour une semaine, "
     "car les routes sont encore inondées et les ponts ne sont pas sûrs.", "French"),
    ("Президент заявил во вторник, что правительство выделит дополнительные средства на восстановление "
     "разрушенных домов в пострадавших районах.", "Cyrillic script"),
    ("정부는 화요일 홍수 피해 지역에 추가 예산을 배정하겠다고 밝혔다. 주민들은 대피소에 머물고 있다.", "Korean script"),
    ("Pemerintah mengumumkan pada hari Selasa bahwa sekolah di wilayah itu akan tetap ditutup selama satu "
     "minggu karena jalan yang masih tergenang dan jembatan yang tidak aman untuk dilalui.", "Indonesian"),
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_accepted(text: str) -> None:
    assert english_verdict(text) is None


@pytest.mark.parametrize(("text", "verdict"), OTHER)
def test_other_languages_are_named(text: str, verdict: str) -> None:
    assert english_verdict(text) == verdict
