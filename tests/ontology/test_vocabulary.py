"""The OWL ontology and the SHACL shapes agree with ``ontology.namespaces`` and with each other."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from ontology import ontology_path, shapes_path
from ontology.namespaces import (
    ENTITY_TYPES,
    KIND_BASE,
    RELATIONS,
    RESTRICTION_KINDS,
    SCHEMA,
    TK,
    article_iri,
    entity_iri,
    fact_iri,
    kind_iri,
    wikidata_iri,
)

TK_NS = str(TK._NS)
ONTOLOGY_IRI = URIRef("https://techkg.org/ontology")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def tk_terms() -> set[URIRef]:
    """Every term the Python vocabulary class declares."""
    return {TK[name] for name in TK.__annotations__ if not name.startswith("_")}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


# --------------------------------------------------------------------------- parsing


def test_both_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert len(ontology) > 300
    assert set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(shapes) > 100


def test_ontology_header(ontology: Graph) -> None:
    for prop in (DCTERMS.title, DCTERMS.description, OWL.versionInfo):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, prop


def test_ontology_has_no_blank_nodes(ontology: Graph) -> None:
    # Loading the ontology twice into a store must not duplicate anything.
    assert not [t for t in ontology if any(isinstance(n, BNode) for n in t)]


# --------------------------------------------------------------------------- vocabulary


def test_tk_vocabulary_is_not_empty() -> None:
    terms = tk_terms()
    assert TK.Restriction in terms
    assert TK.restrictionKinds in terms
    assert len(terms) == 44


@pytest.mark.parametrize("term", sorted(tk_terms()), ids=lambda t: t.removeprefix(TK_NS))
def test_every_tk_term_is_declared(ontology: Graph, term: URIRef) -> None:
    types = set(ontology.objects(term, RDF.type))
    assert types, f"{term} has no rdf:type"
    if term == TK.restrictionKinds:
        assert SKOS.ConceptScheme in types
    else:
        assert types & set(TERM_TYPES), f"{term} is not a class or property: {types}"
    label = ontology.value(term, RDFS.label)
    comment = ontology.value(term, RDFS.comment)
    assert isinstance(label, Literal) and str(label).strip()
    assert isinstance(comment, Literal) and len(str(comment).split()) >= 8
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology


def test_ontology_declares_no_term_outside_tk(ontology: Graph) -> None:
    mentioned = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(TK_NS)
    }
    assert mentioned - tk_terms() == set()


def test_properties_have_domain_and_range(ontology: Graph) -> None:
    props = [
        t
        for t in tk_terms()
        if {OWL.ObjectProperty, OWL.DatatypeProperty} & set(ontology.objects(t, RDF.type))
    ]
    assert len(props) == 22
    for prop in props:
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


def superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}


@pytest.mark.parametrize("name", sorted(ENTITY_TYPES))
def test_entity_classes_sit_under_entity(ontology: Graph, name: str) -> None:
    assert TK.Entity in superclasses(ontology, ENTITY_TYPES[name])


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        (TK.Company, {TK.Organization, SCHEMA.Corporation, SCHEMA.Organization}),
        (TK.LawEnforcementAgency, {TK.GovernmentAgency, SCHEMA.GovernmentOrganization}),
        (TK.Legislature, {TK.Organization, SCHEMA.GovernmentOrganization}),
        (TK.Court, {TK.Organization, SCHEMA.GovernmentOrganization}),
        (TK.NonProfit, {TK.Organization, SCHEMA.NGO}),
        (TK.Person, {SCHEMA.Person}),
        (TK.Place, {SCHEMA.Place}),
        (TK.Product, {SCHEMA.Product}),
        (TK.Technology, {SKOS.Concept}),
        (TK.Article, {SCHEMA.NewsArticle, PROV.Entity}),
        (TK.Fact, {PROV.Entity}),
        (TK.RestrictionKind, {SKOS.Concept}),
    ],
)
def test_alignment(ontology: Graph, cls: URIRef, expected: set[URIRef]) -> None:
    assert expected <= superclasses(ontology, cls)


@pytest.mark.parametrize("relation", sorted(RELATIONS))
def test_fact_classes_and_edges(ontology: Graph, relation: str) -> None:
    cls, edge, _fields = RELATIONS[relation]
    assert TK.Fact in superclasses(ontology, cls)
    assert (edge, RDF.type, OWL.ObjectProperty) in ontology


# --------------------------------------------------------------------------- restriction kinds


@pytest.mark.parametrize("kind", RESTRICTION_KINDS)
def test_restriction_kind_is_a_concept_in_the_scheme(ontology: Graph, kind: str) -> None:
    concept = kind_iri(kind)
    assert str(concept) == KIND_BASE + kind
    assert (concept, RDF.type, SKOS.Concept) in ontology
    assert (concept, RDF.type, TK.RestrictionKind) in ontology
    assert (concept, SKOS.inScheme, TK.restrictionKinds) in ontology
    assert ontology.value(concept, SKOS.notation) == Literal(kind)
    assert ontology.value(concept, SKOS.prefLabel) is not None
    assert ontology.value(concept, SKOS.definition) is not None


def test_scheme_holds_exactly_the_known_kinds(ontology: Graph) -> None:
    assert (TK.restrictionKinds, RDF.type, SKOS.ConceptScheme) in ontology
    members = set(ontology.subjects(SKOS.inScheme, TK.restrictionKinds))
    assert members == {kind_iri(k) for k in RESTRICTION_KINDS}
    assert set(ontology.subjects(RDF.type, TK.RestrictionKind)) == members


def test_shapes_allow_exactly_the_known_kinds(shapes: Graph) -> None:
    lists = [
        set(shapes.items(node))
        for node in shapes.objects(None, SH["in"])
        if any(str(item).startswith(KIND_BASE) for item in shapes.items(node))
    ]
    assert lists
    for members in lists:
        assert members == {kind_iri(k) for k in RESTRICTION_KINDS}


# --------------------------------------------------------------------------- a valid article

DOC = "amazon-moratorium"
ARTICLE = article_iri(DOC)
BODY = (
    "Amazon said it would stop selling Rekognition, its facial recognition service, to police "
    "for one year. Groups such as Thorn, which uses the tool to find trafficked children, "
    "may keep using it."
)
SENTENCE = BODY[: BODY.index(".") + 1]

AMAZON = entity_iri("Amazon", "Company")
REKOGNITION = entity_iri("Rekognition", "Product")
FACIAL = entity_iri("facial recognition", "Technology")
POLICE = entity_iri("police", "Sector")
THORN = entity_iri("Thorn", "NonProfit")

FACTS = {
    "offers": fact_iri(DOC, "offers", ("Amazon", "Rekognition")),
    "category": fact_iri(DOC, "category", ("Rekognition", "facial recognition")),
    "supplies": fact_iri(DOC, "supplies", ("Amazon", "police")),
    "uses": fact_iri(DOC, "uses", ("Thorn", "Rekognition")),
    "restricts": fact_iri(DOC, "restricts", ("Amazon", "Rekognition")),
}


def add_entity(g: Graph, iri: URIRef, type_name: str, label: str, *alt: str) -> None:
    g.add((iri, RDF.type, ENTITY_TYPES[type_name]))
    g.add((iri, RDFS.label, Literal(label)))
    for name in alt:
        g.add((iri, SKOS.altLabel, Literal(name)))


def add_fact(g: Graph, relation: str, **participants: URIRef | Literal) -> URIRef:
    """One fact node with its provenance, its participants and its direct edge."""
    cls, edge, (src, dst) = RELATIONS[relation]
    fact = FACTS[relation]
    g.add((fact, RDF.type, cls))
    g.add((fact, PROV.wasDerivedFrom, ARTICLE))
    g.add((fact, TK.evidence, Literal(SENTENCE)))
    g.add((fact, TK.evidenceStart, Literal(0)))
    g.add((fact, TK.evidenceEnd, Literal(len(SENTENCE))))
    g.add((fact, TK.confidence, Literal(Decimal("0.9"))))
    for field, value in participants.items():
        g.add((fact, TK[field], value))
    g.add((participants[src], edge, participants[dst]))
    return fact


def article_graph() -> Graph:
    """The graph of one article, written as /tmp/rdf_mapping.md prescribes."""
    g = Graph()
    g.add((ARTICLE, RDF.type, TK.Article))
    g.add((ARTICLE, DCTERMS.identifier, Literal(DOC)))
    g.add((ARTICLE, SCHEMA.articleBody, Literal(BODY)))
    g.add((ARTICLE, DCTERMS.date, Literal("2020-06-10", datatype=XSD.date)))
    g.add((ARTICLE, DCTERMS.title, Literal("Amazon pauses police use of Rekognition")))
    g.add((ARTICLE, SCHEMA.url, Literal("https://example.org/news/1", datatype=XSD.anyURI)))

    add_entity(g, AMAZON, "Company", "Amazon", "Amazon.com", "AWS")
    g.add((AMAZON, OWL.sameAs, wikidata_iri("Q3884")))
    add_entity(g, REKOGNITION, "Product", "Rekognition", "Amazon Rekognition")
    add_entity(g, FACIAL, "Technology", "facial recognition")
    add_entity(g, POLICE, "Sector", "police")
    add_entity(g, THORN, "NonProfit", "Thorn")

    add_fact(g, "offers", vendor=AMAZON, technology=REKOGNITION)
    add_fact(g, "category", technology=REKOGNITION, category=FACIAL)
    add_fact(g, "supplies", vendor=AMAZON, customer=POLICE, technology=REKOGNITION)
    add_fact(
        g,
        "uses",
        user=THORN,
        technology=REKOGNITION,
        vendor=AMAZON,
        purpose=Literal("to find trafficked children"),
    )
    add_fact(
        g,
        "restricts",
        authority=AMAZON,
        restrictionKind=kind_iri("moratorium"),
        technology=REKOGNITION,
        scope=POLICE,
        startDate=Literal("2020-06-10", datatype=XSD.date),
        duration=Literal("P1Y", datatype=XSD.duration),
        endDate=Literal("2021-06-10", datatype=XSD.date),
        exempt=THORN,
    )
    return g


def shacl(data: Graph, shapes: Graph, **kwargs: object) -> tuple[bool, Graph, str]:
    conforms, results, text = validate(
        data, shacl_graph=shapes, advanced=False, allow_warnings=False, **kwargs
    )
    return conforms, results, text


def test_valid_article_conforms(shapes: Graph) -> None:
    data = article_graph()
    # one fact of every relation, each with its direct edge
    for cls, edge, _fields in RELATIONS.values():
        assert len(set(data.subjects(RDF.type, cls))) == 1, cls
        assert len(set(data.subject_objects(edge))) == 1, edge
    assert not [t for t in data if any(isinstance(n, BNode) for n in t)]
    conforms, _, text = shacl(data, shapes)
    assert conforms, text


def test_valid_article_with_ontology_and_inference_conforms(ontology: Graph, shapes: Graph) -> None:
    # The store may validate the union of the data and the ontology, possibly with inference.
    data = article_graph() + ontology
    conforms, _, text = shacl(data, shapes)
    assert conforms, text
    conforms, _, text = shacl(article_graph(), shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, text


def test_union_of_two_articles_conforms(shapes: Graph) -> None:
    first = article_graph()
    # A second article mentions the same entities; the union must still be valid.
    other = "follow-up"
    second = Graph()
    second.add((article_iri(other), RDF.type, TK.Article))
    second.add((article_iri(other), DCTERMS.identifier, Literal(other)))
    second.add((article_iri(other), SCHEMA.articleBody, Literal("Amazon offers Rekognition.")))
    add_entity(second, AMAZON, "Company", "Amazon", "Amazon Web Services")
    add_entity(second, REKOGNITION, "Product", "Rekognition")
    fact = fact_iri(other, "offers", ("Amazon", "Rekognition"))
    for p, o in (
        (RDF.type, TK.Offering),
        (PROV.wasDerivedFrom, article_iri(other)),
        (TK.evidence, Literal("Amazon offers Rekognition.")),
        (TK.confidence, Literal(Decimal("0.75"))),
        (TK.vendor, AMAZON),
        (TK.technology, REKOGNITION),
    ):
        second.add((fact, p, o))
    conforms, _, text = shacl(first + second, shapes)
    assert conforms, text


# --------------------------------------------------------------------------- broken variants

Mutation = Callable[[Graph], None]


def replace(subject: URIRef, prop: URIRef, value: object) -> Mutation:
    def mutate(g: Graph) -> None:
        g.set((subject, prop, value))

    return mutate


def add(subject: URIRef, prop: URIRef, value: object) -> Mutation:
    def mutate(g: Graph) -> None:
        g.add((subject, prop, value))

    return mutate


def drop(subject: URIRef, prop: URIRef) -> Mutation:
    def mutate(g: Graph) -> None:
        g.remove((subject, prop, None))

    return mutate


RESTRICTION = FACTS["restricts"]

BROKEN: dict[str, tuple[Mutation, URIRef, URIRef | None]] = {
    # name: (mutation, focus node expected in a result, result path expected or None)
    "two kinds": (
        add(RESTRICTION, TK.restrictionKind, kind_iri("ban")),
        RESTRICTION,
        TK.restrictionKind,
    ),
    "unknown kind": (
        replace(RESTRICTION, TK.restrictionKind, URIRef(KIND_BASE + "embargo")),
        RESTRICTION,
        TK.restrictionKind,
    ),
    "kind as text": (
        replace(RESTRICTION, TK.restrictionKind, Literal("moratorium")),
        RESTRICTION,
        TK.restrictionKind,
    ),
    "no evidence": (drop(FACTS["offers"], TK.evidence), FACTS["offers"], TK.evidence),
    "two evidences": (
        add(FACTS["uses"], TK.evidence, Literal("another sentence")),
        FACTS["uses"],
        TK.evidence,
    ),
    "confidence above one": (
        replace(FACTS["supplies"], TK.confidence, Literal(Decimal("1.5"))),
        FACTS["supplies"],
        TK.confidence,
    ),
    "confidence as double": (
        replace(FACTS["supplies"], TK.confidence, Literal(0.5)),
        FACTS["supplies"],
        TK.confidence,
    ),
    "no confidence": (
        drop(FACTS["category"], TK.confidence),
        FACTS["category"],
        TK.confidence,
    ),
    "negative offset": (
        replace(FACTS["offers"], TK.evidenceStart, Literal(-1)),
        FACTS["offers"],
        TK.evidenceStart,
    ),
    "offsets reversed": (
        replace(FACTS["offers"], TK.evidenceStart, Literal(500)),
        FACTS["offers"],
        TK.evidenceStart,
    ),
    "no source article": (
        drop(FACTS["uses"], PROV.wasDerivedFrom),
        FACTS["uses"],
        PROV.wasDerivedFrom,
    ),
    "source is not an article": (
        replace(FACTS["uses"], PROV.wasDerivedFrom, AMAZON),
        FACTS["uses"],
        PROV.wasDerivedFrom,
    ),
    "start date as string": (
        replace(RESTRICTION, TK.startDate, Literal("2020-06-10")),
        RESTRICTION,
        TK.startDate,
    ),
    "end before start": (
        replace(RESTRICTION, TK.endDate, Literal("2019-01-01", datatype=XSD.date)),
        RESTRICTION,
        TK.startDate,
    ),
    "duration as string": (
        replace(RESTRICTION, TK.duration, Literal("one year")),
        RESTRICTION,
        TK.duration,
    ),
    "article date as string": (
        replace(ARTICLE, DCTERMS.date, Literal("June 10, 2020")),
        ARTICLE,
        DCTERMS.date,
    ),
    "article without body": (drop(ARTICLE, SCHEMA.articleBody), ARTICLE, SCHEMA.articleBody),
    "article with two ids": (
        add(ARTICLE, DCTERMS.identifier, Literal("other")),
        ARTICLE,
        DCTERMS.identifier,
    ),
    "entity with two labels": (add(AMAZON, RDFS.label, Literal("Amazon Inc.")), AMAZON, RDFS.label),
    "entity without label": (drop(THORN, RDFS.label), THORN, RDFS.label),
    "label with language": (
        replace(POLICE, RDFS.label, Literal("police", lang="en")),
        POLICE,
        RDFS.label,
    ),
    "sameAs not wikidata": (
        replace(AMAZON, OWL.sameAs, URIRef("https://dbpedia.org/resource/Amazon")),
        AMAZON,
        OWL.sameAs,
    ),
    "two sameAs": (add(AMAZON, OWL.sameAs, wikidata_iri("Q1")), AMAZON, OWL.sameAs),
    "classified technology is not a product": (
        replace(FACTS["category"], TK.technology, FACIAL),
        FACTS["category"],
        TK.technology,
    ),
    "category is a product": (
        replace(FACTS["category"], TK.category, REKOGNITION),
        FACTS["category"],
        TK.category,
    ),
    "vendor is a technology": (
        replace(FACTS["offers"], TK.vendor, FACIAL),
        FACTS["offers"],
        TK.vendor,
    ),
    "supply without customer": (
        drop(FACTS["supplies"], TK.customer),
        FACTS["supplies"],
        TK.customer,
    ),
    "restriction without authority": (
        drop(RESTRICTION, TK.authority),
        RESTRICTION,
        TK.authority,
    ),
    "exempt is text": (replace(RESTRICTION, TK.exempt, Literal("Thorn")), RESTRICTION, TK.exempt),
    "fact with two classes": (add(FACTS["offers"], RDF.type, TK.Use), FACTS["offers"], None),
    "fact without class": (drop(FACTS["offers"], RDF.type), FACTS["offers"], RDF.type),
    "category outside a classification": (
        add(FACTS["uses"], TK.category, FACIAL),
        FACTS["uses"],
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_variant_fails(shapes: Graph, name: str) -> None:
    mutate, focus, path = BROKEN[name]
    data = article_graph()
    mutate(data)
    conforms, results, text = shacl(data, shapes)
    assert not conforms, f"{name}: expected a violation"
    reported = {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    assert any(f == focus and (path is None or p == path) for f, p in reported), text
