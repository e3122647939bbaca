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
import random
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
from synthetic import NamePools, remap_facts, synthetic_articles, write_jsonl  # noqa: E402

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


@dataclass(frozen=True)
class Config:
    """How much work a run does; ``--quick`` must stay under ~3 minutes on 2 cores."""

    extract_articles: int
    ingest_articles: int
    ingest_runs: int
    target_quads: int
    grow_budget_s: float
    lookup_calls: int
    lookup_budget_s: float
    early_budget_s: float
    popular_calls: int
    popular_budget_s: float
    rdflib_max_quads: int
    rdflib_runs: int
    query_budget_s: float
    export_runs: int
    export_budget_s: float


QUICK = Config(
    extract_articles=100, ingest_articles=300, ingest_runs=2, target_quads=200_000, grow_budget_s=20,
    lookup_calls=200, lookup_budget_s=20, early_budget_s=5, popular_calls=30, popular_budget_s=10,
    rdflib_max_quads=250_000, rdflib_runs=5, query_budget_s=15, export_runs=1, export_budget_s=10,
)  # fmt: skip
FULL = Config(
    extract_articles=300, ingest_articles=2000, ingest_runs=3, target_quads=1_000_000, grow_budget_s=300,
    lookup_calls=1000, lookup_budget_s=300, early_budget_s=30, popular_calls=200, popular_budget_s=120,
    rdflib_max_quads=250_000, rdflib_runs=20, query_budget_s=120, export_runs=3, export_budget_s=300,
)  # fmt: skip
#: the most memory a child process measuring a query may take: half of the machine's
MEMORY_CAP = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
FACT_CLASSES = "tk:Offering tk:Classification tk:Supply tk:Use tk:Restriction"


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
        for _ in range(100):
            facts = remap_facts(pool[remapped % len(pool)], f"remap-{remapped:07d}", pools, rng)
            graph = article_graph(facts)
            store.add_triples(str(graph.identifier), rdf_triples(graph))
            remapped += 1
        quads = store.stats()["quads"]
    store.flush()
    row("quads for lookups", quads, f"+{ingested} ingested, +{remapped} remapped articles")
    row("  article graphs", store.stats()["graphs"])
    return quads


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


def bench_rdflib(cfg: Config, store: OxigraphStore, tmp: Path) -> float | None:
    """The ``entity_facts`` query text run by rdflib's evaluator and by Oxigraph on the same
    quads, for a typical entity; the ratio of the medians (rdflib / Oxigraph), None when
    Oxigraph did not finish."""
    quads, sliced = slice_quads(store, cfg.rdflib_max_quads)
    target = slice_store(quads, tmp / "slice") if sliced else store
    n, iri = pick_entities(target)[0]
    text = get_query("entity_facts").bound(entity=iri)
    where = f"a slice of {len(quads):,} quads" if sliced else f"all {len(quads):,} quads"
    ox_t, ox_rows = oxigraph_side(cfg, target, text, f"{where}; {iri.removeprefix(ENTITY_BASE)}: {n} facts")
    rdf_t, rdf_rows = rdflib_side(cfg, quads, text)
    if sliced:
        target.close()
    if ox_rows is not None and ox_rows != rdf_rows:
        row("  warning: rows differ", f"{ox_rows} vs {rdf_rows}", "Oxigraph vs rdflib")
    if ox_t is None:
        row("lookup_vs_rdflib", "n/a", "Oxigraph did not finish")
        return None
    row("lookup_vs_rdflib", rdf_t / ox_t, "rdflib median / Oxigraph median; above 1: rdflib is slower")
    return rdf_t / ox_t


def oxigraph_side(cfg: Config, store: OxigraphStore, text: str, note: str) -> tuple[float | None, int | None]:
    """Median seconds of the query on Oxigraph, run in a child (None if no run finished),
    and its row count if known."""
    found, failure = in_child(_query_child, (str(store.path), text, cfg.rdflib_runs), cfg.query_budget_s)
    times = found.get("t", [])
    if not times:
        row("entity_facts oxigraph ms", "n/a", f"{note}; did not finish: {failure}")
        return None, None
    rows = int(found["rows"][0]) if "rows" in found else None
    median = statistics.median(times)
    row("entity_facts oxigraph ms", median * 1000, f"{note}; {rows} rows; {len(times)} runs")
    return median, rows


def rdflib_side(cfg: Config, quads: list[ox.Quad], text: str) -> tuple[float, int]:
    """Median seconds of the query on rdflib's evaluator, and its row count."""
    dataset, load = rdflib_dataset(quads)
    rows = len(list(dataset.query(text)))
    times = within_budget(lambda: list(dataset.query(text)), cfg.rdflib_runs, cfg.query_budget_s)
    row("entity_facts rdflib ms", statistics.median(times) * 1000, f"{rows} rows; {len(times)} runs")
    row("  rdflib load s", load, "Dataset(default_union=True).parse(N-Quads)")
    return statistics.median(times), rows


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


def bench_exports(cfg: Config, store: OxigraphStore) -> dict[str, float | None]:
    """Seconds to export the whole store as GraphML and as the tracker CSV (None: too slow)."""
    out: dict[str, float | None] = {}
    for name in ("graphml", "csv"):
        found, failure = in_child(
            _export_child, (str(store.path), name, cfg.export_runs), cfg.export_budget_s
        )
        times = found.get("t", [])
        out[name] = statistics.median(times) if times else None
        if times:
            row(
                f"export {name} s",
                out[name],
                f"whole store, {found['bytes'][0] / 1e6:.3g} MB, {len(times)} runs",
            )
        else:
            row(f"export {name} s", "n/a", f"whole store; did not finish: {failure}")
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


def measure(cfg: Config, tmp: Path) -> dict:
    """Every measurement in order; the figures for the JSON line."""
    extractor = Extractor()
    words_rate, pool = bench_extract(cfg, extractor)
    ingest_rate, store = bench_ingest(cfg, tmp, extractor)
    early_quads = store.stats()["quads"]
    early = bench_lookup(
        store, "typical, early", pick_entities(store)[0], cfg.lookup_calls, cfg.early_budget_s
    )
    quads = grow(cfg, store, tmp, extractor, pool)
    typical, popular = pick_entities(store)
    lookup = bench_lookup(store, "typical", typical, cfg.lookup_calls, cfg.lookup_budget_s)
    hot = bench_lookup(store, "popular", popular, cfg.popular_calls, cfg.popular_budget_s)
    ratio = bench_rdflib(cfg, store, tmp)
    exports = bench_exports(cfg, store)
    store.close()
    return {
        "quads": quads,
        "extract_words_per_s": sig(words_rate),
        "ingest_articles_per_s": sig(ingest_rate),
        "lookup_p50_ms": maybe_sig(lookup["p50"]),
        "lookup_p90_ms": maybe_sig(lookup["p90"]),
        "lookup_p99_ms": maybe_sig(lookup["p99"]),
        "lookup_calls": lookup["calls"],
        "lookup_popular_p50_ms": maybe_sig(hot["p50"]),
        "lookup_popular_calls": hot["calls"],
        "early_quads": early_quads,
        "early_lookup_p50_ms": maybe_sig(early["p50"]),
        "lookup_vs_rdflib": maybe_sig(ratio),
        "export_graphml_s": maybe_sig(exports["graphml"]),
        "export_csv_s": maybe_sig(exports["csv"]),
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
