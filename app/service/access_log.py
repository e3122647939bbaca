"""One log line per request, and the service's log format.

Every request gets an id: the client's ``X-Request-ID`` when it is a plain token, else a
new one; it is sent back in the response's ``X-Request-ID`` and logged with the method,
path, status and milliseconds taken, so a user's report can be matched to a log line.
With ``TECHKG_LOG_FORMAT=json`` (the default) each line on stderr is one JSON object, which
log collectors read without parsing rules; values a client sent (the path) are escaped by
JSON, so they cannot forge lines.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from fastapi import FastAPI

from app.settings import Settings

log = logging.getLogger("techkg.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
#: a record's own attributes, and uvicorn's copy of the message in terminal colours
_SKIPPED = {*vars(logging.makeLogRecord({})), "message", "color_message"}


class AccessLog:
    """ASGI middleware: gives each request its id and logs it once answered."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            ms = round((time.perf_counter() - started) * 1000, 1)
            fields = {"request_id": request_id, "method": scope["method"], "path": scope["path"]}
            log.info(
                "%s %s %s %sms", scope["method"], scope["path"], status, ms,
                extra={**fields, "status": status, "ms": ms},
            )  # fmt: skip


def _request_id(scope: dict) -> str:
    """The client's ``X-Request-ID`` when it is a plain token, else a fresh one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if REQUEST_ID.match(given):
                return given
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, our fields, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _SKIPPED})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


JsonFormatter.converter = time.gmtime


def configure_logging(settings: Settings) -> None:
    """Send techkg's and uvicorn's logs to stderr in the configured format and level."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("techkg", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(settings.log_level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True  # AccessLog writes one line per request


def install(app: FastAPI) -> None:
    """Log every request (added last, so it is outermost and sees CORS preflights too)."""
    app.add_middleware(AccessLog)
