"""Request ids and one log line per request: id, status, timing, model version, never page text.

Every field that comes from the request is escaped: a ``%0a`` or NUL in a path cannot forge a
line or reach the log file raw.
"""

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

log = logging.getLogger("service.access")

# A client-supplied id is echoed only if it is short and plain, so it cannot inject log lines.
_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Kept as they are: printable ASCII except space, backslash and the quote-like characters.
_UNSAFE = re.compile(r"[^!#-&(-\[\]-~]")
MAX_FIELD_CHARS = 512


def escape(value: str) -> str:
    """One log-safe token: controls, spaces, quotes, backslashes and non-ASCII as \\xNN/\\uNNNN."""

    def code(match: re.Match) -> str:
        n = ord(match.group(0))
        return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"

    if len(value) > MAX_FIELD_CHARS:
        value = value[:MAX_FIELD_CHARS] + "..."
    return _UNSAFE.sub(code, value) or "-"


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _CLIENT_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.start = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    elapsed_ms = (time.perf_counter() - g.get("start", time.perf_counter())) * 1000
    log.info(
        "request_id=%s method=%s path=%s status=%d duration_ms=%.2f model_version=%s cached=%s"
        " headline_source=%s",
        request_id,
        escape(request.method),
        escape(request.path),
        response.status_code,
        elapsed_ms,
        g.get("model_version", "-"),
        g.get("cached", "-"),
        escape(g.get("headline_source") or "-"),
    )
    return response


def init_app(app: Flask) -> None:
    """Register first, so every other hook and error already has a request id."""
    # app.logger is the "service" logger; Flask gives it a stderr handler if nothing else does.
    app.logger.setLevel(app.config["LOG_LEVEL"])
    app.before_request(_start)
    app.after_request(_finish)
