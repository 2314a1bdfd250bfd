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
    body TEXT,
    kind TEXT NOT NULL DEFAULT 'verdict',  -- 'verdict', or 'headline': "that is not the headline"
    headline_source TEXT               -- where the client found the headline (h1, og:title, ...)
);
"""

COLUMNS = (
    "created_at model_name model_version verdict predicted_stance correct stance url "
    "content_sha256 title body kind headline_source"
).split()

# Columns added after the first release: (name, definition) for ALTER TABLE on older files.
ADDED_COLUMNS = (
    ("kind", "TEXT NOT NULL DEFAULT 'verdict'"),
    ("headline_source", "TEXT"),
)


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
            self._migrate(conn)

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Add the columns an older database file lacks (existing rows get the defaults)."""
        present = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
        with conn:
            for name, definition in ADDED_COLUMNS:
                if name not in present:
                    conn.execute(f"ALTER TABLE feedback ADD COLUMN {name} {definition}")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)
        conn.row_factory = sqlite3.Row
        return conn

    def ping(self) -> None:
        """Raise sqlite3.Error unless the database answers."""
        with closing(self._connect()) as conn:
            conn.execute("SELECT count(*) FROM feedback").fetchone()

    def add(self, record: dict) -> int:
        record = {**record, "kind": record.get("kind") or "verdict"}
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
    """The stance a reader's feedback teaches: the one they named, or the confirmed prediction.

    A headline-choice report ("that is not the headline") says the client judged the wrong
    text; it says nothing about the stance, so it teaches none.
    """
    if row["kind"] == "headline":
        return None
    if row["stance"]:
        return row["stance"]
    if row["correct"] and row["predicted_stance"]:
        return row["predicted_stance"]
    return None


def export_jsonl(store: FeedbackStore, out: TextIO) -> tuple[int, int]:
    """Write {"headline", "body", "stance"} lines (``headline-check train --data``'s format).

    Rows without shared text or without a known stance teach nothing and are skipped, and so
    are headline-choice reports (see ``export_headline_jsonl``). Returns (written, skipped).
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


def export_headline_jsonl(store: FeedbackStore, out: TextIO) -> int:
    """Write the headline-choice reports, one JSON object a line; returns how many.

    Each says which source the client's chooser used on a page where the reader says the
    judged text was not the headline: material for the extension's chooser, never stance
    labels. Text only when the reader shared it.
    """
    written = 0
    for row in store.rows():
        if row["kind"] != "headline":
            continue
        line = {
            "kind": "headline",
            "headline_source": row["headline_source"],
            "url": row["url"],
            "created_at": row["created_at"],
            "model_version": row["model_version"],
            "content_sha256": row["content_sha256"],
            "title": row["title"],
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += 1
    return written
