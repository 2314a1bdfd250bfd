"""One log line per request with id, status, timing and model version; never page text."""

import logging

import pytest


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO, logger="service")
    return caplog


def test_checks_are_logged_without_page_text(client, logs, article):
    marker_title = "Zebra crossing quartet " + article["title"]
    marker_body = article["body"] + " Unmistakable xylophone marker sentence."
    payload = {"title": marker_title, "body": marker_body, "url": "https://private.example/x"}
    client.post("/api/v1/check", json=payload)
    client.post("/api/v1/check/batch", json={"items": [payload, {"title": marker_title}]})
    client.post("/api/v1/feedback", json={**payload, "verdict": "mismatch", "correct": False})
    client.post("/api/v1/check", json={"title": marker_title})  # 422 path
    assert len(logs.records) == 4
    for text in ("Zebra", "xylophone", "bike lanes", "private.example"):
        assert text not in logs.text
        assert all(text not in str(record.args) for record in logs.records)
    first = logs.records[0].getMessage()
    assert "path=/api/v1/check " in first and "status=200" in first
    assert "duration_ms=" in first and "model_version=" in first and "cached=False" in first


def test_request_id_is_generated_echoed_and_logged(client, logs):
    response = client.get("/healthz")
    generated = response.headers["X-Request-ID"]
    assert len(generated) == 32
    assert f"request_id={generated}" in logs.text
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123.x_y"})
    assert echoed.headers["X-Request-ID"] == "abc-123.x_y"


@pytest.mark.parametrize("bad", ["a b", "x" * 65, "line\nbreak", "ünï"])
def test_unsafe_client_request_ids_are_replaced(client, bad):
    response = client.get("/healthz", headers={"X-Request-ID": bad.encode("latin-1", "replace")})
    assert response.headers["X-Request-ID"] != bad
    assert len(response.headers["X-Request-ID"]) == 32


def test_errors_are_logged_with_their_status(client, logs):
    client.get("/missing")
    assert "status=404" in logs.text


def test_headline_source_is_logged_by_name_only(client, logs, article):
    payload = {**article, "headline_source": "json-ld"}
    assert client.post("/api/v1/check", json=payload).status_code == 200
    assert client.post("/api/v1/check", json=article).status_code == 200
    first, second = (record.getMessage() for record in logs.records)
    assert first.endswith("headline_source=json-ld")
    assert second.endswith("headline_source=-")
    assert article["title"] not in logs.text


@pytest.mark.parametrize("bad", ["<h1>", "H1", 3, "Storm hits the coast", ""])
def test_unknown_headline_source_is_a_422_naming_the_field(client, logs, article, bad):
    response = client.post("/api/v1/check", json={**article, "headline_source": bad})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert [e["field"] for e in response.get_json()["errors"]] == ["headline_source"]
    assert "headline_source=-" in logs.text
    if isinstance(bad, str) and bad:
        assert bad not in logs.text


FIELDS = [
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "model_version",
    "cached",
    "headline_source",
]


@pytest.mark.parametrize(
    "path",
    [
        "/x%0arequest_id=forged method=GET path=/ status=200",
        "/x%0d%0aforged",
        "/nul%00byte",
        "/a%20b%22c%5Cd",
        "/caf%C3%A9",
    ],
)
def test_request_fields_cannot_forge_log_lines(client, logs, path):
    client.get(path)
    (record,) = logs.records
    line = record.getMessage()
    assert "\n" not in line and "\r" not in line and "\x00" not in line
    # The same eight space-separated fields: nothing from the path reads as a field of its own.
    fields = dict(token.split("=", 1) for token in line.split(" "))
    assert list(fields) == FIELDS
    assert fields["status"] == "404"
    assert all(ord(ch) < 128 and ch.isprintable() for ch in line)


def test_escaping_keeps_plain_paths_readable():
    from service.access_log import escape

    assert escape("/api/v1/check") == "/api/v1/check"
    assert escape("/x\ny") == "/x\\x0ay"
    assert escape("") == "-"
