"""Several hosts share one state: rate limits and cached results in Redis, feedback in PostgreSQL.

Each app below is built separately, as each host builds its own; only the real redis-server
and PostgreSQL (started by the fixtures) connect them.
"""

import io
import json
import uuid

import psycopg
import pytest

from service.cli import main
from service.db import export_jsonl, open_store


def client_address() -> str:
    """A fresh client address, so tests sharing the session's Redis never share a budget."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{n // 250 % 250}.{n // 62500 % 250 + 1}"


def test_the_rate_limit_holds_across_hosts(make_app, redis_server, article):
    hosts = [
        make_app(
            RATELIMIT_ENABLED=True,
            RATELIMIT_DEFAULT="4 per minute",
            RATELIMIT_STORAGE_URI=redis_server.url,
        ).test_client()
        for _ in range(2)
    ]
    me = {"REMOTE_ADDR": client_address()}
    one, other = hosts
    assert (
        one.post("/api/v1/check/batch", json={"items": [article] * 3}, environ_base=me).status_code
        == 200
    )
    assert other.post("/api/v1/check", json=article, environ_base=me).status_code == 200
    # 4 pages spent, 3 on one host and 1 on the other: both refuse now.
    assert other.post("/api/v1/check", json=article, environ_base=me).status_code == 429
    assert one.get("/api/v1/model", environ_base=me).status_code == 429


def test_cached_results_are_shared_across_hosts(make_app, redis_server, article):
    page = {**article, "body": f"{article['body']} {uuid.uuid4().hex}"}
    one, other = (make_app(CACHE_STORAGE_URI=redis_server.url).test_client() for _ in range(2))
    first = one.post("/api/v1/check", json=page).get_json()
    second = other.post("/api/v1/check", json=page).get_json()
    assert (first["cached"], second["cached"]) == (False, True)
    assert first["probabilities"] == second["probabilities"]


def test_hosts_with_other_thresholds_do_not_share_answers(make_app, redis_server, article):
    page = {**article, "body": f"{article['body']} {uuid.uuid4().hex}"}
    one = make_app(CACHE_STORAGE_URI=redis_server.url).test_client()
    stricter = make_app(
        CACHE_STORAGE_URI=redis_server.url, THRESHOLDS={"normal": {"unrelated": 0.999}}
    ).test_client()
    assert one.post("/api/v1/check", json=page).get_json()["cached"] is False
    assert stricter.post("/api/v1/check", json=page).get_json()["cached"] is False
    assert stricter.post("/api/v1/check", json=page).get_json()["cached"] is True


def test_a_redis_that_does_not_answer_costs_the_cache_not_the_checks(make_app, article):
    app = make_app(
        CACHE_STORAGE_URI="redis://127.0.0.1:1/0",
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
    )
    client = app.test_client()
    answers = [client.post("/api/v1/check", json=article) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a.get_json()["cached"] for a in answers] == [False, False]
    assert app.extensions["headline_check"].cache.errors >= 2


def feedback(article, **extra):
    return {**article, "verdict": "consistent", "correct": True, "share_text": True, **extra}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Each feedback test runs on both stores: SQLite (default) and PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "feedback.sqlite3")
    return request.getfixturevalue("postgres_url")


def test_feedback_and_its_export_work_the_same_on_both_stores(make_app, database, article, capsys):
    client = make_app(DATABASE=database).test_client()
    payloads = [
        feedback(article, stance="discuss"),
        feedback(article, predicted_stance="agree"),
        feedback(article, share_text=False, stance="agree"),
        feedback({**article, "title": "Nul \x00 and emoji 🚀 \udc00"}, stance="unrelated"),
    ]
    for payload in payloads:
        assert client.post("/api/v1/feedback", json=payload).status_code == 201
    assert main(["feedback", "export", "--database", database]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["stance"] for line in lines] == ["discuss", "agree", "unrelated"]
    assert lines[2]["headline"].startswith("Nul ") and "🚀" in lines[2]["headline"]
    assert "exported 3" in err and "1 skipped" in err


def test_idempotency_keys_hold_on_both_stores(make_app, database, article):
    client = make_app(DATABASE=database).test_client()
    headers = {"Idempotency-Key": "retry-" + uuid.uuid4().hex}
    labelled = feedback(article, stance="agree")
    first = client.post("/api/v1/feedback", json=labelled, headers=headers)
    again = client.post("/api/v1/feedback", json=labelled, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json() == again.get_json()
    changed = client.post(
        "/api/v1/feedback", json=feedback(article, correct=False), headers=headers
    )
    assert changed.status_code == 422
    out = io.StringIO()
    assert export_jsonl(open_store(database, "/nonexistent"), out) == (1, 0)


def test_a_read_only_postgres_is_a_503_and_not_ready(make_app, postgres_url, article):
    client = make_app(DATABASE=postgres_url).test_client()
    assert client.get("/readyz").status_code == 200
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        # What a hot standby or an operator's read-only switch looks like to the service.
        conn.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    response = client.post("/api/v1/feedback", json=feedback(article))
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert client.get("/readyz").status_code == 503


def test_a_postgres_table_from_an_older_version_gains_the_new_columns(
    make_app, postgres_url, article
):
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE feedback (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
            "created_at TEXT NOT NULL, model_name TEXT NOT NULL, model_version TEXT NOT NULL, "
            "verdict TEXT NOT NULL, predicted_stance TEXT, correct INTEGER NOT NULL, "
            "stance TEXT, url TEXT, content_sha256 TEXT NOT NULL, title TEXT, body TEXT)"
        )
    client = make_app(DATABASE=postgres_url).test_client()
    headers = {"Idempotency-Key": "upgrade"}
    assert (
        client.post("/api/v1/feedback", json=feedback(article), headers=headers).status_code == 201
    )
    assert (
        client.post("/api/v1/feedback", json=feedback(article), headers=headers).status_code == 200
    )


def test_a_postgres_that_does_not_answer_stops_start_up_with_one_line(make_app):
    from service.db import StoreUnavailable

    with pytest.raises(StoreUnavailable, match="cannot open the feedback database") as failed:
        make_app(DATABASE="postgresql://postgres@127.0.0.1:1/none")
    assert "\n" not in str(failed.value)
