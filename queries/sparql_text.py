"""Reading a SPARQL text's keywords without a full parser.

pyoxigraph parses a query only to run it, and rdflib's parser was measured at up to
185 ms a query. Two decisions need to know a query's keywords before it runs: whether
it names its own dataset (``FROM``: then the union default graph must not override it)
and whether it would make the server call another host (``SERVICE``, refused by
default). Keywords are the bare words outside IRIs, strings and comments; prefixed
names (``ex:from``) and variables (``?service``) are not keywords.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(
    r'''(?P<comment>\#[^\n]*)
      | (?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<word>[?$]?[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*)
      | (?P<other>\S)''',
    re.VERBOSE,
)


def keywords(sparql: str) -> set[str]:
    """The upper-cased bare words of a query or update.

    >>> sorted(keywords('SELECT * FROM <g> WHERE { ?from ex:service "SERVICE" } # FROM'))
    ['FROM', 'SELECT', 'WHERE']
    """
    found = set()
    for match in _TOKENS.finditer(sparql):
        word = match.group("word")
        if word and word[0] not in "?$" and ":" not in word:
            found.add(word.upper())
    return found


def names_dataset(sparql: str) -> bool:
    """Whether the query chooses its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> names_dataset("SELECT * FROM <urn:g> { ?s ?p ?o }"), names_dataset("SELECT ?from { ?from ?p 'FROM' }")
    (True, False)
    """
    return "FROM" in keywords(sparql)


def calls_out(sparql: str) -> bool:
    """Whether the text would make the server fetch from elsewhere (``SERVICE``, ``LOAD``).

    >>> calls_out("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }"), calls_out("SELECT ?service {}")
    (True, False)
    """
    return bool({"SERVICE", "LOAD"} & keywords(sparql))


def group_body(sparql: str, start: int) -> str:
    """The text of the group whose ``{`` ends just before ``start``, up to its closing brace
    (braces inside strings, IRIs and comments do not count).

    >>> text = 'WHERE { ?s ?p "}" { SELECT ?x WHERE { ?x ?y ?z } } } LIMIT 1'
    >>> group_body(text, text.index("{") + 1)
    ' ?s ?p "}" { SELECT ?x WHERE { ?x ?y ?z } } '
    """
    depth = 1
    for match in _TOKENS.finditer(sparql, start):
        symbol = match.group("other")
        if symbol == "{":
            depth += 1
        elif symbol == "}":
            depth -= 1
            if depth == 0:
                return sparql[start : match.start()]
    return sparql[start:]


def without_dataset(sparql: str) -> str:
    """The query without its ``FROM`` and ``FROM NAMED`` clauses, for when the protocol's
    ``default-graph-uri``/``named-graph-uri`` replace them (servers such as Virtuoso
    would otherwise keep the query's own).

    >>> without_dataset("SELECT * FROM <a> FROM NAMED ex:b # FROM <c>\\nWHERE { ?s ?p '<from>' }")
    "SELECT *   # FROM <c>\\nWHERE { ?s ?p '<from>' }"
    """
    cuts: list[tuple[int, int]] = []
    tokens = (m for m in _TOKENS.finditer(sparql) if not m.group("comment"))
    for match in tokens:
        if (match.group("word") or "").upper() != "FROM":
            continue
        target = next(tokens, None)
        if target is not None and (target.group("word") or "").upper() == "NAMED":
            target = next(tokens, None)
        if target is not None:
            cuts.append((match.start(), target.end()))
    for start, end in reversed(cuts):
        sparql = sparql[:start] + sparql[end:]
    return sparql
