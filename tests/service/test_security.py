"""CORS only for the extension and configured origins; the API key; rate limiting."""

import pytest

from service.security import origin_allowed

CHROME = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://0c3e6d9a-4d47-4c6f-9b7e-1f0e8d6a2b11"


@pytest.mark.parametrize(
    ("origin", "web", "ids", "allowed"),
    [
        (CHROME, [], [], True),
        (FIREFOX, [], [], True),
        (CHROME, [], ["abcdefghijklmnopabcdefghijklmnop"], True),
        (CHROME, [], ["otherid"], False),
        (FIREFOX, [], ["0c3e6d9a-4d47-4c6f-9b7e-1f0e8d6a2b11"], True),
        ("https://evil.example", [], [], False),
        ("https://news.example", ["https://news.example"], [], True),
        ("https://news.example.evil", ["https://news.example"], [], False),
        ("http://news.example", ["https://news.example"], [], False),
        ("null", [], [], False),
        ("chrome-extension://", [], [], False),
        ("chrome-extension://a/b", [], [], False),
        ("safari-web-extension://abc", [], [], False),
        ("chrome-extension://abcé", [], [], False),
        ("file://", [], [], False),
    ],
)
def test_origin_allowed(origin, web, ids, allowed):
    assert origin_allowed(origin, web, ids) is allowed


def test_extension_gets_cors_on_checks(client, article):
    response = client.post("/api/v1/check", json=article, headers={"Origin": CHROME})
    assert response.headers["Access-Control-Allow-Origin"] == CHROME
    assert "Origin" in response.headers["Vary"]
    assert "X-Request-ID" in response.headers["Access-Control-Expose-Headers"]


def test_arbitrary_web_page_gets_no_cors(client, article):
    response = client.post(
        "/api/v1/check", json=article, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 200  # answered, but a browser keeps it from the page
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options("/api/v1/check", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers


def test_preflight_for_allowed_origins(make_app):
    client = make_app(CORS_ORIGINS=["https://news.example"]).test_client()
    for origin in (FIREFOX, "https://news.example"):
        response = client.options(
            "/api/v1/check",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-api-key",
            },
        )
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
        assert "X-API-Key" in response.headers["Access-Control-Allow-Headers"]
        assert "Idempotency-Key" in response.headers["Access-Control-Allow-Headers"]


def test_configured_extension_ids_exclude_others(make_app, article):
    client = make_app(EXTENSION_IDS=["allowedid"]).test_client()
    ok = client.get("/healthz", headers={"Origin": "chrome-extension://allowedid"})
    assert ok.headers["Access-Control-Allow-Origin"] == "chrome-extension://allowedid"
    other = client.get("/healthz", headers={"Origin": CHROME})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_api_key_when_configured(make_app, article):
    client = make_app(API_KEY="s3cret").test_client()
    for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}):
        response = client.post("/api/v1/check", json=article, headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        # RFC 9110 section 11.6.1: a 401 carries a challenge naming how to authenticate.
        challenge = response.headers["WWW-Authenticate"]
        assert challenge.lower().startswith("apikey ") and "header=X-API-Key" in challenge
    good = client.post("/api/v1/check", json=article, headers={"X-API-Key": "s3cret"})
    assert good.status_code == 200
    assert client.get("/api/v1/model").status_code == 401
    # Health, docs and CORS preflights stay open.
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200
    assert client.options("/api/v1/check", headers={"Origin": CHROME}).status_code == 200


def test_no_api_key_needed_by_default(client, article):
    assert client.post("/api/v1/check", json=article).status_code == 200


def test_rate_limit_gives_429_problem_with_retry_after(make_app, article):
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="3 per minute").test_client()
    statuses = [client.post("/api/v1/check", json=article).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/api/v1/check", json=article)
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "3 per 1 minute" in response.get_json()["detail"]
    # Health checks are never limited; other clients have their own budget.
    assert client.get("/healthz").status_code == 200
    other = client.post("/api/v1/check", json=article, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_rate_limit_is_on_by_default_and_generous(monkeypatch, checker, tmp_path):
    from service import create_app

    for key in ("HEADLINE_CHECK_RATELIMIT_ENABLED", "HEADLINE_CHECK_RATELIMIT_DEFAULT"):
        monkeypatch.delenv(key, raising=False)
    app = create_app({"DATABASE": str(tmp_path / "f.sqlite3")}, checker=checker)
    assert app.config["RATELIMIT_ENABLED"] is True
    assert app.config["RATELIMIT_DEFAULT"] == "600 per minute"
    assert app.extensions["headline_check_limiter"].enabled
