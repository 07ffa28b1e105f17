"""Files and folders: ids, order, titles, encodings, bad input, sidecars and overrides."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from claimledger.errors import BinaryInput, EmptyInput, InputError, TooLarge, UnsupportedInput, UsageError
from claimledger.ingest import IngestFailure, IngestStats, MetaOverrides, iter_documents
from claimledger.models import Document

ARTICLE = (
    "Rescuers pull survivors from collapsed hotel\n"
    "At least 14 people were pulled alive from the rubble of the Grand Hotel on Tuesday, "
    "officials said, as rescuers searched through the night for dozens more who are missing.\n"
    "The regional governor said the building had been inspected in 2019 and was declared safe.\n"
)


def docs(items: list[Document | IngestFailure]) -> list[Document]:
    return [d for d in items if isinstance(d, Document)]


def failures(items: list[Document | IngestFailure]) -> list[IngestFailure]:
    return [d for d in items if isinstance(d, IngestFailure)]


def test_folder_ids_are_relative_posix_paths_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "09_b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "story" / "02_a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "01_top.txt").write_text(ARTICLE, encoding="utf-8")
    ids = [d.id for d in docs(list(iter_documents([tmp_path])))]
    assert ids == ["01_top.txt", "story/02_a.txt", "story/09_b.txt"]


def test_file_given_directly_is_named_by_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "x.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    (doc,) = docs(list(iter_documents([str(path)])))
    assert doc.id == "x.txt"
    assert doc.origin == str(path)
    assert doc.language == "en"


def test_txt_title_is_first_short_line_and_text_is_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (doc,) = docs(list(iter_documents([path])))
    assert doc.title == "Rescuers pull survivors from collapsed hotel"
    assert doc.text == ARTICLE


def test_first_line_ending_with_period_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE.split("\n", 1)[1], encoding="utf-8")
    (doc,) = docs(list(iter_documents([path])))
    assert doc.title is None


def test_crlf_and_utf8_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    (doc,) = docs(list(iter_documents([path])))
    assert doc.text == ARTICLE


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.replace("hotel", "hôtel").encode("utf-16"))
    (doc,) = docs(list(iter_documents([path])))
    assert "Grand Hôtel" not in doc.text and "collapsed hôtel" in doc.text


def test_cp1252_is_decoded_with_curly_quotes(tmp_path: Path) -> None:
    text = ARTICLE + "“It’s a miracle,” said one rescuer, who gave her name as Zoë.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("cp1252"))
    (doc,) = docs(list(iter_documents([path])))
    assert "“It’s a miracle,”" in doc.text
    assert "Zoë" in doc.text


def test_gzip_variants(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    (tmp_path / "b.gz").write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    found = docs(list(iter_documents([tmp_path])))
    assert [d.id for d in found] == ["a.txt.gz", "b.gz"]
    assert all(d.text == ARTICLE for d in found)


def test_truncated_gzip_is_a_failure_that_says_so(tmp_path: Path) -> None:
    data = gzip.compress((ARTICLE * 50).encode("utf-8"))
    path = tmp_path / "a.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    (fail,) = failures(list(iter_documents([path])))
    assert "truncated" in str(fail) and "a.txt.gz" in str(fail)


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", EmptyInput),
        ("blank.txt", b"  \n\t\n", EmptyInput),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(200), BinaryInput),
        ("report.txt", b"%PDF-1.7\n" + bytes(100), BinaryInput),
        ("nul.txt", b"abc\x00def" * 20, BinaryInput),
        ("notes.docx", b"PK\x03\x04", UnsupportedInput),
    ],
)
def test_bad_files_become_failures_naming_the_file(tmp_path: Path, name: str, data: bytes, error: type) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (fail,) = failures(list(iter_documents([path])))
    assert isinstance(fail.error, error)
    assert name in str(fail)
    assert fail.error.hint  # every message says what to do


def test_a_bad_file_does_not_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert len(failures(items)) == 1 and [d.id for d in docs(items)] == ["b.txt"]


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    (fail,) = failures(list(iter_documents([path], max_bytes=100)))
    assert isinstance(fail.error, TooLarge)


def test_unsupported_files_in_folders_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    stats = IngestStats()
    items = list(iter_documents([tmp_path], stats=stats))
    assert [d.id for d in docs(items)] == ["a.txt"] and not failures(items)
    assert stats.skipped_unsupported == 2
    assert stats.skipped_message() == "skipped 2 files with unsupported extensions (notes.pdf, photo.png)"
    assert stats.documents == 1


def test_missing_path_is_a_failure(tmp_path: Path) -> None:
    (fail,) = failures(list(iter_documents([tmp_path / "nope.txt"])))
    assert isinstance(fail.error, InputError) and "does not exist" in str(fail)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    assert [d.id for d in docs(list(iter_documents([tmp_path])))] == ["a/x.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_looping_and_dangling_links_are_failures_naming_the_file(tmp_path: Path) -> None:
    """Path.is_file() is False for both: they must be reported, not skipped without a word."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("self.txt", tmp_path / "self.txt")
    os.symlink("ping.txt", tmp_path / "pong.txt")
    os.symlink("pong.txt", tmp_path / "ping.txt")
    os.symlink("gone.txt", tmp_path / "broken.txt")
    os.symlink("a.txt", tmp_path / "alias.txt")
    os.symlink("gone.png", tmp_path / "photo.png")  # not an article name: counted as skipped
    stats = IngestStats()
    items = list(iter_documents([tmp_path], stats=stats))
    assert [d.id for d in docs(items)] == ["a.txt", "alias.txt"]
    reasons = {Path(f.origin).name: str(f) for f in failures(items)}
    assert sorted(reasons) == ["broken.txt", "ping.txt", "pong.txt", "self.txt"]
    assert "loops" in reasons["self.txt"] and str(tmp_path / "self.txt") in reasons["self.txt"]
    assert "loops" in reasons["ping.txt"]
    assert "broken symbolic link" in reasons["broken.txt"] and "gone.txt" in reasons["broken.txt"]
    assert stats.skipped_examples == ["photo.png"]
    (given,) = failures(list(iter_documents([tmp_path / "self.txt"])))
    assert "loops" in str(given)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "feed.txt")
    (fail,) = failures(list(iter_documents([tmp_path])))
    assert "named pipe" in str(fail) and fail.origin == str(tmp_path / "feed.txt")


@pytest.mark.skipif(os.name != "posix", reason="needs byte file names")
def test_file_name_that_is_not_utf8_gives_an_encodable_id(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as fh:
        fh.write(ARTICLE.encode())
    with open(os.path.join(folder, b"empty\xff.txt"), "wb"):
        pass
    items = list(iter_documents([tmp_path]))
    (doc,) = docs(items)
    (fail,) = failures(items)
    assert doc.id == "caf\ufffd.txt" and doc.origin.endswith("caf\ufffd.txt")
    assert doc.text == ARTICLE
    assert fail.origin.endswith("empty\ufffd.txt") and "empty\ufffd.txt is empty" in str(fail)
    for value in (doc.id, doc.origin, fail.origin, str(fail)):
        value.encode("utf-8")


def test_size_limit_message_names_the_limit_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    (fail,) = failures(list(iter_documents([path], max_bytes=2_500_000 // 1000)))
    assert "(2,500 bytes)" in str(fail) and "--max-mb" in str(fail)
    path.write_bytes(b"x" * 1_500_001)
    (fail,) = failures(list(iter_documents([path], max_bytes=1_500_000)))
    assert "over the size limit (1.5 MB)" in str(fail)


def test_stdin_text_and_html_are_sniffed() -> None:
    (doc,) = docs(list(iter_documents(["-"], stdin=io.BytesIO(ARTICLE.encode()))))
    assert doc.id == "stdin" and doc.format == "txt" and doc.text == ARTICLE
    html = "<html><head><title>Hotel collapse</title></head><body><article>" + "".join(
        f"<p>{line}</p>" for line in ARTICLE.splitlines()[1:]) + "</article></body></html>"
    (doc,) = docs(list(iter_documents(["-"], stdin=io.BytesIO(html.encode()))))
    assert doc.format == "html" and "At least 14 people" in doc.text and "<p>" not in doc.text


def test_sidecar_meta_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text(
        '{"id": "a.txt", "outlet": "Daily Post", "published": "Nov 14, 2024", "author": "A. Writer"}\n'
        '{"file": "b.txt", "title": "Sidecar title", "url": "https://example.org/b"}\n', encoding="utf-8")
    found = {d.id: d for d in docs(list(iter_documents([tmp_path])))}
    assert set(found) == {"a.txt", "b.txt"}  # the sidecar itself is not a document
    assert (found["a.txt"].outlet, found["a.txt"].published, found["a.txt"].author) == ("Daily Post", "2024-11-14", "A. Writer")
    assert found["b.txt"].title == "Sidecar title" and found["b.txt"].url == "https://example.org/b"
    over = MetaOverrides(outlet="Wire Service", published="2024-11-20")
    found = {d.id: d for d in docs(list(iter_documents([tmp_path], overrides=over)))}
    assert {d.outlet for d in found.values()} == {"Wire Service"}
    assert {d.published for d in found.values()} == {"2024-11-20"}
    assert found["a.txt"].author == "A. Writer"  # what the override does not set stays


def test_bad_sidecar_line_is_reported_and_the_rest_applies(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text('{not json\n{"id": "a.txt", "outlet": "X"}\n', encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    (fail,) = failures(items)
    assert "meta.jsonl line 1" in str(fail)
    assert docs(items)[0].outlet == "X"


def test_bad_override_date_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        MetaOverrides(published="next tuesday-ish")


def test_non_english_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text("Die Regierung hat am Dienstag beschlossen, dass die Schulen in der ganzen Region "
                    "bis auf Weiteres geschlossen bleiben, weil das Wasser nicht sinkt und die Straßen "
                    "überflutet sind. Das ist eine schwere Entscheidung für die Familien.", encoding="utf-8")
    (fail,) = failures(list(iter_documents([path])))
    assert "de.txt" in str(fail) and "German" in str(fail)
    (doc,) = docs(list(iter_documents([path], require_english=False)))
    assert doc.language == "German"  # kept, labelled; the pipeline stores it unextracted


def test_repeated_ids_get_a_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    ids = [d.id for d in docs(list(iter_documents([tmp_path / "a.txt", tmp_path / "a.txt"])))]
    assert ids == ["a.txt", "a.txt#2"]
