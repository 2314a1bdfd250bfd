"""Feedback storage: where the database lives and what the export teaches."""

import io
import json
import sqlite3

import pytest

from service.db import FeedbackStore, database_path, export_headline_jsonl, export_jsonl


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, "/inst/feedback.sqlite3"),
        ("", "/inst/feedback.sqlite3"),
        ("data/fb.sqlite3", "data/fb.sqlite3"),
        ("sqlite:///data/fb.sqlite3", "data/fb.sqlite3"),
        ("sqlite:////var/lib/fb.sqlite3", "/var/lib/fb.sqlite3"),
    ],
)
def test_database_path(setting, expected):
    assert database_path(setting, "/inst") == expected


def test_other_database_urls_are_refused():
    with pytest.raises(ValueError, match="sqlite"):
        database_path("postgresql://db/feedback", "/inst")


def record(**values):
    base = {
        "created_at": "2026-01-01T00:00:00+00:00",
        "model_name": "m",
        "model_version": "1",
        "verdict": "consistent",
        "predicted_stance": None,
        "correct": 1,
        "stance": None,
        "url": None,
        "content_sha256": "0" * 64,
        "title": "T",
        "body": "B",
    }
    return {**base, **values}


def test_store_creates_its_directory_and_exports_only_teaching_rows(tmp_path):
    store = FeedbackStore(str(tmp_path / "nested" / "dir" / "fb.sqlite3"))
    store.ping()
    store.add(record(stance="unrelated"))
    store.add(record(predicted_stance="agree"))
    store.add(record(correct=0, predicted_stance="agree"))  # wrong, right stance unknown
    store.add(record(stance="agree", title=None, body=None))  # text not shared
    out = io.StringIO()
    assert export_jsonl(store, out) == (2, 2)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == [
        {"headline": "T", "body": "B", "stance": "unrelated"},
        {"headline": "T", "body": "B", "stance": "agree"},
    ]


def test_export_keeps_unicode_readable(tmp_path):
    store = FeedbackStore(str(tmp_path / "fb.sqlite3"))
    store.add(record(title="Café 🚀", body="政府", stance="discuss"))
    out = io.StringIO()
    export_jsonl(store, out)
    assert "Café 🚀" in out.getvalue()


def test_headline_choice_reports_are_never_stance_labels(tmp_path):
    store = FeedbackStore(str(tmp_path / "fb.sqlite3"))
    store.add(record(stance="agree"))
    store.add(record(kind="headline", headline_source="h1", correct=0, predicted_stance="agree"))
    store.add(record(kind="headline", headline_source="og:title", title=None, body=None))
    out = io.StringIO()
    assert export_jsonl(store, out) == (1, 2)
    assert [json.loads(line)["stance"] for line in out.getvalue().splitlines()] == ["agree"]
    reports = io.StringIO()
    assert export_headline_jsonl(store, reports) == 2
    lines = [json.loads(line) for line in reports.getvalue().splitlines()]
    assert [(r["kind"], r["headline_source"], r["title"]) for r in lines] == [
        ("headline", "h1", "T"),
        ("headline", "og:title", None),
    ]
    assert all("body" not in r and "stance" not in r for r in lines)


OLD_SCHEMA = """
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, model_name TEXT NOT NULL,
    model_version TEXT NOT NULL, verdict TEXT NOT NULL, predicted_stance TEXT,
    correct INTEGER NOT NULL, stance TEXT, url TEXT, content_sha256 TEXT NOT NULL,
    title TEXT, body TEXT
);
INSERT INTO feedback (created_at, model_name, model_version, verdict, correct, stance,
    content_sha256, title, body)
VALUES ('2026-01-01T00:00:00+00:00', 'm', '1', 'mismatch', 0, 'discuss', 'x', 'T', 'B');
"""


def test_an_older_database_file_gains_the_new_columns(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_SCHEMA)
    conn.close()
    store = FeedbackStore(str(path))
    FeedbackStore(str(path))  # a second start finds them present and changes nothing
    (old,) = store.rows()
    assert (old["kind"], old["headline_source"], old["stance"]) == ("verdict", None, "discuss")
    store.add(record(kind="headline", headline_source="json-ld"))
    out = io.StringIO()
    assert export_jsonl(store, out) == (1, 1)
    assert json.loads(out.getvalue())["stance"] == "discuss"
