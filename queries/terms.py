"""The one way a value enters SPARQL text: as an RDF term, validated and escaped.

No user input is ever formatted into a query. A value becomes a pyoxigraph term
(which validates IRIs and escapes literals) and is written in its N-Triples form;
:func:`bind` then places the terms in a ``VALUES`` block at the top of the query's
``WHERE`` clause, where the engine joins them first. (Oxigraph's ``substitutions``
argument does the same job but was measured ~800x slower on a lookup.)
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

from queries.sparql_text import group_body

XSD = "http://www.w3.org/2001/XMLSchema#"
Term = ox.NamedNode | ox.Literal


class BindingError(ValueError):
    """A parameter value that cannot be a valid RDF term."""


def iri_term(value: str) -> ox.NamedNode:
    """An IRI term; anything that is not an absolute IRI is refused.

    >>> str(iri_term("https://techkg.org/id/company-amazon"))
    '<https://techkg.org/id/company-amazon>'
    >>> iri_term("x> } ; DROP ALL ; {<y")
    Traceback (most recent call last):
    ...
    queries.terms.BindingError: not an absolute IRI: 'x> } ; DROP ALL ; {<y'
    """
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
        raise BindingError(f"not an absolute IRI: {value!r}")
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise BindingError(f"not an absolute IRI: {value!r}") from exc


def literal_term(value: str) -> ox.Literal:
    """A plain string literal, every quote and newline escaped.

    >>> str(literal_term('a "quoted" } ; DROP ALL ; {'))
    '"a \\\\"quoted\\\\" } ; DROP ALL ; {"'
    """
    return ox.Literal(str(value))


def date_term(value: date | str) -> ox.Literal:
    """An ``xsd:date`` literal; an impossible date (2021-02-30) is refused."""
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError as exc:
        raise BindingError(f"not a date (YYYY-MM-DD): {value!r}") from exc
    return ox.Literal(parsed.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def serialize(term: Term | None) -> str:
    """The SPARQL text of a term; ``None`` is ``UNDEF`` (the variable stays unbound)."""
    return "UNDEF" if term is None else str(term)


def bind(query: str, values: dict[str, Term | None]) -> str:
    """The query with ``values`` bound in a ``VALUES`` row at the top of each WHERE clause.

    >>> bind("SELECT ?s WHERE { ?s ?p ?o }", {"o": literal_term("x")})
    'SELECT ?s WHERE { VALUES (?o) { ("x") } ?s ?p ?o }'
    >>> bind("SELECT * WHERE { ?s ?p ?o { SELECT ?s WHERE { ?s a ?t } } }", {"o": literal_term("x")})
    'SELECT * WHERE { VALUES (?o) { ("x") } ?s ?p ?o { SELECT ?s WHERE { ?s a ?t } } }'
    """
    if not values:
        return query
    for name in values:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BindingError(f"bad variable name {name!r}")
    if not re.search(r"\bWHERE\s*\{", query, re.IGNORECASE):
        raise BindingError("the query has no WHERE clause to bind values in")
    # every WHERE, subqueries included: a subquery is evaluated on its own, so the values
    # must stand inside it to narrow it (outside they would only be joined afterwards).
    # A subquery gets only the variables it mentions: the others would change nothing
    # there, and Virtuoso 7.2 wrongly drops rows when a subquery binds a variable it
    # neither uses nor projects. Unset values are left out: an UNDEF changes nothing
    # either, and Virtuoso 7.2 mishandles it in subqueries too.
    outermost = True

    def with_values(match: re.Match[str]) -> str:
        nonlocal outermost
        body = group_body(query, match.end())
        used = {
            n: t for n, t in values.items() if t is not None and (outermost or re.search(rf"[?$]{n}\b", body))
        }
        outermost = False
        return match.group(0) + _values_block(used)

    return re.sub(r"\bWHERE\s*\{", with_values, query, flags=re.IGNORECASE)


def _values_block(values: dict[str, Term | None]) -> str:
    if not values:
        return ""
    names = " ".join(f"?{n}" for n in values)
    row = " ".join(serialize(t) for t in values.values())
    return f" VALUES ({names}) {{ ({row}) }}"
