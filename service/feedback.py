"""POST /api/v1/feedback: a reader says a verdict was right or wrong.

An ``Idempotency-Key`` header makes a retry safe: the same key stores nothing new and answers
with the first row. A database that cannot store (full, read-only, down) is a 503.
"""

import logging
import re
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, current_app, jsonify, request

from service.cache import sha256_parts
from service.db import IdempotencyConflict, StoreUnavailable, now_iso
from service.errors import Unavailable, field_error
from service.scoring import clean_text
from service.validation import HEADLINE_SOURCES, MAX_URL_CHARS, VERDICTS, Fields, json_body
from training.data import STANCES

bp = Blueprint("feedback", __name__, url_prefix="/api/v1")
log = logging.getLogger("service.feedback")

# Printable ASCII without spaces: UUIDs and the like (draft-ietf-httpapi-idempotency-key-header).
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,128}")
STORE_RETRY_AFTER = 30


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise field_error("Idempotency-Key", "must be 1 to 128 printable ASCII characters")
    return key


# "verdict": the reader judges the verdict; "headline": the text judged was not the headline.
FEEDBACK_KINDS = ("verdict", "headline")


def _page_url(url: str | None) -> str | None:
    """The URL without query string and fragment, which may identify the reader."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


@bp.post("/feedback")
def feedback():
    fields = Fields(json_body())
    title = fields.text("title")
    body = fields.text("body")
    url = fields.optional_text("url", MAX_URL_CHARS)
    verdict = fields.choice("verdict", VERDICTS, required=True)
    correct = fields.flag("correct")
    predicted_stance = fields.choice("predicted_stance", STANCES)
    stance = fields.choice("stance", STANCES)
    share_text = fields.flag("share_text", default=False)
    model_version = fields.optional_text("model_version", 200)
    kind = fields.choice("kind", FEEDBACK_KINDS, "verdict")
    headline_source = fields.choice("headline_source", HEADLINE_SOURCES)
    fields.done()
    key = _idempotency_key()

    scorer = current_app.extensions["headline_check"]
    title, _ = clean_text(title, current_app.config["MAX_TITLE_CHARS"])
    body, _ = clean_text(body, current_app.config["MAX_BODY_CHARS"])
    record = {
        "created_at": now_iso(),
        "model_name": scorer.model["name"],
        "model_version": model_version or scorer.model["version"],
        "verdict": verdict,
        "predicted_stance": predicted_stance,
        "correct": int(bool(correct)),
        "stance": stance,
        "url": _page_url(url),
        "content_sha256": sha256_parts(title, body),
        "title": title if share_text else None,
        "body": body if share_text else None,
        "kind": kind,
        "headline_source": headline_source,
        "idempotency_key": key,
    }
    if kind == "headline":  # the wrong text was judged: no stance label can come of it
        record["stance"] = None
    try:
        stored, replayed = current_app.extensions["headline_check_feedback"].add(record)
    except StoreUnavailable as error:
        log.error("feedback not stored: %s", error)
        raise Unavailable(
            "The feedback database cannot store feedback right now; nothing was stored.",
            STORE_RETRY_AFTER,
        ) from None
    except IdempotencyConflict:
        raise field_error("Idempotency-Key", "was already used for different feedback") from None
    response = {
        "id": stored["id"],
        "stored_text": stored["title"] is not None,
        "content_sha256": stored["content_sha256"],
        "model_version": stored["model_version"],
        "created_at": stored["created_at"],
    }
    # 201 the first time; a replay answers 200 with the same body.
    return jsonify(response), 200 if replayed else 201
