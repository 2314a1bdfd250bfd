"""POST /api/v1/check and /api/v1/check/batch."""

import logging
import time

from flask import Blueprint, current_app, g, jsonify

from service import overload, ratelimit
from service.combiner import Overloaded
from service.errors import (
    INVALID_REQUEST_TYPE,
    InvalidRequest,
    field_error,
    handle_http_exception,
    problem_body,
)
from service.scoring import Scorer
from service.validation import Fields, check_fields, json_body

bp = Blueprint("check", __name__, url_prefix="/api/v1")
log = logging.getLogger("service.overload")


def scorer() -> Scorer:
    return current_app.extensions["headline_check"]


def _prepare(data: object, name: str = "request"):
    title, body, sensitivity = check_fields(data, current_app.config["DEFAULT_SENSITIVITY"], name)
    return scorer().prepare(title, body, sensitivity)


@bp.post("/check")
def check():
    """Check one (title, body) pair."""
    data = json_body()
    item = _prepare(data)
    g.headline_source = data.get("headline_source")  # validated by _prepare: a name, never text
    result = scorer().check(item, **overload.when())
    g.model_version = result["model"]["version"]
    g.cached = result["cached"]
    return jsonify(result)


@bp.post("/check/batch")
def check_batch():
    """Check up to BATCH_MAX pairs; an invalid item gets its own error, the rest are scored."""
    start = time.perf_counter()
    items = Fields(json_body()).data.get("items")
    limit = current_app.config["BATCH_MAX"]
    if not isinstance(items, list):
        raise field_error("items", "must be a list of check requests")
    if not items:
        raise field_error("items", "must not be empty")
    if len(items) > limit:
        raise field_error("items", f"must hold at most {limit} items, not {len(items)}")
    ratelimit.spend(len(items))  # the limit counts pages, not requests

    results: list[dict | None] = [None] * len(items)
    valid = []
    for index, data in enumerate(items):
        try:
            valid.append((index, _prepare(data, name="item")))
        except InvalidRequest as e:
            error = problem_body(422, e.description, type_=INVALID_REQUEST_TYPE, errors=e.errors)
            results[index] = {"index": index, "status": 422, "error": error}
    scored = scorer().check_many([item for _, item in valid], **overload.when())
    for (index, _), result in zip(valid, scored, strict=True):
        results[index] = {"index": index, "status": 200, "result": result}

    model = scorer().model
    g.model_version = model["version"]
    elapsed_ms = round((time.perf_counter() - start) * 1000, 3)
    return jsonify({"results": results, "model": model, "elapsed_ms": elapsed_ms})


@bp.errorhandler(Overloaded)
def overloaded(error: Overloaded):
    """Work that would be late, or whose client left: a fast 503 with Retry-After."""
    log.warning("request_id=%s not scored: %s", g.get("request_id", "-"), error.reason)
    return handle_http_exception(overload.unavailable(error))
