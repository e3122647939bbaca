"""Where articles come from: files and folders on disk, read into :class:`Article` objects.

Folders are walked in name order; files of unknown types inside a folder are skipped,
but a file named explicitly must be readable. A broken article is reported as an
:class:`ArticleError` in the stream and the rest go on.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from extract.article import Article, ArticleError
from extract.readers import ARTICLE_SUFFIXES, read_html, read_jsonl_line, read_text

#: a single article file larger than this is refused rather than read into memory
MAX_ARTICLE_BYTES = 20_000_000


def article_files(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Every article file under ``paths``; a missing path or unknown type is an error."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _kind(p))
        elif not path.exists():
            yield ArticleError(f"{path}: no such file or directory")
        elif _kind(path) is None:
            known = ", ".join(sorted(ARTICLE_SUFFIXES))
            yield ArticleError(f"{path}: not an article file (expected one of {known}, or .gz of them)")
        else:
            yield path


def _kind(path: Path) -> str | None:
    suffixes = path.suffixes
    if suffixes and suffixes[-1].lower() == ".gz":
        suffixes = suffixes[:-1]
    return ARTICLE_SUFFIXES.get(suffixes[-1].lower()) if suffixes else None


def _doc_id(path: Path) -> str:
    name = path.name[: -len(".gz")] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """The articles in ``paths``, in order, errors in place of the ones that cannot be read."""
    for item in article_files(paths):
        if isinstance(item, ArticleError):
            yield item
            continue
        try:
            yield from _read_file(item)
        except ArticleError as exc:
            yield exc


def _read_file(path: Path) -> Iterator[Article | ArticleError]:
    kind = _kind(path)
    if kind == "jsonl":
        yield from _read_jsonl_file(path)
        return
    text = _read_text(path)
    try:
        yield read_html(_doc_id(path), text) if kind == "html" else read_text(_doc_id(path), text)
    except ArticleError as exc:  # the reader names the article; the user needs the file
        raise ArticleError(f"{path}: {exc}") from exc


def _open_text(path: Path):  # type: ignore[no-untyped-def]
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def _read_jsonl_file(path: Path) -> Iterator[Article | ArticleError]:
    """One article a line, read as it goes (the file is never held whole); a line that
    is too long, not UTF-8 or not an article is reported alone. A binary file is one error."""
    seen = False
    try:
        with _open_text(path) as handle:
            if b"\x00" in handle.peek(8192)[:8192]:
                yield ArticleError(f"{path}: looks like a binary file, not JSON Lines")
                return
            for number, raw in enumerate(bounded_lines(handle, MAX_ARTICLE_BYTES), 1):
                if raw is None:
                    seen = True
                    yield ArticleError(f"{path}:{number}: longer than {MAX_ARTICLE_BYTES} bytes; split it")
                    continue
                try:
                    line = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    seen = True
                    yield ArticleError(f"{path}:{number}: not UTF-8 text")
                    continue
                if line.strip():
                    seen = True
                    yield read_jsonl_line(line, f"{path}:{number}")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        seen = True
        yield ArticleError(f"{path}: cannot read ({exc})")
    if not seen:
        yield ArticleError(f"{path}: no articles in it (an empty file)")


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{path}: larger than {MAX_ARTICLE_BYTES} bytes; split it")
        with _open_text(path) as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ArticleError(f"{path}: cannot read ({exc})") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{path}: larger than {MAX_ARTICLE_BYTES} bytes; split it")
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{path}: looks like a binary file, not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def bounded_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary file, each read with at most ``limit + 1`` bytes in memory;
    a longer line is skipped to its end and yields ``None`` in its place.

    >>> import io
    >>> list(bounded_lines(io.BytesIO(b"ab\\ncdefgh\\nij"), 4))
    [b'ab\\n', None, b'ij']
    """
    while line := handle.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := handle.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many items :func:`read_articles` will yield, cheaply, for a progress bar: one
    a file (or unreadable path), one a line of a JSON Lines file (counted in blocks,
    never parsed; a blank line counts too, so this may run a little high)."""
    return sum(_count_lines(item) if _is_jsonl(item) else 1 for item in article_files(paths))


def _is_jsonl(item: Path | ArticleError) -> bool:
    return isinstance(item, Path) and _kind(item) == "jsonl"


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    try:
        with _open_text(path) as handle:
            while block := handle.read(1 << 20):
                lines, last = lines + block.count(b"\n"), block[-1:]
    except (OSError, EOFError, gzip.BadGzipFile):
        return max(lines, 1)
    return lines + (last != b"\n")
