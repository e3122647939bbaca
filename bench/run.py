"""techkg benchmark (not a test): extraction, ingest, lookups, rdflib vs Oxigraph, exports.

    python bench/run.py            # full: 2000-article ingest, ~1M quads, 1000 lookups
    python bench/run.py --quick    # at most ~3 minutes: 300 articles, ~200k quads

Prints a table of figures and, as its very last line, one JSON object with the headline
numbers (quads, extract_words_per_s, ingest_articles_per_s, lookup_p50_ms,
lookup_p99_ms, lookup_vs_rdflib and more), so runs can be compared by a script.
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # run from a checkout, installed or not

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402
import spacy  # noqa: E402

from app import lookups  # noqa: E402
from app.exporting import export  # noqa: E402
from app.ingest import ingest, rdf_triples  # noqa: E402
from app.sources import read_articles  # noqa: E402
from app.store import ONTOLOGY_GRAPH, OxigraphStore  # noqa: E402
from extract.facts import ArticleFacts  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.to_rdf import article_graph  # noqa: E402
from ontology.namespaces import ENTITY_BASE  # noqa: E402
from queries.loader import get_query  # noqa: E402
from synthetic import NamePools, remap_facts, synthetic_articles, write_jsonl  # noqa: E402


@dataclass(frozen=True)
class Config:
    """How much work a run does; ``--quick`` must stay under ~3 minutes on 2 cores."""

    extract_articles: int
    ingest_articles: int
    ingest_runs: int
    target_quads: int
    grow_budget_s: float
    lookup_calls: int
    popular_calls: int
    rdflib_max_quads: int
    rdflib_runs: int
    export_runs: int


QUICK = Config(100, 300, 3, 200_000, 25.0, 200, 30, 250_000, 5, 1)
FULL = Config(300, 2000, 3, 1_000_000, 300.0, 1000, 200, 250_000, 20, 3)
FACT_CLASSES = "tk:Offering tk:Classification tk:Supply tk:Use tk:Restriction"
ROWS: list[tuple[str, str, str]] = []


# --- reporting -----------------------------------------------------------------------------------


def sig(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant digits (the precision the figures deserve)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def fmt(x: float) -> str:
    """A figure with 3 significant digits, without scientific notation."""
    r = sig(x)
    return f"{int(r):,}" if abs(r) >= 100 else f"{r:g}"


def row(name: str, value: float | str, note: str = "") -> None:
    """Record and print one line of the table as soon as it is measured."""
    shown = value if isinstance(value, str) else fmt(value)
    ROWS.append((name, shown, note))
    print(f"{name:<34} {shown:>12}  {note}", flush=True)


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def percentiles_ms(times: list[float]) -> dict[str, float]:
    """p50, p90 and p99 of call times, in milliseconds."""
    cuts = statistics.quantiles([t * 1000 for t in times], n=100, method="inclusive")
    return {"p50": cuts[49], "p90": cuts[89], "p99": cuts[98]}


# --- 1. extraction ---------------------------------------------------------------------------------


def bench_extract(cfg: Config, extractor: Extractor) -> tuple[float, list[ArticleFacts]]:
    """Words per second of the whole pipeline through ``extract_many`` (median of 3), against
    the bare tokenizer: the gap is what the components cost."""
    articles = list(synthetic_articles(cfg.extract_articles))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    results: list = []

    def run() -> None:
        results[:] = extractor.extract_many(articles)

    runs = timed(run, 3)
    facts = [r for r in results if isinstance(r, ArticleFacts)]
    blank = spacy.blank("en")
    floor = words / statistics.median(timed(lambda: [blank.make_doc(t) for t in texts], 3))
    rate = words / statistics.median(runs)
    row("extract words/s", rate, f"{len(articles)} articles, {words:,} words, median of 3")
    row("  tokenizer floor words/s", floor, 'spacy.blank("en").make_doc')
    row("  pipeline / tokenizer", rate / floor, "share of tokenizer speed the pipeline keeps")
    row("  facts per article", sum(len(f.facts) for f in facts) / len(articles))
    return rate, facts


# --- 2-3. ingest and growth ------------------------------------------------------------------------


def ingest_once(tmp: Path, corpus: Path, extractor: Extractor, run: int) -> tuple[float, OxigraphStore]:
    """One end-to-end ingest (read, extract, store) into a fresh on-disk store; seconds taken."""
    store = OxigraphStore(tmp / f"store-{run}")
    start = time.perf_counter()
    report = ingest(store, read_articles([corpus]), extractor)
    seconds = time.perf_counter() - start
    if report.failures:
        print(f"  ingest failures: {report.failures[:3]}", file=sys.stderr)
    return seconds, store


def bench_ingest(cfg: Config, tmp: Path, extractor: Extractor) -> tuple[float, OxigraphStore]:
    """Articles per second end to end, median of the runs; the last run's store is kept."""
    corpus = write_jsonl(synthetic_articles(cfg.ingest_articles), tmp / "ingest.jsonl")
    times, store = [], None
    for run in range(cfg.ingest_runs):
        if store is not None:
            store.close()
        seconds, store = ingest_once(tmp, corpus, extractor, run)
        times.append(seconds)
    assert store is not None
    rate = cfg.ingest_articles / statistics.median(times)
    row("ingest articles/s", rate, f"{cfg.ingest_articles} articles, median of {cfg.ingest_runs} runs")
    row("  quads after ingest", store.stats()["quads"])
    return rate, store


def grow(cfg: Config, store: OxigraphStore, tmp: Path, extractor: Extractor, pool: list[ArticleFacts]) -> int:
    """Bring the store to the lookup target: real ingest while the time budget lasts, then
    remapped copies of extracted articles (no spaCy), stored as their own article graphs."""
    quads, first, start = store.stats()["quads"], cfg.ingest_articles, time.perf_counter()
    ingested = remapped = 0
    while quads < cfg.target_quads and time.perf_counter() - start < cfg.grow_budget_s:
        n = 100
        path = write_jsonl(synthetic_articles(n, first=first), tmp / "grow.jsonl")
        ingest(store, read_articles([path]), extractor)
        first, ingested, quads = first + n, ingested + n, store.stats()["quads"]
    pools, rng = NamePools(), random.Random(7)
    while quads < cfg.target_quads:
        for _ in range(500):
            facts = remap_facts(pool[remapped % len(pool)], f"remap-{remapped:07d}", pools, rng)
            graph = article_graph(facts)
            store.add_triples(str(graph.identifier), rdf_triples(graph))
            remapped += 1
        quads = store.stats()["quads"]
    store.flush()
    row("quads for lookups", quads, f"+{ingested} ingested, +{remapped} remapped articles")
    row("  article graphs", store.stats()["graphs"])
    return quads


# --- 4. lookups ------------------------------------------------------------------------------------


def fact_counts(store: OxigraphStore) -> list[tuple[int, str]]:
    """(number of facts, entity IRI) for every entity taking part in a fact, fewest first."""
    sparql = f"""PREFIX tk: <https://techkg.org/ontology#>
SELECT ?e (COUNT(DISTINCT ?f) AS ?n) WHERE {{
  VALUES ?c {{ {FACT_CLASSES} }}
  ?f a ?c ; ?role ?e . FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}"))
}} GROUP BY ?e"""
    return sorted((int(r["n"].value), r["e"].value) for r in store.query(sparql))


def pick_entities(store: OxigraphStore) -> tuple[tuple[int, str], tuple[int, str]]:
    """A typical entity (the median number of facts) and the most popular one."""
    counts = fact_counts(store)
    return counts[len(counts) // 2], counts[-1]


def bench_lookup(store: OxigraphStore, label: str, entity: tuple[int, str], calls: int) -> dict:
    """Latency of ``lookups.entity`` (both its queries and the shaping of the answer)."""
    n, iri = entity
    entity_id = iri.removeprefix(ENTITY_BASE)
    timed(lambda: lookups.entity(store, entity_id), 3)  # warm the caches
    p = percentiles_ms(timed(lambda: lookups.entity(store, entity_id), calls))
    row(f"lookup {label} p50 ms", p["p50"], f"{entity_id}: {n} facts, {calls} calls")
    row(f"lookup {label} p90 ms", p["p90"])
    row(f"lookup {label} p99 ms", p["p99"])
    return p


# --- 5. rdflib's evaluator against Oxigraph ----------------------------------------------------------


def slice_quads(store: OxigraphStore, limit: int) -> tuple[list[ox.Quad], bool]:
    """The whole store, or whole article graphs (plus the ontology) up to ``limit`` quads:
    rdflib needs minutes and gigabytes for a million quads. Whether it was sliced."""
    everything = list(store.quads())
    if len(everything) <= limit:
        return everything, False
    by_graph: dict = {}
    for q in everything:
        by_graph.setdefault(q.graph_name, []).append(q)
    kept = list(by_graph.pop(ONTOLOGY_GRAPH, []))
    for graph_quads in by_graph.values():
        if len(kept) + len(graph_quads) > limit:
            break
        kept += graph_quads
    return kept, True


def bench_rdflib(cfg: Config, store: OxigraphStore, tmp: Path) -> float:
    """The ``entity_facts`` query text run by rdflib's evaluator and by Oxigraph on the same
    quads, for a typical entity; the ratio of the medians (rdflib / Oxigraph)."""
    quads, sliced = slice_quads(store, cfg.rdflib_max_quads)
    if sliced:
        store = OxigraphStore(tmp / "slice")
        for graph, group in _by_graph(quads).items():
            store.add_triples(graph, group)
    typical, _ = pick_entities(store)
    text = get_query("entity_facts").bound(entity=typical[1])
    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    load = time.perf_counter() - start
    ox_rows, rdf_rows = len(list(store.query(text))), len(list(dataset.query(text)))
    ox_t = statistics.median(timed(lambda: list(store.query(text)), max(cfg.rdflib_runs, 20)))
    rdf_t = statistics.median(timed(lambda: list(dataset.query(text)), cfg.rdflib_runs))
    where = f"a slice of {len(quads):,} quads" if sliced else f"all {len(quads):,} quads"
    row("entity_facts oxigraph ms", ox_t * 1000, f"{where}; {typical[0]} facts, {ox_rows} rows")
    row("entity_facts rdflib ms", rdf_t * 1000, f"{rdf_rows} rows; median of {cfg.rdflib_runs}")
    row("  rdflib load s", load, "Dataset(default_union=True).parse(nquads)")
    row("lookup_vs_rdflib", rdf_t / ox_t, "rdflib median / oxigraph median")
    if ox_rows != rdf_rows:
        print(f"  warning: the engines disagree ({ox_rows} vs {rdf_rows} rows)", file=sys.stderr)
    return rdf_t / ox_t


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str | None, list[ox.Triple]]:
    graphs: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, []).append(q.triple)
    return graphs


# --- 6. exports ------------------------------------------------------------------------------------


def bench_exports(cfg: Config, store: OxigraphStore) -> dict[str, float]:
    """Seconds to export the whole store as GraphML and as the tracker CSV."""
    out = {}
    for name in ("graphml", "csv"):
        size = len(export(store, name)[1])
        out[name] = statistics.median(timed(lambda n=name: export(store, n), cfg.export_runs))
        row(f"export {name} s", out[name], f"whole store, {size / 1e6:.3g} MB")
    return out


# --- main ------------------------------------------------------------------------------------------


def header(quick: bool) -> None:
    """What ran, where: the machine and the library versions make figures comparable."""
    print(f"techkg bench ({'quick' if quick else 'full'}): python bench/run.py{' --quick' if quick else ''}")
    print(f"  full run: python bench/run.py   quick run: python bench/run.py --quick   cwd: {ROOT}")
    print(
        f"  cpus {os.cpu_count()}, python {platform.python_version()}, spacy {spacy.__version__}, "
        f"pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}"
    )
    print(f"{'figure':<34} {'value':>12}  note")


def main(argv: list[str] | None = None) -> int:
    """Run every measurement in order and finish with the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a run of at most ~3 minutes")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    header(args.quick)
    began = time.perf_counter()
    extractor = Extractor()
    words_rate, pool = bench_extract(cfg, extractor)
    with tempfile.TemporaryDirectory(prefix="techkg-bench-") as name:
        tmp = Path(name)
        ingest_rate, store = bench_ingest(cfg, tmp, extractor)
        quads = grow(cfg, store, tmp, extractor, pool)
        typical, popular = pick_entities(store)
        lookup = bench_lookup(store, "typical", typical, cfg.lookup_calls)
        hot = bench_lookup(store, "popular", popular, cfg.popular_calls)
        ratio = bench_rdflib(cfg, store, tmp)
        exports = bench_exports(cfg, store)
        store.close()
    row("total run s", time.perf_counter() - began)
    result = {
        "mode": "quick" if args.quick else "full",
        "cpus": os.cpu_count(),
        "quads": quads,
        "extract_words_per_s": sig(words_rate),
        "ingest_articles_per_s": sig(ingest_rate),
        "lookup_p50_ms": sig(lookup["p50"]),
        "lookup_p90_ms": sig(lookup["p90"]),
        "lookup_p99_ms": sig(lookup["p99"]),
        "lookup_popular_p50_ms": sig(hot["p50"]),
        "lookup_vs_rdflib": sig(ratio),
        "export_graphml_s": sig(exports["graphml"]),
        "export_csv_s": sig(exports["csv"]),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
