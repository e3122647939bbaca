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
from collections.abc import Iterator

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


#: words that end the plain triple patterns at the start of a group
_PATTERN_ENDS = {"OPTIONAL", "MINUS", "UNION", "BIND", "VALUES", "GRAPH", "SERVICE", "FILTER"}


def values_last(sparql: str) -> str:
    """The query with its leading one-row ``VALUES`` (as :func:`queries.terms.bind` writes
    it) moved to the end of the outermost group, for each variable the group's first
    triple patterns bind anyway: there the move changes no answer, and Virtuoso 7.2's
    optimizer loses rows when such a value stands first (restrictions by authority).

    >>> values_last('SELECT * WHERE { VALUES (?a ?d) { (<x> "1"^^<t>) } ?s <p> ?a OPTIONAL { ?s <q> ?d } }')
    'SELECT * WHERE { VALUES (?d) { ("1"^^<t>) } ?s <p> ?a OPTIONAL { ?s <q> ?d }  VALUES (?a) { (<x>) } }'
    """
    head = re.search(r"\bWHERE\s*\{\s*VALUES\s*\(", sparql, re.IGNORECASE)
    if head is None:
        return sparql
    tokens = _TOKENS.finditer(sparql, head.end())
    names = [m.group(0) for m in _until(tokens, ")")]
    opening = [next(tokens, None), next(tokens, None)]
    if [m.group(0) if m else None for m in opening] != ["{", "("]:
        return sparql
    row = _terms(sparql, list(_until(tokens, ")")))
    closing = next(tokens, None)
    if closing is None or closing.group(0) != "}" or len(row) != len(names):
        return sparql
    bound = _leading_pattern_variables(sparql, closing.end())
    move = [i for i, name in enumerate(names) if name in bound]
    if not move:
        return sparql
    group_start = sparql.index("{", head.start()) + 1
    group_end = group_start + len(group_body(sparql, group_start))
    stay = [i for i in range(len(names)) if i not in move]
    first, last = _values(names, row, stay), _values(names, row, move)
    body = sparql[closing.end() : group_end]
    for i in move:  # a subquery that projects a moved variable is narrowed by the join
        body = _drop_projected_values(body, names[i], row[i])
    return sparql[:group_start] + first + body + last + " " + sparql[group_end:]


def _drop_projected_values(body: str, name: str, term: str) -> str:
    """``body`` without the one-value ``VALUES`` of ``name`` in subqueries that project it.

    >>> _drop_projected_values("{ SELECT ?a ?l WHERE { VALUES (?a) { (<x>) } ?a <p> ?l } }", "?a", "<x>")
    '{ SELECT ?a ?l WHERE { ?a <p> ?l } }'
    """
    block = f"VALUES ({name}) {{ ({term}) }} "
    pieces = body.split(block)
    kept = [pieces[0]]
    for piece in pieces[1:]:
        select = kept[-1].upper().rfind("SELECT")
        projection = kept[-1][select + 6 : kept[-1].upper().rfind("WHERE")] if select >= 0 else ""
        projected = "(" not in projection and name in projection.split()
        kept.append(piece if projected else block + piece)
    return "".join(kept)


def _until(tokens: Iterator[re.Match[str]], closing: str) -> Iterator[re.Match[str]]:
    """Tokens up to a closing symbol, which is consumed."""
    for match in tokens:
        if match.group("other") == closing:
            return
        yield match


def _terms(sparql: str, tokens: list[re.Match[str]]) -> list[str]:
    """RDF terms from their tokens: a literal's ``^^<type>`` or ``@lang`` stays with it."""
    spans: list[list[int]] = []
    for previous, match in zip([None, *tokens], tokens, strict=False):
        attached = match.group(0) in ("^", "@") or (previous is not None and previous.group(0) in ("^", "@"))
        if attached and spans:
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    return [sparql[a:b] for a, b in spans]


def _leading_pattern_variables(sparql: str, start: int) -> set[str]:
    found = set()
    for match in _TOKENS.finditer(sparql, start):
        word, symbol = match.group("word") or "", match.group("other")
        if word.upper() in _PATTERN_ENDS or symbol in ("{", "}"):
            break
        if word[:1] in "?$" and word:
            found.add("?" + word[1:])
    return found


def _values(names: list[str], row: list[str], keep: list[int]) -> str:
    if not keep:
        return ""
    return f" VALUES ({' '.join(names[i] for i in keep)}) {{ ({' '.join(row[i] for i in keep)}) }}"
