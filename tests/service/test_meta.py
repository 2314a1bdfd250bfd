"""Health, readiness, the model card and the docs page."""

import re

from service.meta import type_label


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_model_and_database(client, checker):
    body = client.get("/readyz").get_json()
    assert body == {
        "status": "ready",
        "model": {"name": checker.name, "version": checker.version},
        "database": "ok",
    }


def test_readyz_is_503_when_the_database_is_gone(app, tmp_path):
    store = app.extensions["headline_check_feedback"]
    store.path = str(tmp_path)  # a directory: sqlite cannot open it
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"


def test_readyz_is_503_without_a_model(app):
    del app.extensions["headline_check"]
    assert app.test_client().get("/readyz").status_code == 503


def test_model_card_is_the_loaded_models(client, checker):
    card = client.get("/api/v1/model").get_json()
    assert card["sha256"] == checker.card["sha256"]
    assert card["version"] == checker.version
    assert set(card["thresholds"]) == {"low", "normal", "high"}


def test_model_card_shows_configured_thresholds(make_app):
    override = {"normal": {"unrelated": 0.97}}
    card = make_app(THRESHOLDS=override).test_client().get("/api/v1/model").get_json()
    assert card["thresholds"]["normal"]["unrelated"] == 0.97


def test_docs_page_lists_every_operation_without_outside_assets(client):
    spec = client.get("/openapi.json").get_json()
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for path in spec["paths"]:
        assert f"<code>{path}</code>" in html
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html


def test_root_redirects_to_docs(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/docs")


def test_type_label_reads_like_prose():
    assert type_label({"$ref": "#/components/schemas/Badge"}) == (
        '<a href="#schema-Badge">Badge</a>'
    )
    assert type_label({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string or null"
    assert type_label({"enum": ["a", None]}) == "&#34;a&#34; | null"
    assert type_label({"type": "array", "items": {"type": "number"}}) == "array of number"
