"""Reader feedback in SQLite (stdlib sqlite3) or PostgreSQL, and its export as training JSONL.

SQLite is the embedded default for one machine; ``postgresql://`` URLs select
service.postgres.PostgresStore, for several hosts. Both share the table below (PostgreSQL's is
derived from it), the idempotent insert and the export.
"""

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing
from datetime import UTC, datetime
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
    headline_source TEXT,              -- where the client found the headline (h1, og:title, ...)
    idempotency_key TEXT               -- the client's Idempotency-Key: a retry stores nothing new
);
"""

COLUMNS = (
    "created_at model_name model_version verdict predicted_stance correct stance url "
    "content_sha256 title body kind headline_source idempotency_key"
).split()

# Run after SCHEMA and after adding missing columns (a table from an older version).
EXTRA_DDL = (
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_idempotency_key ON feedback (idempotency_key)",
    # /readyz writes here: the only honest test that the database accepts writes.
    "CREATE TABLE IF NOT EXISTS readiness (id INTEGER PRIMARY KEY, checked_at TEXT NOT NULL)",
)

_COLUMN_LINE = re.compile(r"^[ \t]+(\w+) ([^,\n-]+?),?[ \t]*(?:--.*)?$", re.MULTILINE)


def column_definitions(schema: str = SCHEMA) -> dict[str, str]:
    """{column: its SQL definition} parsed from ``schema``, to add columns a table lacks."""
    return {name: definition.strip() for name, definition in _COLUMN_LINE.findall(schema)}


class StoreUnavailable(Exception):
    """The database cannot take or give feedback now (full, read-only, down): a 503, not a 500."""


class IdempotencyConflict(Exception):
    """An Idempotency-Key was used before for a different feedback."""


def database_path(setting: str | None, instance_path: str) -> str:
    """Resolve a SQLite DATABASE setting: a path, a ``sqlite:///path`` URL, or None."""
    if not setting:
        return os.path.join(instance_path, "feedback.sqlite3")
    if setting.startswith("sqlite:///"):
        return setting.removeprefix("sqlite:///")  # sqlite:////abs/path keeps its leading slash
    if "://" in setting:
        raise ValueError(
            f"DATABASE must be a path, sqlite:/// or postgresql:// URL, not {setting!r}"
        )
    return setting


def is_postgres(setting: str | None) -> bool:
    return bool(setting) and setting.startswith(("postgresql://", "postgres://"))


def open_store(setting: str | None, instance_path: str):
    """The store for the DATABASE setting, its table created (raises StoreUnavailable)."""
    if is_postgres(setting):
        from service.postgres import PostgresStore

        return PostgresStore(setting)
    return FeedbackStore(database_path(setting, instance_path))


def _same_feedback(stored: Mapping, record: Mapping) -> bool:
    """A replay carries the same feedback; only the time it was stored may differ."""
    return all(stored[c] == record.get(c) for c in COLUMNS if c != "created_at")


def with_defaults(record: Mapping) -> dict:
    """The record as both stores keep it: a record that names no kind is a verdict report."""
    return {**record, "kind": record.get("kind") or "verdict"}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackStore:
    """SQLite; one short connection per operation: safe across threads and forked workers."""

    def __init__(self, path: str, *, min_free_bytes: int = 0):
        self.path = path
        # Readiness also wants room for the largest feedback (and its journal) on the disk.
        self.min_free_bytes = min_free_bytes
        try:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with closing(self._connect()) as conn, conn:
                conn.executescript(SCHEMA)
                existing = {row["name"] for row in conn.execute("PRAGMA table_info(feedback)")}
                for column, definition in column_definitions().items():
                    if column not in existing:
                        conn.execute(f"ALTER TABLE feedback ADD COLUMN {column} {definition}")
                for statement in EXTRA_DDL:
                    conn.execute(statement)
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailable(f"cannot open the feedback database {path}: {error}") from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)
        conn.row_factory = sqlite3.Row
        return conn

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database accepts a write (one row, overwritten)
        and its disk has room for the largest feedback."""
        try:
            disk = os.statvfs(os.path.dirname(os.path.abspath(self.path)))
            free = disk.f_bavail * disk.f_frsize
            if free < self.min_free_bytes:
                raise StoreUnavailable(
                    f"the feedback database's disk is full ({free} bytes free, "
                    f"{self.min_free_bytes} needed for the largest feedback)"
                )
            with closing(self._connect()) as conn, conn:
                conn.execute(
                    "INSERT INTO readiness (id, checked_at) VALUES (1, ?) "
                    "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
                    (now_iso(),),
                )
        except sqlite3.Error as error:
            raise StoreUnavailable(
                f"the feedback database does not accept writes: {error}"
            ) from None

    def add(self, record: dict) -> tuple[dict, bool]:
        """Store ``record``; returns (the stored row, whether it was stored before).

        A record whose ``idempotency_key`` is already stored is not stored again: the first
        row comes back (IdempotencyConflict if it holds different feedback).
        """
        record = with_defaults(record)
        values = [record.get(column) for column in COLUMNS]
        placeholders = ", ".join("?" for _ in COLUMNS)
        try:
            with closing(self._connect()) as conn, conn:
                inserted = conn.execute(
                    f"INSERT INTO feedback ({', '.join(COLUMNS)}) VALUES ({placeholders}) "
                    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING *",
                    values,
                ).fetchone()
                if inserted is not None:
                    return dict(inserted), False
                stored = conn.execute(
                    "SELECT * FROM feedback WHERE idempotency_key = ?", (record["idempotency_key"],)
                ).fetchone()
        except sqlite3.Error as error:
            raise StoreUnavailable(
                f"the feedback database cannot store feedback: {error}"
            ) from None
        if not _same_feedback(stored, record):
            raise IdempotencyConflict(record["idempotency_key"])
        return dict(stored), True

    def rows(self) -> Iterator[sqlite3.Row]:
        with closing(self._connect()) as conn:
            yield from conn.execute("SELECT * FROM feedback ORDER BY id")


def training_label(row: Mapping) -> str | None:
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


def export_jsonl(store, out: TextIO) -> tuple[int, int]:
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


def export_headline_jsonl(store, out: TextIO) -> int:
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
