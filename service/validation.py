"""Reading request bodies: JSON objects with typed fields, or the matching problem (400/415/422)."""

from flask import current_app, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from service.errors import InvalidRequest, field_error
from training.verdict import SENSITIVITIES

MAX_URL_CHARS = 2048
# The checker's verdicts (training.verdict.decide / unjudged), as clients send them back.
VERDICTS = ("mismatch", "contradicted", "consistent", "unknown")
# Where a client found the headline (the extension's chooser); logged to count each path.
HEADLINE_SOURCES = ("h1", "heading", "og:title", "twitter:title", "json-ld", "title", "readability")


def _chunked_body(limit: int) -> bytes:
    """A chunked body (no Content-Length), read until its end or past ``limit`` (then 413).

    Werkzeug's own limited stream stops quietly at the limit, so an oversized chunked body
    looked like truncated JSON (400) instead of a body that is too large.
    """
    stream = request.environ["wsgi.input"]
    parts, size = [], 0
    while size <= limit:
        part = stream.read(min(65536, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
    raise RequestEntityTooLarge()


def json_body() -> object:
    """The request body parsed as JSON (any JSON value)."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON with Content-Type: application/json.")
    limit = request.max_content_length
    try:
        if request.content_length is None and limit and "wsgi.input_terminated" in request.environ:
            data = current_app.json.loads(_chunked_body(limit))
        else:
            data = request.get_json()
    except (BadRequest, ValueError):  # ValueError: a chunked body that is not JSON (or UTF-8)
        raise BadRequest("The request body is not valid JSON.") from None
    except RecursionError:  # deeply nested arrays are valid JSON that Python cannot parse
        raise BadRequest("The request body is nested too deeply.") from None
    return data


def scrub(text: str) -> str:
    """Replace lone surrogates (legal as \\udXXX in JSON, unencodable in UTF-8) with U+FFFD,
    so no string from a request can fail later in a database, a log or a hash."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


class Fields:
    """Collects every field error of one object, so a client sees them all at once.

    Strings come back scrubbed of lone surrogates.
    """

    def __init__(self, data: object, name: str = "request"):
        if not isinstance(data, dict):
            raise field_error(name, "must be a JSON object")
        self.errors: list[dict[str, str]] = []
        self.data = data

    def fail(self, field: str, message: str) -> None:
        self.errors.append({"field": field, "message": message})

    def text(self, field: str) -> str:
        """A required, non-blank string."""
        value = self.data.get(field)
        if value is None:
            self.fail(field, "is required")
        elif not isinstance(value, str):
            self.fail(field, "must be a string")
        elif not value.strip():
            self.fail(field, "must not be empty")
        else:
            return scrub(value)
        return ""

    def optional_text(self, field: str, max_chars: int) -> str | None:
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(field, "must be a string")
        elif len(value) > max_chars:
            self.fail(field, f"must be at most {max_chars} characters")
        else:
            return scrub(value)
        return None

    def choice(
        self, field: str, choices: tuple[str, ...], default: str | None = None, *, required=False
    ) -> str | None:
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, "is required")
            return default
        if value not in choices:  # also rejects non-strings
            self.fail(field, "must be one of " + ", ".join(choices))
            return default
        return value

    def flag(self, field: str, default: bool | None = None) -> bool | None:
        value = self.data.get(field)
        if value is None:
            if default is None:
                self.fail(field, "is required")
            return default
        if not isinstance(value, bool):
            self.fail(field, "must be true or false")
            return default
        return value

    def done(self) -> None:
        if self.errors:
            raise InvalidRequest(self.errors)


def check_fields(data: object, default_sensitivity: str, name: str = "request"):
    """(title, body, sensitivity) of one check request; raises InvalidRequest."""
    fields = Fields(data, name)
    title = fields.text("title")
    body = fields.text("body")
    fields.optional_text("url", MAX_URL_CHARS)
    sensitivity = fields.choice("sensitivity", SENSITIVITIES, default_sensitivity)
    fields.choice("headline_source", HEADLINE_SOURCES)  # optional; only validated here
    fields.done()
    return title, body, sensitivity
