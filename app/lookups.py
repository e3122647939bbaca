"""Questions the REST routes and the CLI ask of the store, answered from named queries.

Each function binds its parameters as RDF terms into a ``queries/*.rq`` file, runs it
on the store and shapes the rows into plain dicts; nothing here knows about HTTP.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from app.store import GraphStore, OxigraphStore
from ontology.namespaces import ENTITY_BASE, ENTITY_TYPES, RELATIONS, TK
from queries.loader import get_query

_CLASS_RELATION = {str(cls): name for name, (cls, _, _) in RELATIONS.items()}
_FIELD_NAMES = {str(TK[f]): f for f in ("vendor", "customer", "user", "technology", "category",
                                        "authority", "scope", "exempt", "purpose", "startDate",
                                        "endDate", "duration", "restrictionKind")}  # fmt: skip
_RENAME = {"startDate": "start", "endDate": "end", "restrictionKind": "kind"}
_TYPE_NAMES = {str(iri): name for name, iri in ENTITY_TYPES.items()}


class NotFound(LookupError):
    """No such entity or article."""


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return term.value
    return term.value if hasattr(term, "value") else str(term)


def named_rows(store: GraphStore, name: str, **params: str | None) -> list[dict[str, Any]]:
    """Run a named query with bound parameters; rows as dicts of plain values."""
    solutions = store.query(get_query(name).bound(**params))
    variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [{v: _value(row[v]) for v in variables} for row in solutions]  # type: ignore[union-attr]


def entity_ref(iri: str, label: str | None, type_iri: str | None) -> dict[str, Any]:
    """The short form of an entity that other answers point to; without a type IRI the
    type is read from the id, which begins with it.

    >>> entity_ref("https://techkg.org/id/company-amazon", "Amazon", None)
    {'id': 'company-amazon', 'name': 'Amazon', 'type': 'Company'}
    """
    entity_id = iri.removeprefix(ENTITY_BASE)
    type_name = _TYPE_NAMES.get(type_iri or "") or next(
        (name for name in ENTITY_TYPES if entity_id.startswith(name.lower() + "-")), None
    )
    return {"id": entity_id, "name": label, "type": type_name}


def search_entities(
    store: GraphStore, q: str, type_name: str | None, limit: int, offset: int = 0
) -> list[dict]:
    """Entities whose name or an alias contains ``q``, best matches first."""
    type_iri = str(ENTITY_TYPES[type_name]) if type_name else None
    # the embedded store gets the query shaped for its union default graph (see the .rq files)
    query = "entity_search_oxigraph" if isinstance(store, OxigraphStore) else "entity_search"
    rows = named_rows(store, query, q=q, type=type_iri)
    found = [entity_ref(r["entity"], r["label"], r["type"]) for r in rows if r["type"] in _TYPE_NAMES]
    return found[offset : offset + limit]


def _check_id(entity_id: str) -> None:
    """Ids are slugs; anything else cannot name an entity (and never reaches a query)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", entity_id):
        raise NotFound(f"no entity with id {entity_id!r} (ids are lower-case words joined by '-')")


def entity(store: GraphStore, entity_id: str) -> dict[str, Any]:
    """One entity with every relationship it takes part in; :class:`NotFound` if unknown."""
    _check_id(entity_id)
    iri = ENTITY_BASE + entity_id
    rows = named_rows(store, "entity", entity=iri)
    if not rows:
        raise NotFound(f"no entity with id {entity_id!r}")
    types = sorted({_TYPE_NAMES[r["type"]] for r in rows if r["type"] in _TYPE_NAMES})
    labels = sorted({r["label"] for r in rows if r["label"]})
    relationships = entity_relationships(store, iri)
    groups: dict[tuple[str, str], int] = {}
    for r in relationships:
        groups[(r["relation"], r["direction"])] = groups.get((r["relation"], r["direction"]), 0) + 1
    return {
        "id": entity_id,
        "iri": iri,
        "name": labels[0] if labels else entity_id,
        "type": types[0] if types else None,
        "types": types,
        "labels": labels,
        "aliases": sorted({r["alias"] for r in rows if r["alias"]}),
        "same_as": sorted({r["sameAs"] for r in rows if r["sameAs"]}),
        "groups": [{"relation": rel, "direction": d, "count": n} for (rel, d), n in groups.items()],
        "relationships": relationships,
        "count": len(relationships),
    }


def entity_rdf(store: GraphStore, entity_id: str) -> list[ox.Triple]:
    """The statements about an entity and its facts; :class:`NotFound` if there are none."""
    _check_id(entity_id)
    triples = list(store.query(get_query("entity_graph").bound(entity=ENTITY_BASE + entity_id)))  # type: ignore[arg-type]
    if not triples:
        raise NotFound(f"no entity with id {entity_id!r}")
    return triples


def timeline(store: GraphStore, entity_id: str) -> list[dict[str, Any]]:
    """An entity's facts in time order: by their start date, else the reporting article's date."""
    rows = entity(store, entity_id)["relationships"]
    dated = [{"date": r.get("start") or r["article"]["date"], **r} for r in rows]
    return sorted(dated, key=lambda r: (r["date"] is None, r["date"] or "", r["relation"]))


def entity_relationships(store: GraphStore, iri: str) -> list[dict[str, Any]]:
    """Every fact the entity takes part in, with its role, direction and counterpart."""
    facts: dict[str, dict[str, Any]] = {}
    for row in named_rows(store, "entity_facts", entity=iri):
        fact = facts.setdefault(row["fact"], _new_fact(row))
        role = _FIELD_NAMES.get(row["role"])
        if role:
            fact["roles"].add(_RENAME.get(role, role))
        field = _FIELD_NAMES.get(row["field"])
        if field is not None:
            _set_field(fact, _RENAME.get(field, field), row)
    return sorted((_finish(f, iri) for f in facts.values()), key=_order)


def _new_fact(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "fact": row["fact"],
        "relation": _CLASS_RELATION.get(row["class"]),
        "roles": set(),
        "confidence": float(row["confidence"]),
        "evidence": row["evidence"],
        "article": {
            "id": row["articleId"],
            "iri": row["article"],
            "title": row["title"],
            "date": row["published"],
            "url": row["url"],
        },
        "fields": defaultdict(list),
    }


def _set_field(fact: dict[str, Any], name: str, row: dict[str, Any]) -> None:
    value = row["value"]
    if name == "kind":
        value = str(value).rsplit("/", 1)[-1]
    elif row["valueLabel"] is not None:
        value = entity_ref(value, row["valueLabel"], row["valueType"])
    if value not in fact["fields"][name]:
        fact["fields"][name].append(value)


def _finish(fact: dict[str, Any], iri: str) -> dict[str, Any]:
    relation = fact["relation"]
    source_field, target_field = RELATIONS[relation][2]
    fields = {k: (v if k == "exempt" else v[0]) for k, v in fact.pop("fields").items()}
    roles = sorted(fact.pop("roles"))
    source, target = fields.get(source_field), fields.get(target_field)
    outgoing = isinstance(source, dict) and ENTITY_BASE + source["id"] == iri
    counterpart = target if outgoing else source
    return {
        "relation": relation,
        "direction": "out" if outgoing else "in",
        "role": roles[0] if len(roles) == 1 else roles,
        "counterpart": counterpart,
        **fields,
        **fact,
    }


def _order(fact: dict[str, Any]) -> tuple:
    return (list(RELATIONS).index(fact["relation"]), fact["direction"], str(fact["counterpart"]))


def restrictions(
    store: GraphStore, active_on: str | None, technology: str | None, authority: str | None
) -> list[dict[str, Any]]:
    """Restrictions, optionally in force on a day, of a technology or by an authority
    (both given as entity ids)."""
    rows = named_rows(
        store,
        "restrictions",
        active_on=active_on,
        technology=ENTITY_BASE + technology if technology else None,
        authority=ENTITY_BASE + authority if authority else None,
    )
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        item = found.setdefault(r["restriction"], _restriction(r))
        if r["exempt"] and r["exemptLabel"]:
            ref = entity_ref(r["exempt"], r["exemptLabel"], None)
            if ref not in item["exempt"]:
                item["exempt"].append(ref)
    return list(found.values())


def _restriction(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "fact": r["restriction"],
        "authority": entity_ref(r["authority"], r["authorityLabel"], None),
        "kind": r["kind"],
        "technology": entity_ref(r["technology"], r["technologyLabel"], None),
        "scope": entity_ref(r["scope"], r["scopeLabel"], None) if r["scope"] else None,
        "start": r["start"],
        "duration": r["duration"],
        "end": r["end"],
        "exempt": [],
        "confidence": float(r["confidence"]),
        "evidence": r["evidence"],
        "article": {"id": r["articleId"], "iri": r["article"], "date": r["published"]},
    }
