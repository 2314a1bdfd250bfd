"""Feedback storage: where the database lives and what the export teaches."""

import io
import json

import pytest

from service.db import FeedbackStore, database_path, export_jsonl


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
