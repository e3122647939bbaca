"""A small HTTP load generator, run as its own process so it does not share the server's GIL.

    python bench/loadgen.py URL CLIENTS SECONDS PATHS_FILE

Each of CLIENTS threads keeps one HTTP/1.1 connection open and sends GET requests for the
paths in PATHS_FILE (one a line) in turn, each thread starting at a different place, for
SECONDS. Prints one JSON object: requests, errors (non-200), seconds, requests_per_s and
p50/p90/p99 latency in milliseconds. It is Python, so at many clients it spends CPU the
server would like; bench/run.py prefers ``wrk`` for the concurrent figure when installed.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit


def client(host: str, port: int, paths: list[str], start: int, until: float, out: list, errors: list) -> None:
    """One keep-alive connection sending requests until the deadline."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    i = start
    while time.perf_counter() < until:
        path = paths[i % len(paths)]
        i += 1
        began = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        out.append(time.perf_counter() - began)
        if response.status != 200:
            errors.append(response.status)
    connection.close()


def run(url: str, clients: int, seconds: float, paths: list[str]) -> dict:
    """Latencies and throughput of ``clients`` concurrent keep-alive clients."""
    parts = urlsplit(url)
    times: list[float] = []
    errors: list[int] = []
    began = time.perf_counter()
    until = began + seconds
    step = max(1, len(paths) // clients)
    threads = [
        threading.Thread(
            target=client, args=(parts.hostname, parts.port, paths, i * step, until, times, errors)
        )
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    cuts = (
        statistics.quantiles([t * 1000 for t in times], n=100, method="inclusive")
        if len(times) > 1
        else [0] * 99
    )
    return {
        "requests": len(times),
        "errors": len(errors),
        "seconds": elapsed,
        "requests_per_s": len(times) / elapsed,
        "p50_ms": cuts[49],
        "p90_ms": cuts[89],
        "p99_ms": cuts[98],
    }


if __name__ == "__main__":
    url, clients, seconds, paths_file = sys.argv[1:5]
    with open(paths_file, encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip()]
    print(json.dumps(run(url, int(clients), float(seconds), paths)))
