"""Every error is RFC 9457 application/problem+json, including ones nobody planned for."""

import logging

import pytest

from service.errors import problem_body

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


@pytest.mark.parametrize("path", ["/nope", "/api/v1/nope", "/api/v2/check", "/api/v1/check/x"])
def test_unknown_routes_give_404(client, path):
    assert_problem(client.get(path), 404)
    assert_problem(client.post(path, json={}), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/check"),
        ("put", "/api/v1/check"),
        ("delete", "/api/v1/check/batch"),
        ("get", "/api/v1/feedback"),
        ("post", "/healthz"),
        ("post", "/api/v1/model"),
    ],
)
def test_wrong_methods_give_405_with_allow(client, method, path):
    response = getattr(client, method)(path)
    assert_problem(response, 405)
    assert response.headers["Allow"]


def test_oversized_request_gives_413(make_app):
    client = make_app(MAX_CONTENT_LENGTH=10_000).test_client()
    response = client.post("/api/v1/check", json={"title": "A headline", "body": "word " * 5000})
    body = assert_problem(response, 413)
    assert "10000 bytes" in body["detail"]


def test_default_size_limit_is_2_mb(client):
    big = '{"title": "t", "body": "%s"}' % ("x" * (2 * 1024 * 1024))
    assert_problem(client.post("/api/v1/check", data=big, content_type="application/json"), 413)


class ExplodingChecker:
    """Test-only checker whose scoring fails with page text in the message."""

    name, version, card, thresholds = "exploding", "0", {}, {}

    def check_many(self, pairs, sensitivity="normal"):
        raise RuntimeError(f"boom on {pairs[0][0]}")


def test_unexpected_errors_give_500_problem_without_leaking(tmp_path, caplog):
    from service import create_app

    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "f.sqlite3"), "RATELIMIT_ENABLED": False},
        checker=ExplodingChecker(),
    )
    secret = "Secret headline words"
    with caplog.at_level(logging.INFO):
        response = app.test_client().post("/api/v1/check", json={"title": secret, "body": "b"})
    body = assert_problem(response, 500)
    assert "boom" not in response.get_data(as_text=True)
    assert secret not in response.get_data(as_text=True)
    assert "RuntimeError" in caplog.text
    assert secret not in caplog.text
    assert body["detail"] == "The server could not complete the request."


def test_redirects_stay_redirects(client):
    assert client.get("/").status_code == 302


def test_problem_body_has_the_rfc_9457_members():
    body = problem_body(404, "gone")
    assert body == {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "gone"}
