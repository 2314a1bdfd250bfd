"""gunicorn's threaded worker, answering the requests it rejects itself as problem+json.

gunicorn parses the request line and headers before the app sees anything, and writes its own
HTML page when they are malformed or too large. This worker writes the same RFC 9457 body the
app does (414, 431, 505 ... see docs/service.md), and logs the rejection without the request
line (which could carry a query string or control characters). Selected with
``worker_class = "service.gunicorn_worker.ProblemThreadWorker"`` (deploy/gunicorn.conf.py).
"""

import json

from gunicorn import util
from gunicorn.http import errors
from gunicorn.workers.gthread import ThreadWorker
from werkzeug.http import HTTP_STATUS_CODES

from service.errors import PROBLEM_MIME, problem_body

# (exception, status, detail) in the order they are tried; other parse errors are 400.
REJECTIONS: list[tuple[type[Exception], int, str]] = [
    (errors.LimitRequestLine, 414, "The request line (method, path, query) is too long."),
    (errors.LimitRequestHeaders, 431, "The request's header fields are too many or too large."),
    (errors.InvalidHTTPVersion, 505, "Only HTTP/1.0 and HTTP/1.1 are supported."),
    (errors.UnsupportedTransferCoding, 501, "Only chunked transfer coding is supported."),
    (errors.ExpectationFailed, 417, "Only 'Expect: 100-continue' is supported."),
    (errors.ForbiddenProxyRequest, 403, "PROXY protocol lines are not accepted from here."),
]
BAD_REQUEST = "The request is malformed (request line, header fields or chunked body)."
APP_FAULTS = (errors.InvalidResponseHeader, errors.InvalidResponseHeaderName)


def rejection(exc: Exception) -> tuple[int, str] | None:
    """(status, detail) for a request gunicorn could not parse; None for other errors."""
    if not isinstance(exc, errors.ParseException) or isinstance(exc, APP_FAULTS):
        return None
    if isinstance(exc, errors.ConfigurationProblem):
        return None
    for kind, status, detail in REJECTIONS:
        if isinstance(exc, kind):
            return status, detail
    return 400, BAD_REQUEST


def problem_response(status: int, detail: str) -> bytes:
    body = json.dumps(problem_body(status, detail)).encode()
    reason = HTTP_STATUS_CODES.get(status, "Error")
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_MIME}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class ProblemThreadWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc):
        answer = rejection(exc)
        if answer is None:
            return super().handle_error(req, client, addr, exc)
        status, detail = answer
        ip = addr[0] if addr else "-"
        self.log.warning(
            "rejected a malformed request: status=%d error=%s client=%s",
            status,
            type(exc).__name__,
            ip,
        )
        try:
            util.write_nonblock(client, problem_response(status, detail))
        except Exception:
            self.log.debug("could not send the error response")
