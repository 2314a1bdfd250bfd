"""POST /api/v1/feedback: a reader says a verdict was right or wrong."""

from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, current_app, jsonify

from service.cache import sha256_parts
from service.scoring import clean_text
from service.validation import HEADLINE_SOURCES, MAX_URL_CHARS, VERDICTS, Fields, json_body
from training.data import STANCES

bp = Blueprint("feedback", __name__, url_prefix="/api/v1")

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

    scorer = current_app.extensions["headline_check"]
    title, _ = clean_text(title, current_app.config["MAX_TITLE_CHARS"])
    body, _ = clean_text(body, current_app.config["MAX_BODY_CHARS"])
    record = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
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
    }
    if kind == "headline":  # the wrong text was judged: no stance label can come of it
        record["stance"] = None
    feedback_id = current_app.extensions["headline_check_feedback"].add(record)
    response = {
        "id": feedback_id,
        "stored_text": bool(share_text),
        "content_sha256": record["content_sha256"],
        "model_version": record["model_version"],
        "created_at": record["created_at"],
    }
    return jsonify(response), 201
