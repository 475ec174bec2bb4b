"""Source files and folders → `Article` records.

Reads ``.txt``, ``.md`` and ``.html`` files, checks each once (exists, not
empty, not binary, UTF-8), and takes the title, date and publisher from the
text (first line, dateline, Markdown front matter) or from HTML metadata
(trafilatura). A bad file becomes a `Failure` with a one-line message; the
other files are still read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from graph.dates import normalise_date, parse_dateline
from graph.errors import InputError
from graph.records import Article, Failure

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
MAX_BYTES = 5_000_000
OnError = Literal["raise", "skip"]


def find_sources(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Expand files and folders into the document files they hold, in a stable order.

    A folder yields its ``.txt``, ``.md`` and ``.html`` files (recursively, sorted,
    hidden files skipped). A path that does not exist yields a `Failure`.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Failure(str(raw), f"{raw}: no such file or folder; check the path")
            continue
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield Failure(str(raw), f"{raw}: folder holds no .txt, .md or .html files")
            candidates: list[Path] = found
        else:
            candidates = [path]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield candidate


def decode(path: Path, data: bytes) -> str:
    """Decode file bytes as UTF-8, refusing binary data with a clear message."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not text; remove it or convert it to .txt")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: not UTF-8 (invalid byte 0x{data[e.start]:02x} at offset {e.start}); "
            "re-save the file as UTF-8"
        ) from e
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: str | Path) -> Article:
    """Read one document file into an `Article`.

    Raises:
        InputError: the file is missing, too large, empty, binary, not UTF-8,
            or not a supported type.
    """
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unsupported file type {path.suffix!r}; use .txt, .md or .html")
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file; check the path") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror}); check its permissions") from e
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: {len(data):,} bytes is over the {MAX_BYTES:,}-byte limit; split it")
    text = decode(path, data)
    if not text.strip():
        raise InputError(f"{path}: article is empty ({len(text)} characters); add text or remove the file")
    sha = hashlib.sha256(data).hexdigest()
    if kind == "html":
        return _html_article(path, text, sha)
    if kind == "md":
        return _markdown_article(path, text, sha)
    return Article(
        id=path.name, text=text, sha256=sha, path=str(path), title=_first_line(text),
        date=parse_dateline(text), format="txt",
    )


def read_articles(paths: Iterable[str | Path], *, on_error: OnError = "raise") -> Iterator[Article | Failure]:
    """Read every document under `paths`, lazily.

    Args:
        paths: files and folders.
        on_error: ``"raise"`` stops at the first bad document with `InputError`;
            ``"skip"`` yields a `Failure` for it and goes on.

    Yields:
        One `Article` per readable document (the same content read twice is
        yielded once), and `Failure`s when skipping.
    """
    hashes: set[str] = set()
    for item in find_sources(paths):
        if isinstance(item, Failure):
            if on_error == "raise":
                raise InputError(item.message)
            yield item
            continue
        try:
            article = read_article(item)
        except InputError as e:
            if on_error == "raise":
                raise
            yield Failure(str(item), str(e))
            continue
        if article.sha256 in hashes:
            continue
        hashes.add(article.sha256)
        yield article


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def _markdown_article(path: Path, text: str, sha: str) -> Article:
    """Markdown: YAML front matter (title, date, publisher) is metadata, not text."""
    meta: dict[str, object] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        import yaml

        try:
            loaded = yaml.safe_load(m[1])
        except yaml.YAMLError as e:
            raise InputError(f"{path}: front matter is not valid YAML ({e.__class__.__name__}); fix it") from e
        if isinstance(loaded, dict):
            meta = loaded
        # Blank out the front matter so offsets still index the file's text.
        text = " " * m.end() + text[m.end():]
    if not text.strip():
        raise InputError(f"{path}: article is empty (front matter only); add text or remove the file")
    date = str(meta["date"]) if meta.get("date") else None
    return Article(
        id=path.name, text=text, sha256=sha, path=str(path),
        title=str(meta.get("title") or _first_line(text) or "") or None,
        date=normalise_date(date) if date else parse_dateline(text),
        publisher=str(meta["publisher"]) if meta.get("publisher") else None, format="md",
    )


def _html_article(path: Path, html: str, sha: str) -> Article:
    """HTML: main text and metadata by trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    doc = extracted if isinstance(extracted, dict) else (extracted.as_dict() if extracted is not None else {})
    text = doc.get("text") or ""
    if not text.strip():
        raise InputError(f"{path}: no article text found in the HTML; save the article page itself")
    title = doc.get("title") or None
    date = normalise_date(doc["date"]) if doc.get("date") else parse_dateline(text)
    publisher = doc.get("sitename") or None
    return Article(
        id=path.name, text=text, sha256=sha, path=str(path), title=title, date=date,
        publisher=publisher, url=doc.get("url") or None, format="html",
    )
