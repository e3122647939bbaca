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
