"""Fuzzing the article files on disk: any bytes under any article suffix (gzipped or not)
read as articles or as :class:`ArticleError` naming the file; nothing else escapes."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.sources import read_articles
from extract.article import Article, ArticleError

SUFFIXES = [".txt", ".md", ".html", ".htm", ".jsonl", ".txt.gz", ".jsonl.gz", ".html.gz", ".pdf", ""]
contents = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.lists(st.text(max_size=60), max_size=5).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"date 2021-02-30\nText.", b'{"id": "a", "text": "b"}\n{', b"\x00" * 9]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), contents, st.booleans()), min_size=1, max_size=5))
def test_any_bytes_read_as_articles_or_errors(files: list[tuple[str, bytes, bool]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, (suffix, data, compress) in enumerate(files):
            path = Path(folder) / f"f{number}{suffix}"
            path.write_bytes(gzip.compress(data) if compress and suffix.endswith(".gz") else data)
            paths.append(path)
        results = list(read_articles([*paths, folder]))
    assert results, "every file named explicitly gives at least an error"
    for result in results:
        assert isinstance(result, Article | ArticleError)
        if isinstance(result, ArticleError):
            assert str(result).strip()
