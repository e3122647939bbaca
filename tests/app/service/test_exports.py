"""Exports over HTTP, read back by parsers that are not ours."""

from __future__ import annotations

import csv
import io
import json

import httpx
import networkx as nx
import pytest
from rdflib import Dataset, Graph

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
