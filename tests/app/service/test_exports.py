"""Exports over HTTP, read back by parsers that are not ours."""

from __future__ import annotations

import csv
import io
import json

import httpx
import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from queries.exports import EXPORTS


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_graph_exports_load_in_networkx(http: httpx.Client, name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    response = http.get("/export", params={"format": name})
    assert response.status_code == 200
    path = tmp_path / f"graph.{name}"
    path.write_bytes(response.content)
    graph = nx.read_graphml(path) if name == "graphml" else nx.read_gexf(path)
    assert graph.number_of_nodes() > 20 and graph.number_of_edges() > 20
    for _, data in graph.nodes(data=True):
        assert data.get("type") and data.get("label")
    relations = {data.get("relation") for _, _, data in graph.edges(data=True)}
    assert {"offers", "restricts", "supplies"} <= relations


def test_every_format_downloads_with_its_media_type(http: httpx.Client) -> None:
    for name, fmt in EXPORTS.items():
        response = http.get("/export", params={"format": name})
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith(fmt.media_type), name
        assert response.content, name


def test_neighbourhood_export(http: httpx.Client) -> None:
    whole = json.loads(http.get("/export", params={"format": "d3"}).content)
    near = json.loads(http.get("/export", params={"format": "d3", "entity": "company-clearview-ai"}).content)
    assert 1 < len(near["nodes"]) < len(whole["nodes"])
    assert "company-clearview-ai" in {n["id"] for n in near["nodes"]}


def test_rdf_and_csv_exports_parse(http: httpx.Client) -> None:
    turtle = Graph().parse(data=http.get("/export", params={"format": "turtle"}).text, format="turtle")
    assert len(turtle) > 100
    quads = Dataset().parse(data=http.get("/export", params={"format": "nquads"}).text, format="nquads")
    assert len(list(quads.graphs())) > 5
    rows = list(csv.DictReader(io.StringIO(http.get("/export", params={"format": "csv"}).text)))
    assert rows and {"user", "technology", "vendor"} <= set(rows[0])


def test_unknown_entity_and_format(http: httpx.Client) -> None:
    assert http.get("/export", params={"format": "gexf", "entity": "company-nope"}).status_code == 404
    assert http.get("/export", params={"format": "pdf"}).status_code == 422


# --- filters ------------------------------------------------------------------------------

FR = "technology-facial-recognition"
TK = "https://techkg.org/ontology#"


def d3(http: httpx.Client, **params: str) -> dict:
    response = http.get("/export", params={"format": "d3", **params})
    assert response.status_code == 200, response.text
    return json.loads(response.content)


def link_facts(document: dict, relation: str | None = None) -> set[str]:
    return {link["fact"] for link in document["links"] if relation in (None, link["relation"])}


def csv_rows(http: httpx.Client, **params: str) -> list[dict]:
    response = http.get("/export", params={"format": "csv", **params})
    return list(csv.DictReader(io.StringIO(response.text)))


def restriction_facts(http: httpx.Client, **params: str) -> set[str]:
    """The restrictions GET /restrictions lists for these parameters."""
    return {r["fact"] for r in http.get("/restrictions", params=params).json()["data"]}


def in_force(http: httpx.Client, day: str, **params: str) -> set[str]:
    """The restrictions GET /restrictions says are in force on a day."""
    return restriction_facts(http, active_on=day, **params)


def test_technology_filter_keeps_the_facts_about_it_and_its_products(http: httpx.Client) -> None:
    whole, about = d3(http), d3(http, technology=FR)
    products = {
        link["source"] for link in about["links"] if (link["relation"], link["target"]) == ("category", FR)
    }
    scope = {FR} | products
    assert "product-rekognition" in products
    assert about["links"] and len(about["links"]) < len(whole["links"])

    def is_about(link: dict) -> bool:
        return bool(scope & {link["source"], link["target"], link.get("technology")})

    assert all(is_about(link) for link in about["links"])
    # and nothing about facial recognition is left behind
    assert {link["fact"] for link in whole["links"] if is_about(link)} == link_facts(about)
    assert "legislature-san-francisco-board-of-supervisors" in {node["id"] for node in about["nodes"]}


def test_type_filter_keeps_each_entity_of_the_type_and_its_counterparts(http: httpx.Client) -> None:
    whole, police = d3(http), d3(http, type="LawEnforcementAgency")
    types = {node["id"]: node["type"] for node in whole["nodes"]}
    agencies = {n for n, t in types.items() if t == "LawEnforcementAgency"}
    assert agencies <= {node["id"] for node in police["nodes"]}
    assert police["links"]
    for link in police["links"]:
        assert "LawEnforcementAgency" in (types[link["source"]], types[link["target"]]), link
    assert {types[n["id"]] for n in police["nodes"]} - {"LawEnforcementAgency"}  # the other sides stay


def test_active_on_keeps_exactly_the_restrictions_in_force(http: httpx.Client) -> None:
    whole = d3(http)
    for day in ("2020-07-01", "2021-01-01", "2024-06-01"):
        dated = d3(http, active_on=day)
        assert link_facts(dated, "restricts") == in_force(http, day), day
        undated = {
            link["fact"]
            for link in whole["links"]
            if link["relation"] != "restricts" and not (link.get("start") or link.get("end"))
        }
        assert undated <= link_facts(dated)
        assert len(dated["nodes"]) == len(whole["nodes"])  # entities stay; only facts go
    assert in_force(http, "2020-07-01") != in_force(http, "2024-06-01")


def test_filters_combine(http: httpx.Client) -> None:
    day = "2020-07-01"
    near = d3(http, entity="company-amazon", depth="2", technology=FR, active_on=day)
    ids = {node["id"] for node in near["nodes"]}
    assert {"company-amazon", FR, "product-rekognition"} <= ids
    amazon = restriction_facts(http, authority="company-amazon")
    kept, current = link_facts(near, "restricts"), in_force(http, day)
    assert kept & amazon  # the 2020 pause on Rekognition was in force
    assert amazon - current, "the 2021 moratorium was not yet"
    assert kept <= current
    assert "technology-doorbell-camera" not in ids  # Amazon's, but not facial recognition


@pytest.mark.parametrize(("technology", "day"), [("product-rekognition", "2020-07-01"), (FR, "2019-01-01")])
def test_filtered_rdf_holds_only_what_the_filters_keep(http: httpx.Client, technology: str, day: str) -> None:
    params = {"format": "turtle", "technology": technology, "active_on": day}
    turtle = Graph().parse(data=http.get("/export", params=params).text, format="turtle")
    restrictions = {str(s) for s, p, o in turtle if str(p).endswith("type") and str(o) == TK + "Restriction"}
    assert restrictions <= in_force(http, day)
    assert restriction_facts(http, technology=technology) - restrictions, "one was not in force that day"
    # a dropped restriction does not come back through its shortcut edge either
    stated = {
        (str(turtle.value(r, URIRef(TK + "authority"))), str(turtle.value(r, URIRef(TK + "technology"))))
        for r in map(URIRef, restrictions)
    }
    shortcuts = {(str(s), str(o)) for s, o in turtle.subject_objects(URIRef(TK + "restricts"))}
    assert shortcuts == stated
    assert any(str(p) == "http://purl.org/dc/terms/title" for _, p, _ in turtle)  # the articles come along


def test_filtered_csv_rows_belong_to_the_filtered_graph(http: httpx.Client) -> None:
    labels = {node["label"] for node in d3(http, technology="product-shotspotter")["nodes"]}
    rows = csv_rows(http, technology="product-shotspotter")
    assert rows and all(r["technology"] == "ShotSpotter" and r["user"] in labels for r in rows)
    assert len(rows) < len(csv_rows(http))


def test_filters_refuse_what_names_nothing(http: httpx.Client) -> None:
    missing = http.get("/export", params={"format": "d3", "technology": "technology-nothing"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no technology with id 'technology-nothing'"
    assert http.get("/export", params={"format": "d3", "type": "Planet"}).status_code == 422
    assert http.get("/export", params={"format": "d3", "active_on": "2021-02-30"}).status_code == 422
    # known ids that the filters leave nothing of: an empty graph, not an error
    empty = d3(http, entity="place-san-francisco", technology="product-shotspotter")
    assert empty["nodes"] == [] and empty["links"] == []


def test_the_file_name_says_what_was_filtered(http: httpx.Client) -> None:
    response = http.get(
        "/export", params={"format": "gexf", "technology": FR, "type": "Company", "active_on": "2021-01-01"}
    )
    assert response.headers["content-disposition"] == (
        f'attachment; filename="techkg-{FR}-Company-2021-01-01.gexf"'
    )
