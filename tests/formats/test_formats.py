"""ClaimReview JSON-LD, Parquet, TimelineJS and Datasette metadata from one hand-built ledger."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimledger.errors import UsageError
from claimledger.formats import EXTRA_FORMATS, export_extra
from claimledger.formats.claimreview import claimreview_graph
from claimledger.formats.datasette import TABLES, datasette_metadata
from claimledger.formats.timeline import timeline_date, timeline_json
from claimledger.ledger import migrations
from claimledger.ledger.export import export_dict
from claimledger.ledger.store import Ledger


def test_claimreview_rates_by_evidence_never_by_truth(ledger_db: Path) -> None:
    with Ledger(ledger_db, readonly=True) as led:
        doc = claimreview_graph(led, today="2024-12-01")
    assert doc["@context"] == "https://schema.org"
    reviews = {r["itemReviewed"]["text"]: r for r in doc["@graph"]}
    assert len(reviews) == 3 and all(r["@type"] == "ClaimReview" for r in reviews.values())
    pentagon = reviews["At least 10,000 North Korean soldiers"]
    kyiv = reviews["About 11,000 North Korean soldiers"]
    vehicles = reviews["Some 200 vehicles"]
    # both sides of the cross-document conflict are flagged, the span in the other document via refs
    assert kyiv["reviewRating"]["alternateName"] == "Conflicting figures"
    assert pentagon["reviewRating"]["alternateName"] == "Conflicting figures"
    assert "conflict:" in pentagon["reviewRating"]["ratingExplanation"]
    assert vehicles["reviewRating"]["alternateName"] == "Unattributed"
    author = pentagon["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Vedant Patel", "jobTitle": "spokesperson",
                      "affiliation": {"@type": "Organization", "name": "Pentagon"}}
    assert kyiv["itemReviewed"]["author"]["@type"] == "Organization"  # sources.kind says org
    assert pentagon["itemReviewed"]["datePublished"] == "2024-11-04"  # when the figure held
    assert pentagon["itemReviewed"]["about"] == {"@type": "QuantitativeValue", "minValue": 10000,
                                                 "unitText": "North Korean soldiers", "description": "min"}
    appearance = pentagon["itemReviewed"]["appearance"][0]
    assert appearance["url"] == "https://defense.example/kursk" and appearance["publisher"]["name"] == "Defense Daily"
    assert pentagon["claimReviewed"].startswith("At least 10,000 North Korean soldiers are in Kursk")
    assert pentagon["datePublished"] == "2024-12-01"
    assert len({r["@id"] for r in doc["@graph"]}) == 3
    with Ledger(ledger_db, readonly=True) as led:  # stable ids across exports
        assert [r["@id"] for r in claimreview_graph(led)["@graph"]] == [r["@id"] for r in doc["@graph"]]
    json.dumps(doc)  # serialisable as is


def test_parquet_tables_round_trip_the_export(ledger_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    with Ledger(ledger_db, readonly=True) as led:
        assert export_extra(led, "parquet", out) is None
        data = export_dict(led)
    for name in ("documents", "claims", "events", "findings", "figures"):
        table = pq.read_table(out / f"{name}.parquet")
        rows = table.to_pylist()
        assert len(rows) == len(data[name])
        for got, want in zip(rows, data[name], strict=True):
            for key, value in want.items():
                assert got[key] == value or (isinstance(value, int) and got[key] == float(value)), (name, key)
    findings = pq.read_table(out / "findings.parquet")
    assert findings.schema.field("spans").type == pa.list_(pa.list_(pa.int64()))
    assert pa.types.is_dictionary(findings.schema.field("kind").type)
    assert not list(out.glob("*.partial"))


def test_parquet_of_an_empty_ledger_keeps_the_columns(tmp_path: Path) -> None:
    with Ledger(tmp_path / "empty.db") as led:
        export_extra(led, "parquet", tmp_path / "pq")
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet")
    assert claims.num_rows == 0 and claims.schema.field("low").type == pa.float64()
    with Ledger(tmp_path / "empty.db") as led, pytest.raises(UsageError, match="standard output"):
        export_extra(led, "parquet", "-")


def test_timeline_merges_one_event_reported_twice_and_escapes_html(ledger_db: Path) -> None:
    with Ledger(ledger_db, readonly=True) as led:
        tl = timeline_json(led)
    events = [s for s in tl["events"] if s["group"] == "Events"]
    figures = [s for s in tl["events"] if s["group"] == "Figures"]
    assert len(events) == 1 and "2 document(s)" in events[0]["text"]["text"]
    assert events[0]["start_date"] == {"year": "2024", "month": "11", "day": "12"}
    assert len(figures) == 3
    assert [s["start_date"].get("day") for s in tl["events"]] == ["4", "5", "5", "12"]  # in date order
    text = json.dumps(tl)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert 'href=\\"https://kyiv.example/a?x=1&amp;y=2\\"' in text
    assert len({s["unique_id"] for s in tl["events"]}) == len(tl["events"])
    assert any(s["text"]["headline"] == "at least 10,000 North Korean soldiers" for s in figures)


def test_timeline_dates_keep_their_precision() -> None:
    assert timeline_date("2024") == {"year": "2024"}
    assert timeline_date("2024-06") == {"year": "2024", "month": "6"}
    assert timeline_date("2024-06-09") == {"year": "2024", "month": "6", "day": "9"}
    assert timeline_date("2024-13") == {"year": "2024"}
    assert timeline_date("spring") is None and timeline_date(None) is None


def test_datasette_metadata_documents_every_table_and_its_queries_run(ledger_db: Path) -> None:
    with Ledger(ledger_db, readonly=True) as led:
        meta = datasette_metadata(led)
    tables = meta["databases"]["story"]["tables"]
    ours = {"documents", "document_versions", "blocks", "sentences", "claims", "events", "findings", "figures",
            "sources", "timeline", "syndication", "runs", "failures", "fetches", "warc_records", "feeds",
            "feed_items", "alerts", "migrations"}
    assert ours <= set(TABLES)  # every table of migrations 0001–0003 is described
    for name in ours:
        assert name in tables and (tables[name].get("description") or tables[name].get("hidden"))
    assert tables["claims"]["columns"]["hedge"].startswith("exact | approx")
    assert set(tables["claims"]["facets"]) == {"hedge", "unit", "source"}
    assert tables["sentence_search_data"]["hidden"] is True
    conn = sqlite3.connect(ledger_db)
    for q in meta["databases"]["story"]["queries"].values():  # canned queries are valid SQL
        conn.execute(q["sql"], {"counted": "soldiers", "q": "Kursk"}).fetchall()
    assert len(meta["databases"]["story"]["queries"]) == 5
    conn.close()


def test_datasette_lists_tables_it_does_not_know(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with Ledger(db) as led:
        led.conn.execute("CREATE TABLE brand_new (a INTEGER)")
        meta = datasette_metadata(led)
    assert meta["databases"]["x"]["tables"]["brand_new"]["description"].endswith("(no description yet)")
    assert len(migrations.MIGRATIONS) >= 3


@pytest.mark.parametrize("fmt", ["claimreview", "timeline", "datasette"])
def test_text_formats_to_stdout_and_file(ledger_db: Path, tmp_path: Path, fmt: str) -> None:
    with Ledger(ledger_db, readonly=True) as led:
        text = export_extra(led, fmt, "-")
        assert text is not None and json.loads(text)
        assert export_extra(led, fmt, tmp_path / f"{fmt}.json") is None
        with pytest.raises(UsageError, match="folder"):
            export_extra(led, fmt, tmp_path)
    assert json.loads((tmp_path / f"{fmt}.json").read_text(encoding="utf-8")) == json.loads(text)


def test_unknown_format() -> None:
    assert set(EXTRA_FORMATS) == {"claimreview", "parquet", "timeline", "datasette"}
    with pytest.raises(UsageError, match="Unknown export format"):
        export_extra(None, "xml", "-")  # type: ignore[arg-type]
