"""Reading documents: formats, metadata, and one-line errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError
from graph.ingest import read_article, read_articles
from graph.records import Article, Failure

INPUTS = Path(__file__).parent / "data" / "inputs"


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "empty.txt: article is empty (0 characters); add text or remove the file"),
    ("binary.txt", "binary.txt: binary file, not text; remove it or convert it to .txt"),
    ("latin1.txt", "latin1.txt: not UTF-8 (invalid byte 0xe9 at offset 3); re-save the file as UTF-8"),
    ("missing.txt", "missing.txt: no such file; check the path"),
])
def test_ingest_bad_file_is_one_line_error(name: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_article(INPUTS / name)
    assert str(err.value) == f"{INPUTS / name}: {message.split(': ', 1)[1]}"
    assert "\n" not in str(err.value)


def test_ingest_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'; use \.txt, \.md or \.html"):
        read_article(path)


def test_ingest_skip_keeps_the_good_documents() -> None:
    items = list(read_articles([INPUTS, INPUTS / "nowhere.txt"], on_error="skip"))
    good = sorted(a.id for a in items if isinstance(a, Article))
    bad = sorted(Path(f.path).name for f in items if isinstance(f, Failure))
    assert good == ["article.html", "article.md", "good.txt"]
    assert bad == ["binary.txt", "empty.txt", "latin1.txt", "nowhere.txt"]


def test_ingest_raise_stops_at_first_bad_document() -> None:
    with pytest.raises(InputError, match="binary.txt: binary file"):
        list(read_articles([INPUTS], on_error="raise"))


def test_ingest_txt_title_and_dateline() -> None:
    article = read_article(INPUTS / "good.txt")
    assert (article.id, article.title, article.date, article.format) == (
        "good.txt", "China trains Pacific police", "2024-03-03", "txt")


def test_ingest_markdown_front_matter_is_metadata_not_text() -> None:
    article = read_article(INPUTS / "article.md")
    assert (article.title, article.date, article.publisher) == (
        "Vanuatu and China sign policing memorandum", "2025-09-23", "Pacific Daily")
    assert "title:" not in article.text
    raw = (INPUTS / "article.md").read_text(encoding="utf-8")
    assert len(article.text) == len(raw)  # offsets still index the file


def test_ingest_html_main_text_and_metadata() -> None:
    article = read_article(INPUTS / "article.html")
    assert article.title == "Thailand cancels joint patrol plan"
    assert article.date == "2023-11-20"
    assert article.publisher == "Example News"
    assert "Thailand cancelled a plan to conduct joint patrols" in article.text
    assert "Home | World" not in article.text and "Copyright" not in article.text


def test_ingest_same_content_twice_is_read_once(tmp_path: Path) -> None:
    text = (INPUTS / "good.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "b.txt").write_bytes(text)
    ids = [a.id for a in read_articles([tmp_path, tmp_path / "a.txt"]) if isinstance(a, Article)]
    assert ids == ["a.txt"]


def test_ingest_folder_without_documents(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"x")
    items = list(read_articles([tmp_path], on_error="skip"))
    assert [i.message for i in items if isinstance(i, Failure)] == [
        f"{tmp_path}: folder holds no .txt, .md or .html files"]
