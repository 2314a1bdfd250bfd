"""Every error leaves the service as application/problem+json (RFC 9457)."""

import logging
import traceback

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable, UnprocessableEntity
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_MIME = "application/problem+json"
INVALID_REQUEST_TYPE = "/docs#problem-invalid-request"

log = logging.getLogger("service.errors")
# Headers of an HTTPException that survive into its problem response.
PASSED_HEADERS = {"allow", "www-authenticate", "retry-after"}


class InvalidRequest(UnprocessableEntity):
    """422 naming each offending field: ``errors`` is a list of {"field", "message"}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class Unavailable(ServiceUnavailable):
    """503 that tells the client when to come back (``Retry-After``)."""

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.retry_after = max(1, int(retry_after))

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Retry-After", str(self.retry_after))]


def field_error(field: str, message: str) -> InvalidRequest:
    """Shorthand for a 422 about one field."""
    return InvalidRequest([{"field": field, "message": message}])


def problem_body(
    status: int, detail: str, *, type_: str = "about:blank", **extra: object
) -> dict[str, object]:
    """The RFC 9457 members for ``status``; ``extra`` adds extension members."""
    return {
        "type": type_,
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem(status: int, detail: str, *, headers=None, **kwargs: object) -> Response:
    """A problem+json response."""
    body = problem_body(status, detail, instance=request.path, **kwargs)
    return Response(json.dumps(body), status, headers=headers, mimetype=PROBLEM_MIME)


def _detail(e: HTTPException) -> str:
    if e.code == 413:
        limit = request.max_content_length
        return f"The request body is larger than the limit of {limit} bytes."
    if e.code == 404:
        return "No such resource; see /docs for the API."
    if e.code == 405:
        return f"{request.method} is not allowed here; see the Allow header."
    return e.description or HTTP_STATUS_CODES.get(e.code or 500, "Error")


def handle_http_exception(e: HTTPException):
    """Turn any HTTPException (404, 405, 413, 429, our 422 ...) into problem+json."""
    if e.code is None or e.code < 400:
        return e  # routing redirects (e.g. a missing trailing slash) stay redirects
    headers = {k: v for k, v in e.get_headers() if k.lower() in PASSED_HEADERS}
    if isinstance(e, InvalidRequest):
        return problem(e.code, _detail(e), type_=INVALID_REQUEST_TYPE, errors=e.errors)
    return problem(e.code, _detail(e), headers=headers)


def handle_unexpected(e: Exception):
    """500 without the exception's text: messages may quote page text, which never leaves."""
    frames = "".join(traceback.format_tb(e.__traceback__))
    log.error("unhandled %s in request %s\n%s", type(e).__name__, g.get("request_id", "-"), frames)
    return problem(500, "The server could not complete the request.")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
