"""/openapi.json is a valid OpenAPI 3.1 document and the real answers match its schemas."""

import json

import jsonschema
import pytest
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


@pytest.fixture
def spec(client):
    return client.get("/openapi.json").get_json()


@pytest.fixture
def conforms(spec):
    """conforms(response, path, method): the response matches the documented schema."""
    registry = Registry().with_resource("urn:spec", Resource(spec, specification=DRAFT202012))

    def check(response, path, method):
        documented = spec["paths"][path][method]["responses"][str(response.status_code)]
        if "$ref" in documented:
            documented = spec["components"]["responses"][documented["$ref"].rsplit("/", 1)[1]]
        media = documented["content"][response.mimetype]
        schema = {"$ref": "urn:spec" + media["schema"]["$ref"]}
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        validator.validate(response.get_json())

    return check


def test_spec_is_valid_openapi_3_1(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_spec_shows_configured_limits(make_app):
    spec = make_app(BATCH_MAX=7).test_client().get("/openapi.json").get_json()
    assert spec["components"]["schemas"]["BatchRequest"]["properties"]["items"]["maxItems"] == 7


def test_every_route_is_documented(app, spec):
    routes = {rule.rule for rule in app.url_map.iter_rules()} - {"/static/<path:filename>", "/"}
    assert routes == set(spec["paths"])


def test_check_answers_match(client, conforms, article):
    conforms(client.post("/api/v1/check", json=article), "/api/v1/check", "post")
    short = client.post("/api/v1/check", json={"title": "Hi there you", "body": "Short."})
    conforms(short, "/api/v1/check", "post")
    for data, content_type in [("{", "application/json"), ("x", "text/plain")]:
        response = client.post("/api/v1/check", data=data, content_type=content_type)
        conforms(response, "/api/v1/check", "post")
    conforms(client.post("/api/v1/check", json={"title": 1}), "/api/v1/check", "post")


def test_seed_page_answer_matches(client, conforms, seed_page):
    payload = {"title": seed_page["title"], "body": seed_page["body"]}
    conforms(client.post("/api/v1/check", json=payload), "/api/v1/check", "post")


def test_batch_answers_match(client, conforms, article):
    response = client.post("/api/v1/check/batch", json={"items": [article, {}, "x"]})
    conforms(response, "/api/v1/check/batch", "post")
    conforms(client.post("/api/v1/check/batch", json={"items": []}), "/api/v1/check/batch", "post")


def test_feedback_answers_match(client, conforms, article):
    payload = {**article, "verdict": "consistent", "correct": True}
    conforms(client.post("/api/v1/feedback", json=payload), "/api/v1/feedback", "post")
    conforms(client.post("/api/v1/feedback", json=article), "/api/v1/feedback", "post")


def test_meta_answers_match(client, conforms):
    conforms(client.get("/healthz"), "/healthz", "get")
    conforms(client.get("/readyz"), "/readyz", "get")
    conforms(client.get("/api/v1/model"), "/api/v1/model", "get")


def test_limit_answers_match(make_app, conforms, article):
    client = make_app(MAX_CONTENT_LENGTH=100, API_KEY="k").test_client()
    big = json.dumps({**article})
    response = client.post(
        "/api/v1/check", data=big, content_type="application/json", headers={"X-API-Key": "k"}
    )
    conforms(response, "/api/v1/check", "post")
    conforms(client.post("/api/v1/check", json=article), "/api/v1/check", "post")
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="1 per minute").test_client()
    limited.get("/api/v1/model")
    conforms(limited.get("/api/v1/model"), "/api/v1/model", "get")
