"""POST /api/v1/feedback: stored durably, page text only with consent, exported for training."""

import argparse
import json
import sqlite3

import pytest

from service import create_app
from service.cli import main
from training.sources import load_pairs


def feedback(article, **extra):
    return {**article, "verdict": "consistent", "correct": True, **extra}


def stored_rows(app):
    path = app.extensions["headline_check_feedback"].path
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(row) for row in conn.execute("SELECT * FROM feedback")]
    conn.close()
    return rows


def test_feedback_without_consent_keeps_only_hash_and_url(app, article):
    client = app.test_client()
    url = "https://reader:pw@news.example/story?utm_source=x&session=abc#comments"
    response = client.post("/api/v1/feedback", json=feedback(article, url=url))
    assert response.status_code == 201
    stored = response.get_json()
    assert stored["stored_text"] is False
    assert len(stored["content_sha256"]) == 64
    (row,) = stored_rows(app)
    assert row["title"] is None and row["body"] is None
    assert row["url"] == "https://news.example/story"
    assert row["content_sha256"] == stored["content_sha256"]
    assert row["model_version"] == app.extensions["headline_check"].model["version"]
    assert row["created_at"].endswith("+00:00")
    dump = repr(row)
    assert article["title"] not in dump and "session=abc" not in dump


def test_feedback_with_consent_stores_text_and_labels(app, article):
    client = app.test_client()
    payload = feedback(
        article,
        verdict="mismatch",
        correct=False,
        stance="discuss",
        share_text=True,
        predicted_stance="unrelated",
        model_version="older-model",
    )
    assert client.post("/api/v1/feedback", json=payload).status_code == 201
    (row,) = stored_rows(app)
    assert (row["title"], row["body"]) == (article["title"], article["body"])
    assert (row["verdict"], row["correct"], row["stance"]) == ("mismatch", 0, "discuss")
    assert row["predicted_stance"] == "unrelated"
    assert row["model_version"] == "older-model"


def test_same_text_gives_the_same_hash(client, article):
    first = client.post("/api/v1/feedback", json=feedback(article)).get_json()
    second = client.post("/api/v1/feedback", json=feedback(article, correct=False)).get_json()
    other = client.post("/api/v1/feedback", json=feedback({**article, "title": "Other"})).get_json()
    assert first["content_sha256"] == second["content_sha256"] != other["content_sha256"]
    assert second["id"] == first["id"] + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"verdict": None}, "verdict"),
        ({"verdict": "wrong"}, "verdict"),
        ({"correct": None}, "correct"),
        ({"correct": "yes"}, "correct"),
        ({"stance": "maybe"}, "stance"),
        ({"predicted_stance": 3}, "predicted_stance"),
        ({"share_text": "true"}, "share_text"),
        ({"title": ""}, "title"),
        ({"body": 5}, "body"),
        ({"url": ["x"]}, "url"),
        ({"model_version": "v" * 201}, "model_version"),
    ],
)
def test_bad_feedback_gives_422_naming_the_field(client, article, change, field):
    payload = {k: v for k, v in {**feedback(article), **change}.items() if v is not None}
    response = client.post("/api/v1/feedback", json=payload)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_feedback_round_trip_survives_restart_and_trains(make_app, checker, tmp_path, article):
    database = tmp_path / "feedback.sqlite3"
    client = make_app(DATABASE=f"sqlite:///{database}").test_client()
    posts = [
        feedback(article, share_text=True, predicted_stance="discuss"),  # confirmed -> discuss
        feedback(article, correct=False, stance="agree", share_text=True),  # corrected -> agree
        feedback(article, correct=False, share_text=True),  # wrong, no stance: teaches nothing
        feedback(article, stance="agree"),  # no consent: no text to train on
    ]
    for payload in posts:
        assert client.post("/api/v1/feedback", json=payload).status_code == 201

    # A new app on the same file: as after a restart.
    restarted = create_app({"TESTING": True, "DATABASE": str(database)}, checker=checker)
    assert len(stored_rows(restarted)) == 4

    out = tmp_path / "feedback.jsonl"
    assert main(["feedback", "export", "--database", str(database), "-o", str(out)]) == 0
    # Read exactly as `headline-check train --data FILE` reads it.
    pairs, files = load_pairs(argparse.Namespace(stances=None, bodies=None, data=[str(out)]), None)
    assert files == [str(out)]
    assert [(p.headline, p.body, p.stance) for p in pairs] == [
        (article["title"], article["body"], "discuss"),
        (article["title"], article["body"], "agree"),
    ]


def test_export_without_database_fails_clearly(tmp_path, capsys):
    assert main(["feedback", "export", "--database", str(tmp_path / "none.sqlite3")]) == 1
    assert "no feedback database" in capsys.readouterr().err


def test_that_is_not_the_headline_is_stored_as_a_headline_choice_error(app, article, tmp_path):
    client = app.test_client()
    payload = feedback(
        article,
        verdict="mismatch",
        correct=False,
        kind="headline",
        headline_source="h1",
        stance="unrelated",  # ignored: a wrong headline says nothing about the stance
        share_text=True,
    )
    assert client.post("/api/v1/feedback", json=payload).status_code == 201
    assert client.post("/api/v1/feedback", json=feedback(article)).status_code == 201
    headline, verdict = stored_rows(app)
    assert (headline["kind"], headline["headline_source"], headline["stance"]) == (
        "headline",
        "h1",
        None,
    )
    assert (verdict["kind"], verdict["headline_source"]) == ("verdict", None)

    database = app.extensions["headline_check_feedback"].path
    pairs = tmp_path / "pairs.jsonl"
    reports = tmp_path / "headline.jsonl"
    assert main(["feedback", "export", "--database", database, "-o", str(pairs)]) == 0
    assert (
        main(
            ["feedback", "export", "--kind", "headline", "--database", database, "-o", str(reports)]
        )
        == 0
    )
    assert len(pairs.read_text().splitlines()) == 0  # the verdict row shared no text
    (report,) = reports.read_text().splitlines()
    assert '"headline_source": "h1"' in report


@pytest.mark.parametrize(
    ("change", "field"),
    [({"kind": "stance"}, "kind"), ({"headline_source": "<h1>"}, "headline_source")],
)
def test_bad_kind_or_headline_source_is_a_422(client, article, change, field):
    response = client.post("/api/v1/feedback", json=feedback(article, **change))
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == [field]


@pytest.mark.parametrize("field", ["url", "model_version", "title", "body"])
def test_lone_surrogates_in_any_text_field_are_stored_not_a_500(app, article, field):
    """JSON allows "\\udc00" alone; SQLite's UTF-8 does not. It is stored as U+FFFD."""
    value = "https://news.example/\udc00story" if field == "url" else "2026-11-25\ud800x"
    raw = json.dumps(feedback(article, share_text=True, **{field: value}))  # \\u escapes
    response = app.test_client().post("/api/v1/feedback", data=raw, content_type="application/json")
    assert response.status_code == 201
    (row,) = stored_rows(app)
    assert "\ufffd" in row[field]


def test_an_idempotency_key_makes_a_retry_store_nothing_new(app, article):
    client = app.test_client()
    headers = {"Idempotency-Key": "6f1c2d4e-retry-1"}
    first = client.post("/api/v1/feedback", json=feedback(article), headers=headers)
    again = client.post("/api/v1/feedback", json=feedback(article), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    other = client.post(
        "/api/v1/feedback", json=feedback(article), headers={"Idempotency-Key": "other-key"}
    )
    no_key = client.post("/api/v1/feedback", json=feedback(article))
    assert (other.status_code, no_key.status_code) == (201, 201)
    assert len(stored_rows(app)) == 3


def test_an_idempotency_key_reused_for_other_feedback_is_a_422(app, article):
    client = app.test_client()
    headers = {"Idempotency-Key": "k-1"}
    assert (
        client.post("/api/v1/feedback", json=feedback(article), headers=headers).status_code == 201
    )
    changed = client.post(
        "/api/v1/feedback", json=feedback(article, correct=False), headers=headers
    )
    assert changed.status_code == 422
    assert changed.get_json()["errors"][0]["field"] == "Idempotency-Key"
    assert len(stored_rows(app)) == 1


@pytest.mark.parametrize("key", ["", "has space", "x" * 129, "caf\u00e9"])
def test_bad_idempotency_keys_are_a_422(app, article, key):
    headers = {"Idempotency-Key": key.encode("utf-8").decode("latin-1")}
    response = app.test_client().post("/api/v1/feedback", json=feedback(article), headers=headers)
    assert response.status_code == 422
    assert stored_rows(app) == []


def test_an_older_database_gains_the_new_columns(tmp_path, make_app, article):
    """A feedback table created before idempotency keys existed is upgraded in place."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
            "model_name TEXT NOT NULL, model_version TEXT NOT NULL, verdict TEXT NOT NULL, "
            "predicted_stance TEXT, correct INTEGER NOT NULL, stance TEXT, url TEXT, "
            "content_sha256 TEXT NOT NULL, title TEXT, body TEXT)"
        )
    conn.close()
    client = make_app(DATABASE=str(path)).test_client()
    headers = {"Idempotency-Key": "upgrade-1"}
    assert (
        client.post("/api/v1/feedback", json=feedback(article), headers=headers).status_code == 201
    )
    assert (
        client.post("/api/v1/feedback", json=feedback(article), headers=headers).status_code == 200
    )
