"""Paths, rankings and components over a small hand-made graph, and the selections of
``queries/graph_view.py`` (technology, entity type, fact filter) they and the exports use.

The graph has what these algorithms get wrong: two articles stating the same offer
(parallel edges), a supply whose technology is only an attribute, a product two levels
below a kind of technology, an entity with no facts, and two equally short paths.
"""

from __future__ import annotations

import networkx as nx
import pytest

from queries.graph_algorithms import (
    describe_path,
    most_connected,
    shortest_paths,
    technology_components,
)
from queries.graph_view import build_graph, facts_about, keep_facts, technology_scope, touching_type

FACT = "https://techkg.org/fact/"
ARTICLE = "https://techkg.org/article/"

TYPES = {
    "company-amazon": "Company",
    "company-clearview": "Company",
    "company-ibm": "Company",
    "company-axon": "Company",
    "product-rekognition": "Product",
    "technology-fr": "Technology",
    "technology-ai": "Technology",
    "technology-body-camera": "Technology",
    "technology-drone": "Technology",
    "sector-police": "Sector",
    "lea-pd": "LawEnforcementAgency",
    "lea-idle": "LawEnforcementAgency",
    "place-sf": "Place",
    "person-x": "Person",
}

# (fact, source, relation, target, extra attributes)
EDGES = [
    ("f1", "company-amazon", "offers", "technology-fr", {}),
    ("f2", "company-amazon", "offers", "technology-fr", {"article": ARTICLE + "a2"}),
    ("f3", "product-rekognition", "category", "technology-fr", {}),
    ("f4", "company-amazon", "restricts", "product-rekognition", {"kind": "pause", "start": "2020-06-10"}),
    ("f5", "company-amazon", "supplies", "lea-pd", {"technology": "product-rekognition"}),
    ("f6", "lea-pd", "uses", "product-rekognition", {}),
    ("f7", "company-clearview", "offers", "technology-fr", {}),
    ("f8", "company-clearview", "supplies", "sector-police", {"technology": "technology-fr"}),
    ("f9", "company-clearview", "supplies", "lea-pd", {"technology": "technology-fr"}),
    ("f10", "place-sf", "restricts", "technology-fr", {"kind": "ban"}),
    ("f11", "company-ibm", "offers", "technology-fr", {}),
    ("f12", "company-ibm", "restricts", "technology-fr", {"kind": "discontinuation"}),
    ("f13", "company-axon", "offers", "technology-body-camera", {}),
    ("f14", "company-axon", "supplies", "lea-pd", {"technology": "technology-body-camera"}),
    ("f15", "technology-fr", "category", "technology-ai", {}),
    ("f16", "lea-pd", "uses", "technology-body-camera", {"start": "2023-01-01"}),
]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    nodes = [{"id": n, "label": n.split("-", 1)[1].title(), "type": t} for n, t in TYPES.items()]
    edges = [
        {
            "fact": FACT + fact,
            "source": source,
            "relation": relation,
            "target": target,
            "confidence": "0.9",
            "evidence": f"sentence of {fact}",
            "article": ARTICLE + "a1",
            **extra,
        }
        for fact, source, relation, target, extra in EDGES
    ]
    return build_graph(nodes, edges)


def facts(view: nx.MultiDiGraph) -> set[str]:
    """The short fact names of a graph's edges."""
    return {data["fact"].removeprefix(FACT) for _, _, data in view.edges(data=True)}


# --- paths ----------------------------------------------------------------------------


def test_paths_ignore_direction(graph: nx.MultiDiGraph) -> None:
    # San Francisco restricts facial recognition, which Clearview offers: the second
    # hop runs against its edge and still links the two.
    assert shortest_paths(graph, "place-sf", "company-clearview") == [
        ["place-sf", "technology-fr", "company-clearview"]
    ]


def test_every_equally_short_path_is_found_and_the_limit_holds(graph: nx.MultiDiGraph) -> None:
    both = shortest_paths(graph, "company-amazon", "sector-police")
    assert both == [
        ["company-amazon", "lea-pd", "company-clearview", "sector-police"],
        ["company-amazon", "technology-fr", "company-clearview", "sector-police"],
    ]
    assert len(shortest_paths(graph, "company-amazon", "sector-police", limit=1)) == 1


def test_no_path_is_empty_and_unknown_ids_are_key_errors(graph: nx.MultiDiGraph) -> None:
    assert shortest_paths(graph, "person-x", "company-amazon") == []
    assert shortest_paths(graph, "person-x", "person-x") == [["person-x"]]
    with pytest.raises(KeyError):
        shortest_paths(graph, "company-amazon", "company-nobody")


def test_a_hop_carries_every_fact_between_its_ends(graph: nx.MultiDiGraph) -> None:
    path = describe_path(graph, ["place-sf", "technology-fr", "company-amazon"])
    assert path["length"] == 2
    assert [e["id"] for e in path["entities"]] == ["place-sf", "technology-fr", "company-amazon"]
    assert path["entities"][0] == {"id": "place-sf", "name": "Sf", "type": "Place"}
    first, second = path["hops"]
    assert [f["kind"] for f in first["facts"]] == ["ban"]
    assert (second["from"], second["to"]) == ("technology-fr", "company-amazon")
    # both articles' offers, each pointing the way the fact does, not the way the hop goes
    assert {f["fact"].removeprefix(FACT) for f in second["facts"]} == {"f1", "f2"}
    assert {(f["source"], f["target"]) for f in second["facts"]} == {("company-amazon", "technology-fr")}
    assert {f["article"]["id"] for f in second["facts"]} == {"a1", "a2"}
    assert all(f["evidence"] and f["confidence"] == 0.9 and "label" not in f for f in second["facts"])


# --- most connected -------------------------------------------------------------------


def test_vendors_ranked_by_distinct_counterparts(graph: nx.MultiDiGraph) -> None:
    ranked = most_connected(graph, "vendor")
    assert [(r["id"], r["connections"], r["facts"]) for r in ranked] == [
        ("company-clearview", 3, 3),  # facial recognition, police, the police department
        ("company-amazon", 2, 3),  # two articles' offers count once as a connection
        ("company-axon", 2, 2),
        ("company-ibm", 1, 1),  # its restriction is not a vendor's fact
    ]
    assert ranked[0]["relations"] == {"offers": 1, "supplies": 2}
    assert ranked[0]["name"] == "Clearview" and ranked[0]["type"] == "Company"
    top_two = most_connected(graph, "vendor", limit=2)
    assert [r["id"] for r in top_two] == ["company-clearview", "company-amazon"]


def test_customers_count_suppliers_and_technologies_used(graph: nx.MultiDiGraph) -> None:
    ranked = most_connected(graph, "customer")
    assert ranked[0]["id"] == "lea-pd"
    assert ranked[0]["connections"] == 5  # Amazon, Clearview, Axon; Rekognition, body cameras
    assert ranked[0]["relations"] == {"supplies": 3, "uses": 2}
    assert [r["id"] for r in ranked] == ["lea-pd", "sector-police"]
    with pytest.raises(ValueError, match="vendor, customer"):
        most_connected(graph, "reseller")


# --- components -----------------------------------------------------------------------


def test_components_around_a_technology_leave_the_technology_out(graph: nx.MultiDiGraph) -> None:
    groups = technology_components(graph, "technology-fr")
    members = [[e["id"] for e in g["entities"]] for g in groups]
    assert members == [
        ["company-amazon", "company-clearview", "lea-pd", "product-rekognition", "sector-police"],
        ["company-ibm"],
        ["place-sf"],
        ["technology-ai"],  # facial recognition is a kind of AI: a fact about it
    ]
    assert [g["size"] for g in groups] == [5, 1, 1, 1]
    # the body cameras Axon supplies to the same police department (f14) are another story
    assert {f["fact"].removeprefix(FACT) for f in groups[0]["facts"]} == {
        "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9",
    }  # fmt: skip
    assert {f["kind"] for f in groups[1]["facts"] if f["relation"] == "restricts"} == {"discontinuation"}
    with pytest.raises(KeyError):
        technology_components(graph, "technology-nothing")


# --- selections (queries/graph_view.py) ------------------------------------------------


def test_technology_scope_reaches_products_through_sub_kinds(graph: nx.MultiDiGraph) -> None:
    below_ai = {"technology-ai", "technology-fr", "product-rekognition"}
    assert technology_scope(graph, "technology-ai") == below_ai
    assert technology_scope(graph, "product-rekognition") == {"product-rekognition"}
    with pytest.raises(KeyError):
        technology_scope(graph, "technology-nothing")


def test_facts_about_a_technology(graph: nx.MultiDiGraph) -> None:
    about = facts_about(graph, "technology-body-camera")
    assert facts(about) == {"f13", "f14", "f16"}  # f14 names it only as what was supplied
    assert set(about) == {"company-axon", "lea-pd", "technology-body-camera"}
    assert about.nodes["lea-pd"]["type"] == "LawEnforcementAgency"
    lonely = facts_about(graph, "technology-drone")
    assert list(lonely) == ["technology-drone"] and lonely.number_of_edges() == 0


def test_touching_a_type_keeps_both_sides_and_idle_entities(graph: nx.MultiDiGraph) -> None:
    police = touching_type(graph, "LawEnforcementAgency")
    assert facts(police) == {"f5", "f6", "f9", "f14", "f16"}
    assert {"lea-idle", "company-axon", "product-rekognition"} <= set(police)
    assert "place-sf" not in police


def test_keep_facts_drops_edges_not_entities(graph: nx.MultiDiGraph) -> None:
    kept = keep_facts(graph, lambda data: data["relation"] != "restricts")
    assert facts(kept) == facts(graph) - {"f4", "f10", "f12"}
    assert set(kept) == set(graph)
    assert graph.number_of_edges() == len(EDGES)  # the original is untouched
