"""How bulk ingest scales (a benchmark, not a test): batch size, worker processes, memory.

    python bench/ingest_scaling.py            # 400-article runs x3; memory at 1k and 10k articles
    python bench/ingest_scaling.py --quick    # 150-article runs x3; memory at 300 and 1.5k

Every figure is end to end, as ``techkg ingest`` runs: a synthetic ``.jsonl`` corpus of
~600-word articles (bench/synthetic.py) read, extracted and written into a fresh on-disk
Oxigraph store; articles per second is the median of the runs. The baseline, measured
in the same run, is the write path ingest had before batching: one SPARQL update
(``DROP``; ``INSERT DATA``) per article. Worker runs count the workers' start-up (spawn,
imports, pipeline), since a user waits for it too.

Memory is measured in a fresh child process per corpus size: its resident set sampled
every 500 articles and its peak (``ru_maxrss``) at the end, so a leak shows as a climb.
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # run from a checkout, installed or not

from synthetic import synthetic_articles, write_jsonl  # noqa: E402

from app.ingest import ingest, rdf_triples  # noqa: E402
from app.prepare import ExtractorRecipe  # noqa: E402
from app.sources import read_articles  # noqa: E402
from app.store import OxigraphStore  # noqa: E402
from extract.article import ArticleError  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.to_rdf import article_graph  # noqa: E402

BATCH_SIZES = (1, 8, 32, 128)
WORKER_COUNTS = (0, 1, 2)
RSS_EVERY = 500
Once = Callable[[Path], None]
LABELS = {
    "baseline_per_article_update": "baseline: one SPARQL update per article",
    **{f"batch_{n}": f"batch of {n} per transaction" for n in BATCH_SIZES},
    **{f"workers_{n}": f"{n} worker process(es), batch 32" for n in WORKER_COUNTS},
}


def row(label: str, value: str, note: str = "") -> None:
    print(f"{label:<42} {value:>12}  {note}", flush=True)


def cpu_seconds() -> float:
    """CPU time of this process (all its threads, Oxigraph's too) and of its finished
    children (worker processes are joined at the end of their run)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def interleaved_runs(
    articles: int, runs: int, variants: dict[str, Once], tmp: Path
) -> dict[str, tuple[float, float]]:
    """Each variant's articles per second and CPU milliseconds per article, medians of
    ``runs``, each run into a fresh store. The variants take turns within each round, so
    a burst of load from elsewhere on a shared machine falls on all of them, not on one."""
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    for run in range(runs):
        for name, once in variants.items():
            start, cpu = time.perf_counter(), cpu_seconds()
            once(tmp / f"store-{name}-{run}")
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(cpu_seconds() - cpu)
    return {
        name: (articles / statistics.median(walls[name]), 1000 * statistics.median(cpus[name]) / articles)
        for name in variants
    }


def per_article_baseline(corpus: Path, extractor: Extractor) -> Once:
    """The former write path: extract in batches, then one SPARQL update per article."""

    def once(store_dir: Path) -> None:
        store = OxigraphStore(store_dir)
        items = (a for a in read_articles([corpus]) if not isinstance(a, ArticleError))
        for facts in extractor.extract_many(items):
            graph = article_graph(facts)
            store.replace_graph(str(graph.identifier), rdf_triples(graph))
        store.close()

    return once


def batched(corpus: Path, extractor: Extractor | ExtractorRecipe, batch: int, workers: int) -> Once:
    def once(store_dir: Path) -> None:
        store = OxigraphStore(store_dir)
        report = ingest(store, read_articles([corpus]), extractor, batch_size=batch, workers=workers)
        store.close()
        if report.failures:
            raise SystemExit(f"ingest failed: {report.failures[:3]}")

    return once


def throughput(corpus: Path, articles: int, runs: int, tmp: Path, only: str) -> dict[str, float]:
    extractor, recipe = Extractor(), ExtractorRecipe()
    variants = {"baseline_per_article_update": per_article_baseline(corpus, extractor)}
    variants |= {f"batch_{size}": batched(corpus, extractor, size, 0) for size in BATCH_SIZES}
    variants |= {f"workers_{n}": batched(corpus, recipe if n else extractor, 32, n) for n in WORKER_COUNTS}
    variants = {name: once for name, once in variants.items() if name.startswith(only)}
    load = os.getloadavg()[0]
    results = interleaved_runs(articles, runs, variants, tmp)
    row(
        "load average before / after", f"{load:.1f} / {os.getloadavg()[0]:.1f}", "(other jobs on the machine)"
    )
    base = results.get("baseline_per_article_update", (math.nan, 0))[0]
    alone = results.get("workers_0", (math.nan, 0))[0]
    figures: dict[str, float] = {}
    for name, (rate, cpu_ms) in results.items():
        figures[f"{name}_per_s"], figures[f"{name}_cpu_ms"] = rate, cpu_ms
        versus = (
            f"x{rate / alone:.2f} of in-process"
            if name.startswith("workers")
            else f"x{rate / base:.2f} of baseline"
        )
        row(
            LABELS.get(name, name),
            f"{rate:.1f}/s",
            f"{versus}; {cpu_ms:.1f} CPU ms/article; {articles} articles, median of {runs}",
        )
    return figures


def rss_kib() -> int:
    """This process's resident set now (Linux /proc), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory_child(corpus: Path, store_dir: Path) -> None:
    """Child process: ingest ``corpus`` and print the RSS samples and the peak as JSON."""
    extractor = Extractor()
    samples: list[tuple[int, int]] = [(0, rss_kib())]

    def progress(report) -> None:  # type: ignore[no-untyped-def]
        if report.done - samples[-1][0] >= RSS_EVERY:
            samples.append((report.done, rss_kib()))

    store = OxigraphStore(store_dir)
    report = ingest(store, read_articles([corpus]), extractor, progress)
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"articles": report.articles, "samples_kib": samples, "peak_kib": peak}))


def memory(sizes: tuple[int, ...], tmp: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    for n in sizes:
        corpus = write_jsonl(synthetic_articles(n, seed=7), tmp / f"mem-{n}.jsonl")
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(corpus), str(tmp / f"mem-store-{n}")],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        seconds = time.perf_counter() - start
        result = json.loads(out.strip().splitlines()[-1])
        samples = result["samples_kib"]
        trail = ", ".join(f"{done}: {kib // 1024}" for done, kib in samples[1:][-6:])
        figures[f"peak_rss_mib_{n}"] = result["peak_kib"] / 1024
        row(f"peak RSS, {n} articles", f"{result['peak_kib'] / 1024:.0f} MiB",
            f"{n / seconds:.1f}/s in a fresh process; RSS MiB after n articles: {trail}")  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-child", nargs=2, metavar=("CORPUS", "STORE"), help=argparse.SUPPRESS)
    parser.add_argument("--skip-throughput", action="store_true", help="only the memory figures")
    parser.add_argument("--skip-memory", action="store_true", help="only the throughput figures")
    parser.add_argument("--articles", type=int, help="articles in each throughput run")
    parser.add_argument("--only", default="", help="only the throughput variants named so (e.g. workers)")
    args = parser.parse_args()
    if args.memory_child:
        memory_child(Path(args.memory_child[0]), Path(args.memory_child[1]))
        return
    articles, sizes = (150, (300, 1500)) if args.quick else (400, (1000, 10000))
    articles = args.articles or articles
    figures: dict[str, float] = {"cpus": float(os.cpu_count() or 0)}
    with tempfile.TemporaryDirectory(prefix="techkg-ingest-") as tmp:
        corpus = write_jsonl(synthetic_articles(articles), Path(tmp) / "corpus.jsonl")
        if not args.skip_throughput:
            figures |= throughput(corpus, articles, args.runs, Path(tmp), args.only)
        if not args.skip_memory:
            figures |= memory(sizes, Path(tmp))
    print(json.dumps({k: round(v, 1) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
