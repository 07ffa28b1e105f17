"""A tiny English detector: function-word ratios over the start of the text.

claimledger's rules (hedges, attributions, dates) are English rules; run on another
language they produce confident nonsense, so such input is refused up front.  A model
would be overkill: function words are the most reliable language signal there is, and
counting them over ~2000 characters costs microseconds.  Care is taken not to refuse
short English texts, or English text dense with names and numbers (tables of results,
lists of casualties, sports results): those have few function words of any language, so a
text is only refused when it is clearly *something else* — mostly another script, or more
function words of one other language than of English.  Latin-script languages not
listed here pass; the list covers the ones news crawls mostly meet.
"""

from __future__ import annotations

import re

from claimledger.errors import NotEnglish

SAMPLE_CHARS = 2000
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are common in English and rare as words of the other languages checked
# (so no "a", "in", "die", "was", "an", "so").
ENGLISH = _words(
    """the of and to that is for on with as by at from it this be are have has had were been
    which who their they he she his her its but not or will would said after about more than
    we you our can there into when what up out if one all new year also over just some could
    these those them then other how because where while should before my your
    being do does did only any most such very many much may might must"""
)
OTHER = {
    "German": _words("der die und das ist nicht mit sich dem den des ein eine auf für auch wird sind von zu im"),
    "Spanish": _words("el los las del que por una para con se su al es lo como más pero sus le ya"),
    "French": _words("le les des est une pour dans qui pas du sur au avec ce sont aux plus par ont été"),
    "Portuguese": _words("não uma os das dos com para que em ao pelo pela mais foi são como seu sua"),
    "Italian": _words("il che della per non sono gli di una del delle con alla anche più nel"),
    "Dutch": _words("het een van niet zijn voor dat met op te ook aan er maar om dan naar"),
    "Indonesian": _words("yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada"),
    "Swedish": _words("och att det som är för på med inte av den har till ett om jag"),
    "Polish": _words("nie się jest na że jak ale po od przez oraz tak już czy dla"),
    "Turkish": _words("ve bir bu için ile da olarak daha çok gibi ama olan sonra kadar"),
    "Romanian": _words("și în este cu la pe care din nu mai fost sunt pentru despre"),
}
MIN_WORDS = 12  # below this a verdict would be a guess: accept


def english_verdict(text: str) -> str | None:
    """None when the text reads as English, else the language or script it reads as."""
    sample = text[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if letters:
        latin = sum(1 for c in letters if c < "\u0250")
        if latin / len(letters) < 0.5:
            return _script_name(letters)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    english = sum(1 for w in words if w in ENGLISH)
    best_name, best = None, 0
    for name, vocab in OTHER.items():
        hits = sum(1 for w in words if w in vocab)
        if hits > best:
            best_name, best = name, hits
    if best_name and best > english and best / len(words) > 0.08:
        return best_name
    return None


def check_english(text: str, origin: str) -> None:
    verdict = english_verdict(text)
    if verdict:
        raise NotEnglish(
            f"{origin} does not look like English text (it reads as {verdict}).",
            hint="claimledger analyses English news only; leave this file out of the input.",
        )


def _script_name(letters: list[str]) -> str:
    sample = [c for c in letters if c >= "\u0250"][:200]
    counts = {"Cyrillic": 0, "Greek": 0, "Arabic": 0, "Hebrew": 0, "CJK": 0, "Korean": 0}
    for c in sample:
        o = ord(c)
        if 0x0400 <= o <= 0x04FF:
            counts["Cyrillic"] += 1
        elif 0x0370 <= o <= 0x03FF:
            counts["Greek"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["Arabic"] += 1
        elif 0x0590 <= o <= 0x05FF:
            counts["Hebrew"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
            counts["Korean"] += 1
        elif 0x3040 <= o <= 0x9FFF:
            counts["CJK"] += 1
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return f"{name} script" if n else "a non-Latin script"
