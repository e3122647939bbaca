"""The ``techkg`` command: ingest, extract, query, export, serve and eval.

Every command reads the same :class:`~app.settings.Settings`; ``--store`` overrides
``TECHKG_STORE``. Errors end the command with a one-line message and exit status 1
(2 for wrong usage); progress goes to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from app.limits import LimitExceeded
from app.settings import Settings
from app.store import StoreError, open_store
from extract.article import Article, ArticleError

QUERY_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
EXTRACT_FORMATS = ("jsonl", "turtle", "nquads")
#: extraction processes of `techkg ingest` (bench/ingest_scaling.py measured whether more help)
DEFAULT_WORKERS = 0


class CommandError(Exception):
    """A failure to report to the user as one line."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    from queries.exports import EXPORTS

    parser = argparse.ArgumentParser(prog="techkg", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", help="store directory or SPARQL endpoint URL (default: $TECHKG_STORE or ./techkg-data)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="read articles, extract their facts and store them")
    ingest.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (.txt .md .html .jsonl, .gz)"
    )
    ingest.add_argument(
        "--workers", type=_at_least(0), default=DEFAULT_WORKERS,
        help=f"extract in N worker processes; 0 extracts in this one (default {DEFAULT_WORKERS})",
    )  # fmt: skip
    ingest.add_argument(
        "--batch-size", type=_at_least(1), default=None,
        help="articles written to the store in one transaction (default 32)",
    )  # fmt: skip

    extract = sub.add_parser("extract", help="print the facts of articles; store nothing")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--format", choices=EXTRACT_FORMATS, default="jsonl")

    query = sub.add_parser("query", help="run a SPARQL query ('-' reads it from stdin)")
    query.add_argument("sparql", metavar="SPARQL")
    query.add_argument("--format", choices=[*QUERY_FORMATS, "table"], default="table")

    export = sub.add_parser("export", help="export the graph for visualisation or analysis")
    export.add_argument("--format", required=True, choices=sorted(EXPORTS))
    export.add_argument("-o", "--output", help="file to write (default: stdout)")
    export.add_argument("--entity", help="only the neighbourhood of this entity id")
    export.add_argument("--depth", type=int, default=1, help="neighbourhood depth (default 1)")
    export.add_argument("--technology", help="only facts about this technology id (and its products)")
    export.add_argument("--type", dest="entity_type", help="only facts touching entities of this type")
    export.add_argument("--active-on", help="only restrictions in force on this day (YYYY-MM-DD)")

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)

    backup = sub.add_parser("backup", help="dump the store to an N-Quads file with a checksum (.gz: gzipped)")
    backup.add_argument("file", metavar="FILE")
    restore = sub.add_parser("restore", help="load a checked backup into an empty store")
    restore.add_argument("file", metavar="FILE")

    evaluate = sub.add_parser("eval", help="score predicted facts against gold facts")
    evaluate.add_argument("gold", metavar="GOLD", help="gold .json file, folder of them, or .jsonl")
    evaluate.add_argument("pred", metavar="PRED", help="predicted facts (.jsonl, as `extract` prints)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    settings = Settings(**({"store": args.store} if args.store else {}))
    try:
        return COMMANDS[args.command](args, settings)
    except (CommandError, StoreError, ArticleError, LimitExceeded, ValueError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"techkg {args.command}: error: {message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from app.ingest import DEFAULT_BATCH_SIZE, IngestReport, ingest
    from app.prepare import ExtractorRecipe
    from app.progress import ProgressDisplay, StopBetweenBatches
    from app.sources import count_articles, read_articles

    store = open_store(settings.store, settings=settings)
    recipe = ExtractorRecipe(settings.min_confidence, settings.spacy_model)
    extractor = recipe if args.workers else recipe.build()  # built before the clock starts
    batch_size = args.batch_size or DEFAULT_BATCH_SIZE
    progress: ProgressDisplay | None = None
    try:
        with StopBetweenBatches() as stop:
            progress = ProgressDisplay(count_articles(args.paths))

            def show_then_stop_if_asked(report: IngestReport) -> None:
                progress(report)  # type: ignore[misc]
                stop.check()

            report = ingest(store, read_articles(args.paths), extractor, show_then_stop_if_asked,
                            batch_size=batch_size, workers=args.workers)  # fmt: skip
        progress.finish(report)
    except KeyboardInterrupt:
        stored = progress.report.articles if progress and progress.report else 0
        if progress:
            progress.stop()
        count = f"at least {stored}" if stop.forced else str(stored)
        raise CommandError(
            f"interrupted; {count} article(s) stored, each whole, the rest not: run the same command again"
        ) from None
    finally:
        store.close()
    for failure in report.failures:
        print(f"skipped: {failure}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.failures and not report.articles else 0


def _at_least(minimum: int) -> Callable[[str], int]:
    """The type of an option that takes a whole number >= ``minimum``; argparse turns the
    ValueError into a usage error that names the rule."""

    def whole(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise ValueError(text)
        return value

    whole.__name__ = f"whole number >= {minimum}"
    return whole


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from app.ingest import rdf_triples
    from app.sources import read_articles
    from extract.from_rdf import facts_json
    from extract.pipeline import Extractor, build_pipeline
    from extract.to_rdf import article_graph

    extractor = Extractor(build_pipeline(settings.min_confidence, settings.spacy_model))
    failures: list[ArticleError] = []
    for item in extractor.extract_many(_readable(read_articles(args.paths), failures)):
        if isinstance(item, ArticleError):
            print(f"techkg extract: skipped: {item}", file=sys.stderr)
            failures.append(item)
            continue
        try:
            graph = article_graph(item)
        except (KeyError, ValueError) as exc:  # one bad article never stops the others
            failure = ArticleError(f"{item.article.id}: {type(exc).__name__}: {exc}")
            print(f"techkg extract: skipped: {failure}", file=sys.stderr)
            failures.append(failure)
            continue
        if args.format == "jsonl":
            print(json.dumps(facts_json(graph, graph.identifier), ensure_ascii=False))
        else:
            name = ox.NamedNode(str(graph.identifier))
            quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in rdf_triples(graph)]
            fmt = ox.RdfFormat.N_QUADS if args.format == "nquads" else ox.RdfFormat.TURTLE
            data = quads if fmt.supports_datasets else [q.triple for q in quads]
            sys.stdout.write(ox.serialize(data, format=fmt).decode("utf-8"))
    return 1 if failures else 0


def _readable(items: Iterable[Article | ArticleError], failures: list[ArticleError]) -> Iterator[Article]:
    """Articles only; read errors are reported on stderr as they come and collected."""
    for item in items:
        if isinstance(item, ArticleError):
            print(f"techkg extract: skipped: {item}", file=sys.stderr)
            failures.append(item)
        else:
            yield item


def _query(args: argparse.Namespace, settings: Settings) -> int:
    text = sys.stdin.read() if args.sparql == "-" else args.sparql
    store = open_store(settings.store, fallback_read_only=True, settings=settings)
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        print("true" if bool(result) else "false")
    elif isinstance(result, ox.QueryTriples):
        sys.stdout.write(ox.serialize(list(result), format=ox.RdfFormat.TURTLE).decode("utf-8"))
    elif args.format == "table":
        print(_table(result))
    else:
        sys.stdout.write(result.serialize(format=QUERY_FORMATS[args.format]).decode("utf-8"))
    return 0


def _table(result: ox.QuerySolutions) -> str:
    """Solutions as an aligned text table (values shown without their RDF syntax)."""
    names = [v.value for v in result.variables]
    rows = [[_plain(row[n]) for n in names] for row in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def _plain(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from app.exporting import export
    from app.limits import check_export_size
    from app.lookups import NotFound

    store = open_store(settings.store, fallback_read_only=True, settings=settings)
    try:
        _, data = export(
            store,
            args.format,
            args.entity,
            args.depth,
            technology=args.technology,
            entity_type=args.entity_type,
            active_on=args.active_on,
        )
    except NotFound as exc:
        raise CommandError(str(exc)) from exc
    check_export_size(data, settings.max_export_bytes)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.service import create_app
    from app.service.access_log import configure_logging

    settings = settings.model_copy(update={k: v for k, v in (("host", args.host), ("port", args.port)) if v})
    configure_logging(settings)
    uvicorn.run(
        create_app(settings), host=settings.host, port=settings.port, log_config=None, access_log=False
    )
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from app.backup import backup

    store = open_store(settings.store, fallback_read_only=True, settings=settings)
    count = backup(store, Path(args.file))  # type: ignore[arg-type]
    print(f"backed up {count} statement(s) to {args.file}", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from app.backup import restore, verify

    verify(Path(args.file))  # before the store is even opened (or created)
    store = open_store(settings.store, settings=settings)
    try:
        count = restore(store, Path(args.file))  # type: ignore[arg-type]
    finally:
        store.close()
    print(f"restored {count} statement(s) from {args.file}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from app.evaluation import evaluate_files

    report = evaluate_files(Path(args.gold), Path(args.pred))
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.render())
    return 0


COMMANDS = {
    "ingest": _ingest,
    "extract": _extract,
    "query": _query,
    "export": _export,
    "serve": _serve,
    "eval": _eval,
    "backup": _backup,
    "restore": _restore,
}

if __name__ == "__main__":
    sys.exit(main())
