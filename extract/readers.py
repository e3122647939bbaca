"""Turn the contents of article files into :class:`Article` objects.

Readers take text that ``app`` has already read from disk or the network, so this
layer stays free of I/O. Supported: plain text and Markdown (an optional leading
``date YYYY-MM-DD`` gives the publication date), HTML, and JSON Lines corpora with
one ``{"id", "date", "title"?, "url"?, "text"}`` object a line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser

from extract.article import Article, ArticleError

_DATE_LINE = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)

#: file suffix -> reader kind; anything else in a folder is skipped
ARTICLE_SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def parse_date(value: str, where: str) -> date:
    """An ISO calendar date, or a clear error naming where it came from.

    >>> parse_date("2020-06-10", "x")
    datetime.date(2020, 6, 10)
    """
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise ArticleError(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)") from exc


def read_text(doc_id: str, content: str) -> Article:
    """A plain-text or Markdown article; ``date YYYY-MM-DD`` may open it.

    >>> a = read_text("seed", " date 2020-06-10 Amazon today announced a ban.")
    >>> a.date.isoformat(), a.text
    ('2020-06-10', 'Amazon today announced a ban.')
    """
    match = _DATE_LINE.match(content)
    published = parse_date(match.group(1), doc_id) if match else None
    body = content[match.end() :] if match else content
    title = _markdown_title(body)
    return Article(id=doc_id, text=body.strip(), date=published, title=title)


def _markdown_title(body: str) -> str | None:
    r"""A leading ``# Heading``, or a headline: a short first line without final
    punctuation, standing alone as its paragraph.

    >>> _markdown_title("# Ban passes\n\nThe city...")
    'Ban passes'
    >>> _markdown_title("Ban passes\n\nThe city voted.")
    'Ban passes'
    >>> _markdown_title("The city voted. It was close.") is None
    True
    """
    first, _, rest = body.lstrip().partition("\n")
    if first.startswith("#"):
        return first.lstrip("#").strip() or None
    standalone = rest.startswith("\n") or not rest.strip()
    if (
        standalone
        and rest.strip()
        and len(first) < 200
        and not first.rstrip().endswith((".", "!", "?", '"', "”"))
    ):
        return first.strip() or None
    return None


class _HtmlText(HTMLParser):
    """Collects visible text by block, the title, and a publication date from meta tags."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr"}
    )
    _DATE_META = frozenset({"article:published_time", "date", "dc.date", "dcterms.date", "pubdate"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.published: str | None = None
        self.url: str | None = None
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and values.get("rel") == "canonical":
            self.url = values.get("href") or self.url
        elif tag == "title":
            self._in_title = True
        if tag in self._SKIP and tag != "head":
            self._skip_depth += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or "").lower()
        if key in self._DATE_META and not self.published:
            self.published = values.get("content")
        elif key == "og:url" and not self.url:
            self.url = values.get("content")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and tag != "head" and self._skip_depth:
            self._skip_depth -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def close(self) -> None:
        """End of the page: a tag left open at the very end ("<meta content=\"<script>")
        is markup cut short, not text, though HTMLParser hands it over as data."""
        self.closing = True
        super().close()

    def handle_data(self, data: str) -> None:
        if getattr(self, "closing", False) and data.lstrip().startswith("<"):
            return
        if self._in_title:
            self.title = (self.title or "") + data
        elif not self._skip_depth:
            self.parts.append(data)


def read_html(doc_id: str, content: str) -> Article:
    """An HTML page: visible text only (scripts and styles dropped), with its meta date."""
    parser = _HtmlText()
    parser.feed(content)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    published = parse_date(parser.published, doc_id) if parser.published else None
    title = parser.title.strip() if parser.title else None
    return Article(id=doc_id, text=text, date=published, title=title or None, url=parser.url)


def read_jsonl(lines: Iterable[str], source: str) -> Iterator[Article | ArticleError]:
    """Articles of a JSON Lines corpus; a broken line yields an error and reading goes on."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield read_jsonl_line(line, f"{source}:{number}")


def read_jsonl_line(line: str, where: str) -> Article | ArticleError:
    """One line of a JSON Lines corpus, or the error that says why it is not an article."""
    try:
        return article_from_json(json.loads(line), where)
    except json.JSONDecodeError as exc:
        return ArticleError(f"{where}: not valid JSON ({exc.msg})")
    except ArticleError as exc:
        return exc


def article_from_json(obj: object, where: str) -> Article:
    """One article object ``{"id", "date", "title"?, "url"?, "text"}``."""
    if not isinstance(obj, dict):
        raise ArticleError(f"{where}: expected a JSON object")
    doc_id, text = obj.get("id") or obj.get("doc"), obj.get("text")
    if not isinstance(doc_id, str | int) or not isinstance(text, str):
        raise ArticleError(f'{where}: an article needs a string "id" and a string "text"')
    raw_date = obj.get("date")
    published = parse_date(str(raw_date), where) if raw_date else None
    title, url = obj.get("title"), obj.get("url")
    try:
        return Article(
            id=str(doc_id),
            text=text.strip(),
            date=published,
            title=title if isinstance(title, str) else None,
            url=url if isinstance(url, str) else None,
        )
    except ArticleError as exc:
        raise ArticleError(f"{where}: {exc}") from exc
