"""Health, readiness, the model card, the OpenAPI document and the docs page."""

import json
import logging

from flask import Blueprint, current_app, jsonify, redirect, render_template
from markupsafe import Markup, escape

from service import openapi
from service.db import StoreUnavailable
from service.errors import problem

bp = Blueprint("meta", __name__)
log = logging.getLogger("service.meta")


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    scorer = current_app.extensions.get("headline_check")
    if scorer is None:
        return problem(503, "The model is not loaded.")
    try:
        current_app.extensions["headline_check_feedback"].ping()  # a real write
    except StoreUnavailable as error:
        log.error("not ready: %s", error)
        return problem(503, "The feedback database does not accept writes.", database="failing")
    return jsonify({"status": "ready", "model": scorer.model, "database": "ok"})


@bp.get("/api/v1/model")
def model_card():
    checker = current_app.extensions["headline_check"].checker
    # The thresholds in force: the card's, unless the THRESHOLDS setting overrides them.
    return jsonify({**checker.card, "thresholds": checker.thresholds})


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi.spec(current_app.config))


@bp.get("/")
def index():
    return redirect("/docs")


@bp.get("/docs")
def docs():
    spec = openapi.spec(current_app.config)
    return render_template("docs.html", spec=spec, config=current_app.config)


def type_label(schema: dict) -> Markup:
    """A short human-readable type for a JSON Schema, linking named schemas."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return Markup('<a href="#schema-{0}">{0}</a>').format(name)
    if "anyOf" in schema or "oneOf" in schema:
        parts = schema.get("anyOf") or schema.get("oneOf")
        return Markup(" or ").join(type_label(part) for part in parts)
    if "enum" in schema:
        return Markup(" | ").join(escape(json.dumps(value)) for value in schema["enum"])
    if "const" in schema:
        return escape(json.dumps(schema["const"]))
    if schema.get("type") == "array":
        return Markup("array of ") + type_label(schema.get("items", {}))
    kind = schema.get("type", "any")
    return escape(" or ".join(kind) if isinstance(kind, list) else kind)


@bp.app_template_filter("pretty_json")
def pretty_json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


bp.add_app_template_filter(type_label, "type_label")
