"""Named SPARQL queries: one ``.rq`` file per question, with a header that documents it.

A header is a run of comment lines at the top of the file::

    # title: Restrictions in force
    # description: Restrictions, optionally those in force on a date ...
    # param: active_on date optional -- the day the restriction must be in force on

Parameter kinds are ``iri``, ``literal`` and ``date``; values are turned into RDF terms
by :mod:`queries.terms` and bound, never formatted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from queries.terms import BindingError, Term, bind, date_term, iri_term, literal_term

_CONVERTERS = {"iri": iri_term, "literal": literal_term, "date": date_term}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A documented SPARQL query from ``queries/*.rq``."""

    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def bound(self, **values: str | None) -> str:
        """The query text with the given parameter values bound as RDF terms."""
        known = {p.name: p for p in self.parameters}
        unknown = set(values) - set(known)
        if unknown:
            raise BindingError(f"{self.name}: unknown parameter(s) {sorted(unknown)}")
        terms: dict[str, Term | None] = {}
        for p in self.parameters:
            value = values.get(p.name)
            if value is None and p.required:
                raise BindingError(f"{self.name}: parameter {p.name!r} is required")
            terms[p.name] = None if value is None else _CONVERTERS[p.kind](value)
        return bind(self.text, terms)


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read a ``.rq`` file's header; a parameter line that does not parse is an error."""
    header: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        match = re.match(r"#\s*(\w+):\s*(.*)$", line)
        if not line.startswith("#"):
            break
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_parameter(name, value))
        else:
            header[key] = value.strip()
    return NamedQuery(name, header.get("title", name), header.get("description", ""), text, tuple(params))


def _parameter(query: str, spec: str) -> Parameter:
    match = re.fullmatch(r"(\w+)\s+(iri|literal|date)(\s+optional)?\s*(?:--\s*(.*))?", spec.strip())
    if not match:
        raise ValueError(f"{query}.rq: bad parameter line {spec!r}")
    name, kind, optional, description = match.groups()
    return Parameter(name, kind, not optional, (description or "").strip())


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with techkg, by file stem."""
    folder = files("queries")
    return {
        entry.name[:-3]: parse_named_query(entry.name[:-3], entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".rq")
    }


def get_query(name: str) -> NamedQuery:
    """One named query; an unknown name is a ``KeyError`` naming the known ones."""
    queries = named_queries()
    if name not in queries:
        raise KeyError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]
