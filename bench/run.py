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
import multiprocessing
import os
import platform
import resource
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
from rest import load, serving  # noqa: E402
from synthetic import synthetic_articles, write_graph, write_jsonl  # noqa: E402

from app import lookups  # noqa: E402
from app.exporting import export, graph_view  # noqa: E402
from app.ingest import ingest  # noqa: E402
from app.sources import read_articles  # noqa: E402
from app.store import ONTOLOGY_GRAPH, OxigraphStore  # noqa: E402
from extract.facts import ArticleFacts  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from ontology.namespaces import ENTITY_BASE  # noqa: E402
from queries.loader import get_query  # noqa: E402


@dataclass(frozen=True)
class Config:
    """How much work a run does; ``--quick`` must stay within a few minutes on 2 cores."""

    extract_articles: int
    ingest_articles: int
    ingest_runs: int
    target_quads: int
    lookup_calls: int
    lookup_budget_s: float
    popular_calls: int
    popular_budget_s: float
    named_runs: int
    named_budget_s: float
    rdflib_max_quads: int
    rdflib_runs: int
    query_budget_s: float
    rest_seconds: float
    rest_entities: int
    export_runs: int
    export_budget_s: float


QUICK = Config(
    extract_articles=100, ingest_articles=200, ingest_runs=2, target_quads=1_000_000,
    lookup_calls=200, lookup_budget_s=10, popular_calls=10, popular_budget_s=10,
    named_runs=10, named_budget_s=10, rdflib_max_quads=100_000, rdflib_runs=3, query_budget_s=10,
    rest_seconds=6, rest_entities=200, export_runs=1, export_budget_s=30,
)  # fmt: skip
FULL = Config(
    extract_articles=300, ingest_articles=1000, ingest_runs=3, target_quads=5_000_000,
    lookup_calls=1000, lookup_budget_s=60, popular_calls=50, popular_budget_s=60,
    named_runs=30, named_budget_s=30, rdflib_max_quads=250_000, rdflib_runs=10, query_budget_s=60,
    rest_seconds=20, rest_entities=1000, export_runs=1, export_budget_s=300,
)  # fmt: skip
#: the most memory a child process measuring a query may take: half of the machine's
MEMORY_CAP = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
FACT_CLASSES = "tk:Offering tk:Classification tk:Supply tk:Use tk:Restriction"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ARTICLE_CLASS = "https://techkg.org/ontology#Article"


# --- reporting -----------------------------------------------------------------------------------


def sig(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant digits (the precision the figures deserve)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def maybe_sig(x: float | None) -> float | None:
    """:func:`sig`, passing None (a measurement that did not finish) through."""
    return None if x is None else sig(x)


def fmt(x: float) -> str:
    """A figure with 3 significant digits, without scientific notation."""
    r = sig(x)
    return f"{int(r):,}" if abs(r) >= 100 else f"{r:g}"


def row(name: str, value: float | str, note: str = "") -> None:
    """Print one line of the table as soon as it is measured."""
    shown = value if isinstance(value, str) else fmt(value)
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


def bench_ingest(cfg: Config, tmp: Path, extractor: Extractor) -> float:
    """Articles per second end to end, median of the runs (each into a fresh store)."""
    corpus = write_jsonl(synthetic_articles(cfg.ingest_articles), tmp / "ingest.jsonl")
    times = []
    for run in range(cfg.ingest_runs):
        seconds, store = ingest_once(tmp, corpus, extractor, run)
        times.append(seconds)
        quads = store.stats()["quads"]
        store.close()
    rate = cfg.ingest_articles / statistics.median(times)
    row("ingest articles/s", rate, f"{cfg.ingest_articles} articles, median of {cfg.ingest_runs} runs")
    row("  quads after ingest", quads)
    return rate


def build_graph(cfg: Config, tmp: Path, pool: list[ArticleFacts]) -> tuple[Path, int, float, float]:
    """The synthetic graph for the query figures: remapped articles written as N-Quads, then
    ``Store.bulk_load`` into a fresh on-disk store (timed), then the time ``OxigraphStore``
    takes to open it as ``techkg serve`` does. Returns (path, quads, load s, open s)."""
    began = time.perf_counter()
    nquads = tmp / "graph.nq"
    _, articles = write_graph(pool, nquads, cfg.target_quads)
    row("  N-Quads written s", time.perf_counter() - began, f"{articles:,} remapped articles")
    path = tmp / "graph-store"
    began = time.perf_counter()
    raw = ox.Store(str(path))
    raw.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    load_s = time.perf_counter() - began
    nquads.unlink()
    began = time.perf_counter()
    store = OxigraphStore(path)  # adds the ontology graph on first open, as the server would
    store.close()
    store = OxigraphStore(path)
    open_s = time.perf_counter() - began
    quads = store.stats()["quads"]
    store.close()
    row("bulk load s", load_s, f"{quads:,} quads, {articles:,} article graphs, Store.bulk_load of N-Quads")
    row("  bulk load quads/s", quads / load_s)
    row("store open s", open_s, "OxigraphStore(path) on the loaded store, writable (as techkg serve)")
    return path, quads, load_s, open_s


# --- queries that may never finish run in a child process with a hard time limit -------------------


def in_child(target: Callable, args: tuple, budget: float) -> tuple[dict[str, list[float]], str | None]:
    """Run ``target(*args, budget, out)`` in a spawned process that opens the store read-only
    and appends ``key value`` lines to ``out`` as it goes. It is killed if it overruns the
    budget and cannot take more than half the machine's memory: on a big store one query
    can take hours, or all the memory there is. Returns what it wrote, and why it stopped
    early (None when it finished)."""
    limit = budget + 10  # room for starting Python and one call longer than predicted
    fd, out = tempfile.mkstemp(suffix=".txt")
    os.close(fd)
    proc = multiprocessing.get_context("spawn").Process(target=_capped, args=(target, *args, budget, out))
    proc.start()
    proc.join(limit)
    failure = None
    if proc.is_alive():
        proc.kill()
        proc.join()
        failure = f"> {limit:.0f} s"
    elif proc.exitcode != 0:  # its traceback or allocation failure is on stderr
        failure = f"died (exit {proc.exitcode}; memory cap {MEMORY_CAP / 2**30:.0f} GiB)"
    found: dict[str, list[float]] = {}
    for line in Path(out).read_text().splitlines():
        key, _, value = line.partition(" ")
        found.setdefault(key, []).append(float(value))
    os.unlink(out)
    return found, failure


def _capped(target: Callable, *args: object) -> None:
    """Child entry point: cap the address space, so a runaway query fails alone instead
    of drawing the kernel's OOM killer on the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    target(*args)


def within_budget(fn: Callable[[], object], runs: int, budget: float, out: str | None = None) -> list[float]:
    """Time up to ``runs`` calls, stopping before the next call would overrun ``budget``;
    with ``out``, each time is written down at once so a killed process still reports."""
    times: list[float] = []
    began = time.perf_counter()
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if out:
            with open(out, "a") as f:
                f.write(f"t {times[-1]}\n")
        if time.perf_counter() - began + times[-1] > budget:
            break
    return times


def _lookup_child(path: str, entity_id: str, calls: int, budget: float, out: str) -> None:
    """Child: ``lookups.entity`` calls (the first one warms the caches)."""
    store = OxigraphStore(Path(path), read_only=True)
    within_budget(lambda: lookups.entity(store, entity_id), calls + 1, budget, out)


def _query_child(path: str, text: str, runs: int, budget: float, out: str) -> None:
    """Child: one SPARQL query on Oxigraph, rows materialised (and counted, to compare)."""
    store = OxigraphStore(Path(path), read_only=True)
    rows: list[int] = []
    within_budget(lambda: rows.append(len(list(store.query(text)))), runs, budget, out)
    with open(out, "a") as f:
        f.write(f"rows {rows[0]}\n")


def _export_child(path: str, name: str, runs: int, budget: float, out: str) -> None:
    """Child: one export of the whole store (its size first)."""
    store = OxigraphStore(Path(path), read_only=True)
    with open(out, "a") as f:
        f.write(f"bytes {len(export(store, name)[1])}\n")
        if name == "graphml":
            f.write(f"edges {graph_view(store).number_of_edges()}\n")
    within_budget(lambda: export(store, name), runs, budget, out)


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


def bench_lookup(
    store: OxigraphStore, label: str, entity: tuple[int, str], calls: int, budget: float
) -> dict:
    """Latency of ``lookups.entity`` (both its queries and the shaping of the answer), as
    many calls as fit the budget; p50/p90/p99 are None when not even one call finished."""
    n, iri = entity
    entity_id = iri.removeprefix(ENTITY_BASE)
    found, failure = in_child(_lookup_child, (str(store.path), entity_id, calls), budget)
    times = found.get("t", [])[1:] or found.get("t", [])  # drop the warm-up call if there are more
    if not times:
        row(f"lookup {label} p50 ms", "n/a", f"{entity_id}: {n} facts; no call finished: {failure}")
        return {"p50": None, "p90": None, "p99": None, "calls": 0}
    p = percentiles_ms(times)
    note = f"{entity_id}: {n} facts, {len(times)} of {calls} calls in the {budget:.0f} s budget"
    row(f"lookup {label} p50 ms", p["p50"], note + (f" (then: {failure})" if failure else ""))
    row(f"lookup {label} p90 ms", p["p90"])
    row(f"lookup {label} p99 ms", p["p99"])
    return {**p, "calls": len(times)}


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


def named_texts(store: OxigraphStore) -> dict[str, str]:
    """The named queries the service runs, each bound to values found in ``store``: its
    typical entity, the name of that entity to search for, the restrictions of its most
    popular entity in force on 2021-01-01, and one article."""
    (_, typical), (_, popular) = pick_entities(store)
    label = next(iter(store.query(f"SELECT ?l WHERE {{ <{typical}> <{RDFS_LABEL}> ?l }} LIMIT 1")))["l"].value  # type: ignore[index]
    article = next(iter(store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{ARTICLE_CLASS}> }} }} LIMIT 1")))[
        "g"
    ].value  # type: ignore[index]
    return {
        "entity": get_query("entity").bound(entity=typical),
        "entity_facts": get_query("entity_facts").bound(entity=typical),
        "entity_graph": get_query("entity_graph").bound(entity=typical),
        "entity_search": get_query("entity_search").bound(q=label.lower()),
        "restrictions": get_query("restrictions").bound(active_on="2021-01-01", technology=popular),
        "article": get_query("article").bound(article=article),
    }


def bench_named(cfg: Config, path: Path, texts: dict[str, str]) -> dict[str, float | None]:
    """Median and p90 of each named query on the whole synthetic graph (in a child)."""
    medians: dict[str, float | None] = {}
    for name, text in texts.items():
        found, failure = in_child(_query_child, (str(path), text, cfg.named_runs + 1), cfg.named_budget_s)
        times = found.get("t", [])[1:] or found.get("t", [])  # the first run warms the caches
        if not times:
            row(f"query {name} ms", "n/a", f"did not finish: {failure}")
            medians[name] = None
            continue
        p90 = statistics.quantiles(times, n=10, method="inclusive")[8] if len(times) > 1 else times[0]
        medians[name] = statistics.median(times)
        rows = int(found["rows"][0]) if "rows" in found else "?"
        row(
            f"query {name} ms",
            medians[name] * 1000,
            f"median of {len(times)}; p90 {fmt(p90 * 1000)} ms; {rows} rows",
        )
    return medians


def bench_rdflib(cfg: Config, store: OxigraphStore, tmp: Path) -> dict[str, float | None]:
    """Each named query run by rdflib's evaluator and by Oxigraph (on disk) on the same
    quads (a slice of whole article graphs when the store is bigger than rdflib can take);
    the ratio of the medians (rdflib / Oxigraph), None when Oxigraph did not finish."""
    quads, sliced = slice_quads(store, cfg.rdflib_max_quads)
    target = slice_store(quads, tmp / "slice") if sliced else store
    texts = named_texts(target)
    where = f"a slice of {len(quads):,} quads" if sliced else f"all {len(quads):,} quads"
    row("rdflib comparison on", len(quads), where + "; rdflib: Dataset(default_union=True) in memory")
    dataset, load_s = rdflib_dataset(quads)
    row("  rdflib load s", load_s, "Dataset(default_union=True).parse(N-Quads)")
    ratios: dict[str, float | None] = {}
    for name, text in texts.items():
        ox_t, ox_rows = oxigraph_side(cfg, target, text, name)
        rdf_t, rdf_rows = rdflib_side(cfg, dataset, text, name)
        if ox_rows is not None and ox_rows != rdf_rows:
            row("  rows differ", f"{ox_rows} vs {rdf_rows}", "Oxigraph vs rdflib (rdflib's union is a set)")
        ratios[name] = None if ox_t is None else rdf_t / ox_t
        if ox_t is not None:
            row(
                f"  {name} vs rdflib",
                rdf_t / ox_t,
                "rdflib median / Oxigraph median; above 1: Oxigraph is faster",
            )
    if sliced:
        target.close()
    return ratios


def oxigraph_side(cfg: Config, store: OxigraphStore, text: str, name: str) -> tuple[float | None, int | None]:
    """Median seconds of the query on Oxigraph, run in a child (None if no run finished),
    and its row count if known."""
    found, failure = in_child(_query_child, (str(store.path), text, cfg.rdflib_runs), cfg.query_budget_s)
    times = found.get("t", [])
    if not times:
        row(f"  {name} oxigraph ms", "n/a", f"did not finish: {failure}")
        return None, None
    rows = int(found["rows"][0]) if "rows" in found else None
    median = statistics.median(times)
    row(f"  {name} oxigraph ms", median * 1000, f"{rows} rows; {len(times)} runs")
    return median, rows


def rdflib_side(cfg: Config, dataset: rdflib.Dataset, text: str, name: str) -> tuple[float, int]:
    """Median seconds of the query on rdflib's evaluator, and its row count."""
    counts: list[int] = []  # rows of each run (the first is compared with Oxigraph's)
    times = within_budget(
        lambda: counts.append(len(list(dataset.query(text)))), cfg.rdflib_runs, cfg.query_budget_s
    )
    row(f"  {name} rdflib ms", statistics.median(times) * 1000, f"{counts[0]} rows; {len(times)} runs")
    return statistics.median(times), counts[0]


def slice_store(quads: list[ox.Quad], path: Path) -> OxigraphStore:
    """A fresh on-disk store holding exactly ``quads``, one transaction per graph."""
    store = OxigraphStore(path)
    for graph, triples in _by_graph(quads).items():
        store.add_triples(graph, triples)
    store.flush()
    return store


def rdflib_dataset(quads: list[ox.Quad]) -> tuple[rdflib.Dataset, float]:
    """The quads in an rdflib Dataset whose default graph is the union (as in techkg's
    store), and the seconds loading took."""
    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return dataset, time.perf_counter() - start


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str | None, list[ox.Triple]]:
    graphs: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, []).append(q.triple)
    return graphs


# --- 6. exports ------------------------------------------------------------------------------------


def bench_exports(cfg: Config, path: Path) -> dict[str, float | None]:
    """Seconds to export the whole store as GraphML and as the tracker CSV (None: too slow),
    and the number of edges the GraphML holds (to read the figure per 100k edges)."""
    out: dict[str, float | None] = {"edges": None}
    for name in ("graphml", "csv"):
        found, failure = in_child(_export_child, (str(path), name, cfg.export_runs), cfg.export_budget_s)
        times = found.get("t", [])
        out[name] = statistics.median(times) if times else None
        if "edges" in found:
            out["edges"] = found["edges"][0]
        if times:
            note = f"whole store, {found['bytes'][0] / 1e6:.3g} MB, {len(times)} runs"
            if name == "graphml" and out["edges"]:
                note += f", {int(out['edges']):,} edges"
            row(f"export {name} s", out[name], note)
        else:
            row(f"export {name} s", "n/a", f"whole store; did not finish: {failure}")
    if out["graphml"] and out["edges"]:
        row("  graphml s per 100k edges", out["graphml"] * 100_000 / out["edges"], "scaled linearly")
    return out


# --- 7. REST lookups under load ------------------------------------------------------------------


def typical_paths(store: OxigraphStore, n: int) -> list[str]:
    """``/entities/{id}`` of up to ``n`` typical entities: those between the 40th and 60th
    percentile of the number of facts, spread evenly over that band."""
    counts = fact_counts(store)
    band = counts[int(len(counts) * 0.4) : int(len(counts) * 0.6)] or counts
    step = max(1, len(band) // n)
    return [f"/entities/{iri.removeprefix(ENTITY_BASE)}" for _, iri in band[::step][:n]]


def bench_rest(cfg: Config, path: Path, paths: list[str]) -> dict[str, float | None]:
    """``GET /entities/{id}`` against a real ``techkg serve`` in its own process, the load
    from another: one client, then 16 concurrent clients, with the answer cache off (every
    request runs the queries) and on (after one warm-up pass over the entities)."""
    figures: dict[str, float | None] = {}
    for cache, label in ((0, "uncached"), (4096, "cached")):
        with serving(path, cache) as url:
            if cache:
                warm = load(url, paths, 1, max(2.0, cfg.rest_seconds / 3))
                row("  warm-up requests", warm["requests"], f"{len(paths)} entities")
            one = load(url, paths, 1, cfg.rest_seconds)
            many = load(url, paths, 16, cfg.rest_seconds)
        _rest_rows(label, one, many, len(paths))
        figures |= {
            f"{label}_p50_ms": one["p50_ms"], f"{label}_p99_ms": one["p99_ms"],
            f"{label}_rps_16": many["requests_per_s"], f"{label}_p50_16_ms": many["p50_ms"],
            f"{label}_p99_16_ms": many["p99_ms"],
        }  # fmt: skip
    if figures["uncached_rps_16"]:
        row(
            "  16 clients cached / uncached",
            figures["cached_rps_16"] / figures["uncached_rps_16"],
            "requests/s ratio",
        )
    return figures


def _rest_rows(label: str, one: dict, many: dict, entities: int) -> None:
    row(
        f"REST 1 client {label} p50 ms",
        one["p50_ms"],
        f"{one['requests']} requests over {entities} typical entities",
    )
    row(f"REST 1 client {label} p99 ms", one["p99_ms"], f"errors {one['errors']}")
    row(
        f"REST 16 clients {label} req/s",
        many["requests_per_s"],
        f"{many['tool']}, {many['requests']} requests, errors {many['errors']}",
    )
    row(f"REST 16 clients {label} p50 ms", many["p50_ms"])
    row(f"REST 16 clients {label} p99 ms", many["p99_ms"])


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


def measure(cfg: Config, tmp: Path) -> dict:
    """Every measurement in order; the figures for the JSON line."""
    extractor = Extractor()
    words_rate, pool = bench_extract(cfg, extractor)
    ingest_rate = bench_ingest(cfg, tmp, extractor)
    path, quads, load_s, open_s = build_graph(cfg, tmp, pool)
    store = OxigraphStore(path, read_only=True)
    typical, popular = pick_entities(store)
    named = bench_named(cfg, path, named_texts(store))
    lookup = bench_lookup(store, "typical", typical, cfg.lookup_calls, cfg.lookup_budget_s)
    hot = bench_lookup(store, "popular", popular, cfg.popular_calls, cfg.popular_budget_s)
    ratios = bench_rdflib(cfg, store, tmp)
    paths = typical_paths(store, cfg.rest_entities)
    store.close()
    del store
    rest = bench_rest(cfg, path, paths)
    exports = bench_exports(cfg, path)
    return {
        "quads": quads,
        "extract_words_per_s": sig(words_rate),
        "ingest_articles_per_s": sig(ingest_rate),
        "lookup_p50_ms": maybe_sig(rest["uncached_p50_ms"]),
        "lookup_p99_ms": maybe_sig(rest["uncached_p99_ms"]),
        "lookup_cached_p50_ms": maybe_sig(rest["cached_p50_ms"]),
        "lookup_rps_16": maybe_sig(rest["cached_rps_16"]),
        "lookup_p99_16_ms": maybe_sig(rest["cached_p99_16_ms"]),
        "lookup_rps_16_uncached": maybe_sig(rest["uncached_rps_16"]),
        "lookup_p99_16_uncached_ms": maybe_sig(rest["uncached_p99_16_ms"]),
        "lookup_fn_p50_ms": maybe_sig(lookup["p50"]),
        "lookup_fn_p99_ms": maybe_sig(lookup["p99"]),
        "lookup_popular_fn_p50_ms": maybe_sig(hot["p50"]),
        "lookup_vs_rdflib": maybe_sig(ratios.get("entity_facts")),
        "queries_vs_rdflib": {name: maybe_sig(r) for name, r in ratios.items()},
        "query_ms": {name: maybe_sig(m * 1000) if m is not None else None for name, m in named.items()},
        "bulk_load_s": sig(load_s),
        "store_open_s": sig(open_s),
        "export_graphml_s": maybe_sig(exports["graphml"]),
        "export_csv_s": maybe_sig(exports["csv"]),
        "export_edges": int(exports["edges"]) if exports["edges"] else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, and finish with the JSON line (always the last line)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a run of at most ~3 minutes")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    header(args.quick)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="techkg-bench-") as name:
        figures = measure(cfg, Path(name))
    row("total run s", time.perf_counter() - began)
    print(json.dumps({"mode": "quick" if args.quick else "full", "cpus": os.cpu_count(), **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
