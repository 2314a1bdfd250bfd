"""Deadlines for model work: when a request started, whether its client still waits, and the 503.

A check is worth scoring only while its client waits for it (the extension gives up after 5 s).
The deadline counts from when the request reached the first server: nginx stamps
``X-Request-Start: t=<unix seconds>`` (trusted only behind a configured proxy), so time spent
queued in front of the app counts too.
"""

import math
import select
import socket
import time
from collections.abc import Callable

from flask import current_app, request

from service.combiner import Overloaded
from service.errors import Unavailable

MAX_QUEUED_SECONDS = 60.0


def request_started() -> float:
    """time.monotonic() of the request's arrival at the first server we trust."""
    now = time.monotonic()
    if not current_app.config["PROXY_COUNT"]:
        return now
    stamp = request.headers.get("X-Request-Start", "").removeprefix("t=")
    try:
        queued = time.time() - float(stamp)
    except ValueError:
        return now
    if not math.isfinite(queued):
        return now
    return now - min(max(queued, 0.0), MAX_QUEUED_SECONDS)


def client_alive(environ: dict) -> Callable[[], bool]:
    """A cheap test of whether the client's connection is still open (gunicorn or Werkzeug).

    A closed connection reads as end-of-file; bytes waiting (a pipelined request) mean alive.
    """
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    if sock is None:
        return lambda: True

    def alive() -> bool:
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return True
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
        except BlockingIOError:
            return True
        except (OSError, ValueError):  # reset, or already closed
            return False

    return alive


def when() -> dict:
    """Keyword arguments for Scorer.check_many: this request's deadline and liveness test."""
    deadline = request_started() + current_app.config["CHECK_DEADLINE"]
    return {"deadline": deadline, "alive": client_alive(request.environ)}


def unavailable(error: Overloaded) -> Unavailable:
    retry_after = min(60, max(1, math.ceil(error.retry_after)))
    detail = f"The service is overloaded ({error.reason}); retry after {retry_after} s."
    return Unavailable(detail, retry_after)
