"""Reader feedback in SQLite (stdlib sqlite3), and its export as training JSONL."""

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from typing import TextIO

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,          -- ISO 8601, UTC
    model_name TEXT NOT NULL,
    model_version TEXT NOT NULL,
    verdict TEXT NOT NULL,             -- the verdict the reader saw
    predicted_stance TEXT,             -- the stance behind it, when the client sent it
    correct INTEGER NOT NULL,          -- 1 = the reader says the verdict was right
    stance TEXT,                       -- the right stance, according to the reader
    url TEXT,                          -- without query string and fragment
    content_sha256 TEXT NOT NULL,      -- of (title, body), always kept
    title TEXT,                        -- page text: only when the reader agreed to share it
    body TEXT
);
"""

COLUMNS = (
    "created_at model_name model_version verdict predicted_stance correct stance url "
    "content_sha256 title body"
).split()


def database_path(setting: str | None, instance_path: str) -> str:
    """Resolve the DATABASE setting: a path, a ``sqlite:///path`` URL, or None for the default."""
    if not setting:
        return os.path.join(instance_path, "feedback.sqlite3")
    if setting.startswith("sqlite:///"):
        return setting.removeprefix("sqlite:///")  # sqlite:////abs/path keeps its leading slash
    if "://" in setting:
        raise ValueError(f"only sqlite:/// database URLs are supported, not {setting!r}")
    return setting


class FeedbackStore:
    """One short connection per operation: safe across threads and gunicorn's forked workers."""

    def __init__(self, path: str):
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        with closing(self._connect()) as conn:
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)
        conn.row_factory = sqlite3.Row
        return conn

    def ping(self) -> None:
        """Raise sqlite3.Error unless the database answers."""
        with closing(self._connect()) as conn:
            conn.execute("SELECT count(*) FROM feedback").fetchone()

    def add(self, record: dict) -> int:
        values = [record.get(column) for column in COLUMNS]
        placeholders = ", ".join("?" for _ in COLUMNS)
        with closing(self._connect()) as conn, conn:
            cursor = conn.execute(
                f"INSERT INTO feedback ({', '.join(COLUMNS)}) VALUES ({placeholders})", values
            )
            return int(cursor.lastrowid or 0)

    def rows(self) -> Iterator[sqlite3.Row]:
        with closing(self._connect()) as conn:
            yield from conn.execute("SELECT * FROM feedback ORDER BY id")


def training_label(row: sqlite3.Row) -> str | None:
    """The stance a reader's feedback teaches: the one they named, or the confirmed prediction."""
    if row["stance"]:
        return row["stance"]
    if row["correct"] and row["predicted_stance"]:
        return row["predicted_stance"]
    return None


def export_jsonl(store: FeedbackStore, out: TextIO) -> tuple[int, int]:
    """Write {"headline", "body", "stance"} lines (``headline-check train --data``'s format).

    Rows without shared text or without a known stance teach nothing and are skipped.
    Returns (written, skipped).
    """
    written = skipped = 0
    for row in store.rows():
        label = training_label(row)
        if row["title"] is None or row["body"] is None or label is None:
            skipped += 1
            continue
        line = {"headline": row["title"], "body": row["body"], "stance": label}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += 1
    return written, skipped
