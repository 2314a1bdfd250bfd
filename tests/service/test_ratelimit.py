"""The rate limit counts pages scored, one budget per client shared by every route."""

import pytest

from service.ratelimit import RateLimiter


def batch(article, n: int) -> dict:
    return {"items": [article] * n}


@pytest.fixture
def limited(make_app):
    def make(spec: str):
        return make_app(RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT=spec).test_client()

    return make


def test_a_batch_spends_one_per_page(limited, article):
    client = limited("10 per minute")
    assert client.post("/api/v1/check/batch", json=batch(article, 8)).status_code == 200
    # 2 pages left: a batch of 3 is refused whole (nothing scored, nothing spent) ...
    refused = client.post("/api/v1/check/batch", json=batch(article, 3))
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert "would spend 3" in refused.get_json()["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # ... and the 2 left can still be spent.
    assert client.post("/api/v1/check/batch", json=batch(article, 2)).status_code == 200
    assert client.post("/api/v1/check", json=article).status_code == 429


def test_the_limit_is_shared_across_routes(limited, article):
    """The issue's repro: exhaust the limit on /api/v1/model, then a batch still got 200."""
    client = limited("5 per minute")
    assert [client.get("/api/v1/model").status_code for _ in range(5)] == [200] * 5
    assert client.post("/api/v1/check/batch", json=batch(article, 1)).status_code == 429
    assert client.post("/api/v1/check", json=article).status_code == 429
    assert client.post("/api/v1/feedback", json={}).status_code == 429
    # Health and readiness are never limited; another client has its own budget.
    assert client.get("/readyz").status_code == 200
    other = client.post("/api/v1/check", json=article, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_a_batch_larger_than_the_whole_limit_is_refused(limited, article):
    client = limited("4 per minute")
    assert client.post("/api/v1/check/batch", json=batch(article, 5)).status_code == 429
    assert client.post("/api/v1/check/batch", json=batch(article, 4)).status_code == 200


def test_one_client_cannot_score_more_than_the_limit_a_minute(limited, article):
    """64-page batches no longer multiply the budget: 600 pages is 600 pages."""
    client = limited("600 per minute")
    statuses = [client.post("/api/v1/check/batch", json=batch(article, 64)).status_code]
    statuses += [
        client.post("/api/v1/check/batch", json=batch(article, 64)).status_code for _ in range(10)
    ]
    assert statuses.count(200) == 600 // 64


def test_behind_a_proxy_the_client_is_the_forwarded_address(make_app, article):
    client = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute", PROXY_COUNT=1
    ).test_client()
    for _ in range(2):
        headers = {"X-Forwarded-For": "198.51.100.7"}
        assert client.post("/api/v1/check", json=article, headers=headers).status_code == 200
    assert (
        client.post(
            "/api/v1/check", json=article, headers={"X-Forwarded-For": "198.51.100.7"}
        ).status_code
        == 429
    )
    # Same proxy (REMOTE_ADDR), another client behind it: its own budget.
    headers = {"X-Forwarded-For": "198.51.100.8"}
    assert client.post("/api/v1/check", json=article, headers=headers).status_code == 200


def test_an_unreachable_counter_store_serves_rather_than_refuses(caplog):
    # Nothing listens on port 1: the storage fails, the request is served (and logged).
    limiter = RateLimiter("1 per minute", "redis://127.0.0.1:1/0")
    limiter.spend("client", 1)
    limiter.spend("client", 1)
    assert "rate limit storage unavailable" in caplog.text
