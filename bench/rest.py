"""REST lookups under load: a real ``techkg serve`` in its own process, the load from another.

:func:`serving` starts the server on a store and waits for ``/health``; :func:`load` runs
``wrk`` (Debian's ``wrk``, when installed) or ``bench/loadgen.py`` against a list of paths
and returns requests/s and latency percentiles.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
_WRK_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(store: Path, cache_entries: int) -> Iterator[str]:
    """``techkg serve`` on ``store`` (owning it, as in production) in a child process; its URL."""
    port = free_port()
    env = {**os.environ, "TECHKG_STORE": str(store), "TECHKG_CACHE_ENTRIES": str(cache_entries)}
    env.pop("TECHKG_TOKEN", None)
    command = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would stall the server
        serve = [*command, "serve", "--port", str(port)]
        proc = subprocess.Popen(serve, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url, proc, errors)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(url: str, proc: subprocess.Popen, errors: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            errors.seek(0)
            raise RuntimeError(f"techkg serve exited: {errors.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("techkg serve did not answer /health within 60 s")


def load(url: str, paths: list[str], clients: int, seconds: float, use_wrk: bool = True) -> dict:
    """Requests/s and p50/p90/p99 ms of ``clients`` keep-alive clients for ``seconds``."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths) + "\n")
        paths_file = f.name
    try:
        if use_wrk and shutil.which("wrk") and clients > 1:
            return _wrk(url, paths_file, clients, seconds)
        out = subprocess.run(
            [sys.executable, str(HERE / "loadgen.py"), url, str(clients), str(seconds), paths_file],
            capture_output=True,
            text=True,
            check=True,
        )
        return {**json.loads(out.stdout.strip().splitlines()[-1]), "tool": "loadgen.py"}
    finally:
        os.unlink(paths_file)


def _wrk(url: str, paths_file: str, clients: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT % paths_file)
        script = f.name
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency", "-s", script, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script)
    return {**parse_wrk(out), "tool": "wrk"}


def parse_wrk(text: str) -> dict:
    """The figures of wrk's ``--latency`` report.

    >>> report = '''  Latency Distribution
    ...      50%    1.20ms
    ...      75%  800.00us
    ...      90%    2.50ms
    ...      99%    1.01s
    ...   20000 requests in 10.00s, 1.00MB read
    ...   Non-2xx or 3xx responses: 3
    ... Requests/sec:   2000.10'''
    >>> parse_wrk(report)["p99_ms"], parse_wrk(report)["requests_per_s"], parse_wrk(report)["errors"]
    (1010.0, 2000.1, 3)
    """
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    cuts = {
        int(p): float(v) * scale[u]
        for p, v, u in re.findall(r"^\s*(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    }
    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "errors": int(errors.group(1)) if errors else 0,
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),  # type: ignore[union-attr]
        "p50_ms": cuts.get(50),
        "p90_ms": cuts.get(90),
        "p99_ms": cuts.get(99),
    }
