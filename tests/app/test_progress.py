"""Ingest progress on stderr: a bar on a terminal, plain lines in logs, counted up front."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from app.ingest import IngestReport
from app.progress import LOG_INTERVAL, ProgressDisplay

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


class Clock:
    """A clock the test moves by hand (the display only asks it the time)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def report_with(stored: int, failed: int) -> IngestReport:
    report = IngestReport(articles=stored)
    report.failures += ["x: broken"] * failed
    return report


def test_on_a_terminal_the_bar_is_redrawn_in_place_with_rate_and_eta() -> None:
    out, clock = io.StringIO(), Clock()
    display = ProgressDisplay(200, out, tty=True, clock=clock)
    clock.now += 10
    display(report_with(45, 5))
    clock.now += 0.01
    display(report_with(46, 5))  # too soon after the last redraw: nothing drawn
    clock.now += 30
    display.finish(report_with(195, 5))
    frames = out.getvalue().split("\r")[1:]
    assert len(frames) == 2
    assert frames[0].startswith(
        "[######------------------] 50/200 articles (25%), 5.0 articles/s, ETA 30s, 5 failed"
    )
    assert frames[1].startswith("[########################] 200/200 articles (100%), 5.0 articles/s, ETA 0s")
    assert out.getvalue().endswith("\n")


def test_in_a_log_a_plain_line_comes_every_so_often() -> None:
    out, clock = io.StringIO(), Clock()
    display = ProgressDisplay(None, out, tty=False, clock=clock)
    for _ in range(30):
        clock.now += LOG_INTERVAL / 4
        display(report_with(10, 0))
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()
    assert len(lines) == 7  # one per interval
    assert lines[0].startswith("ingest: 10 articles, ")


def test_the_cli_draws_a_bar_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    main, terminal = pty.openpty()
    env = {**os.environ, "TECHKG_STORE": str(tmp_path / "store")}
    command = [sys.executable, "-m", "app.cli", "ingest", str(EXAMPLES)]
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=terminal) as run:
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closes when the process exits
                break
            if not chunk:
                break
            seen += chunk
    os.close(main)
    assert run.returncode == 0
    shown = seen.decode()
    assert "\r[" in shown and "50/50 articles (100%)" in shown and "articles/s" in shown and "ETA" in shown
    piped = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert "\r" not in piped.stderr and "ingest: 50/50 articles (100%)" in piped.stderr
    assert piped.stderr.splitlines()[-1].startswith("ingested 50 article(s)")
