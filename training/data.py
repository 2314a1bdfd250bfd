"""Load labelled headline–body pairs, failing with one readable line instead of a traceback."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STANCES = ("agree", "disagree", "discuss", "unrelated")

logger = logging.getLogger(__name__)

_JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
_CSV_SUFFIXES = {".csv"}


@dataclass(frozen=True)
class Pair:
    headline: str
    body: str
    stance: str | None
    body_id: str | None = None


@dataclass(frozen=True)
class LoadResult:
    """Pairs plus how many input rows were skipped, so nothing is dropped unseen."""

    pairs: list[Pair]
    skipped: int = 0


class DataError(Exception):
    """A bad input file; its str is one line a CLI can print before exiting with status 2."""

    def __init__(self, path: str | os.PathLike[str], line: int | str | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = " ".join(problem.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.problem}"
        where = self.line if isinstance(self.line, str) else f"line {self.line}"
        return f"{self.path}: {where}: {self.problem}"


def _show(value: object, limit: int = 40) -> str:
    """Quote a user value in an error message without letting a huge cell flood it."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


@contextmanager
def _reading(path: str | os.PathLike[str]) -> Iterator[None]:
    """Turn the ways opening a file fails into DataError."""
    try:
        yield
    except FileNotFoundError:
        raise DataError(path, None, "file not found") from None
    except IsADirectoryError:
        raise DataError(path, None, "is a directory, expected a file") from None
    except OSError as exc:
        raise DataError(path, None, f"cannot read file: {exc.strerror}") from None


def _read_text(path: str | os.PathLike[str]) -> str:
    """Read a whole file as UTF-8; every way that can fail becomes a DataError."""
    with _reading(path):
        raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = " (looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise DataError(
            path,
            line,
            f"not UTF-8 text{hint}: invalid byte 0x{raw[exc.start]:02X} at byte offset "
            f"{exc.start}; save the file as UTF-8",
        ) from None
    if not text.strip():
        raise DataError(path, None, "empty file")
    return text


def _normalise_stance(path: Path, line: int | str, value: str) -> str:
    stance = value.strip().lower()
    if stance not in STANCES:
        what = "empty stance" if not stance else f"unknown stance {_show(value)}"
        raise DataError(path, line, f"{what}, expected one of {', '.join(STANCES)}")
    return stance


def _csv_records(
    path: Path, text: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield (where, row) per CSV record, with columns matched case-insensitively.

    ``where`` names the physical line(s) of the record: fields may hold newlines.
    Blank lines are yielded as ``("", {})`` so the caller can count them.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: dict[str, int] | None = None
    width = 0
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataError(path, first, f"not valid CSV: {exc}") from None
        last = reader.line_num
        where = f"line {first}" if last <= first else f"lines {first}-{last}"
        if not row or (len(row) == 1 and not row[0].strip()):
            yield "", {}
            continue
        if columns is None:
            columns, width = _match_header(path, first, row, required, optional), len(row)
            continue
        if len(row) != width:
            raise DataError(path, where, f"expected {width} fields, found {len(row)}")
        yield where, {name: row[index] for name, index in columns.items()}
    if columns is None:
        raise DataError(path, None, "empty file")


def _match_header(
    path: Path, line: int, row: list[str], required: Sequence[str], optional: Sequence[str]
) -> dict[str, int]:
    found = [cell.strip().lower() for cell in row]
    columns: dict[str, int] = {}
    for name in (*required, *optional):
        hits = [i for i, cell in enumerate(found) if cell == name.lower()]
        if len(hits) > 1:
            raise DataError(path, line, f"column {name!r} appears {len(hits)} times")
        if hits:
            columns[name] = hits[0]
        elif name in required:
            shown = ", ".join(_show(cell.strip(), 30) for cell in row[:6])
            hint = " (separated by commas?)" if len(row) == 1 and "\t" in row[0] else ""
            raise DataError(
                path,
                line,
                f"missing column {name!r}; expected a CSV header with "
                f"{', '.join(required)}{hint}, found {shown}",
            )
    return columns


def _read_fnc_bodies(path: Path) -> dict[str, str]:
    bodies: dict[str, str] = {}
    first_seen: dict[str, str] = {}
    for where, row in _csv_records(path, _read_text(path), ("Body ID", "articleBody")):
        if not where:
            continue
        body_id = row["Body ID"].strip()
        if not body_id:
            raise DataError(path, where, "empty Body ID")
        text = row["articleBody"]
        if body_id in bodies and bodies[body_id] != text:
            raise DataError(
                path,
                where,
                f"Body ID {body_id!r} appears again with different text "
                f"(first at {first_seen[body_id]})",
            )
        bodies[body_id] = text
        first_seen.setdefault(body_id, where)
    if not bodies:
        raise DataError(path, None, "has a header but no bodies")
    return bodies


def read_fnc(
    stances_path: str | os.PathLike[str], bodies_path: str | os.PathLike[str]
) -> LoadResult:
    """Load FNC-1 pairs in input order; a stances file without a Stance column gives stance None."""
    stances_path, bodies_path = Path(stances_path), Path(bodies_path)
    bodies = _read_fnc_bodies(bodies_path)
    pairs: list[Pair] = []
    skipped = 0
    records = _csv_records(
        stances_path, _read_text(stances_path), ("Headline", "Body ID"), ("Stance",)
    )
    for where, row in records:
        if not where:
            skipped += 1
            continue
        body_id = row["Body ID"].strip()
        if body_id not in bodies:
            raise DataError(
                stances_path, where, f"Body ID {_show(body_id)} has no body in {bodies_path}"
            )
        stance = _normalise_stance(stances_path, where, row["Stance"]) if "Stance" in row else None
        pairs.append(Pair(row["Headline"], bodies[body_id], stance, body_id))
    if not pairs:
        raise DataError(stances_path, None, "has a header but no pairs")
    return LoadResult(pairs, skipped)


def read_labelled(path: str | os.PathLike[str]) -> LoadResult:
    """Load JSON Lines or CSV with headline, body, stance (and optional body_id)."""
    path = Path(path)
    text = _read_text(path)
    suffix = path.suffix.lower()
    is_jsonl = suffix in _JSONL_SUFFIXES or (
        suffix not in _CSV_SUFFIXES and text.lstrip().startswith("{")
    )
    return _read_jsonl(path, text) if is_jsonl else _read_labelled_csv(path, text)


def _labelled_pair(path: Path, where: int | str, record: dict[str, object]) -> Pair:
    values: dict[str, str] = {}
    for key in ("headline", "body", "stance"):
        if key not in record:
            raise DataError(path, where, f"missing key {key!r}")
        if not isinstance(record[key], str):
            kind = type(record[key]).__name__
            raise DataError(path, where, f"{key!r} must be a string, found {kind}")
        values[key] = record[key]
    body_id = record.get("body_id")
    if body_id is not None and (isinstance(body_id, bool) or not isinstance(body_id, str | int)):
        kind = type(body_id).__name__
        raise DataError(path, where, f"'body_id' must be a string or integer, found {kind}")
    stance = _normalise_stance(path, where, values["stance"])
    body_id = str(body_id).strip() if body_id is not None else None
    return Pair(values["headline"], values["body"], stance, body_id or None)


def _read_jsonl(path: Path, text: str) -> LoadResult:
    pairs: list[Pair] = []
    skipped = 0
    # Split on "\n" only: str.splitlines() would also break on U+2028, legal inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            skipped += 1
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(
                path,
                number,
                f"not valid JSON ({exc.msg} at column {exc.colno}); "
                "expected one JSON object per line",
            ) from None
        if not isinstance(record, dict):
            kind = type(record).__name__
            raise DataError(path, number, f"expected a JSON object, found {kind}")
        pairs.append(_labelled_pair(path, number, record))
    # The final newline of a well-formed file is not a skipped row.
    if text.endswith("\n"):
        skipped -= 1
    if not pairs:
        raise DataError(path, None, "no pairs found")
    return LoadResult(pairs, skipped)


def _read_labelled_csv(path: Path, text: str) -> LoadResult:
    pairs: list[Pair] = []
    skipped = 0
    records = _csv_records(path, text, ("headline", "body", "stance"), ("body_id",))
    for where, row in records:
        if not where:
            skipped += 1
            continue
        pairs.append(_labelled_pair(path, where, row))
    if not pairs:
        raise DataError(path, None, "has a header but no pairs")
    return LoadResult(pairs, skipped)


def _log_skipped(path: str | os.PathLike[str], result: LoadResult) -> list[Pair]:
    if result.skipped:
        logger.warning("%s: skipped %d blank line(s)", path, result.skipped)
    return result.pairs


def load_fnc(
    stances_path: str | os.PathLike[str], bodies_path: str | os.PathLike[str]
) -> list[Pair]:
    """Pairs from FNC-1 CSVs; any skipped rows are reported through logging."""
    return _log_skipped(stances_path, read_fnc(stances_path, bodies_path))


def load_labelled(path: str | os.PathLike[str]) -> list[Pair]:
    """Pairs from a JSONL or CSV file; any skipped rows are reported through logging."""
    return _log_skipped(path, read_labelled(path))


def load_split_ids(path: str | os.PathLike[str]) -> set[str]:
    """Body IDs of a split, one per line, as in FNC-1's splits/*.txt."""
    ids: set[str] = set()
    for number, line in enumerate(_read_text(path).split("\n"), start=1):
        body_id = line.strip()
        if not body_id:
            continue
        if len(body_id.split()) > 1 or "," in body_id:
            raise DataError(path, number, f"expected one Body ID per line, found {_show(line)}")
        ids.add(body_id)
    return ids


def split_by_body(
    pairs: Iterable[Pair], body_ids: Collection[str]
) -> tuple[list[Pair], list[Pair]]:
    """Split by body, not by pair, so no body is seen on both sides (the FNC-1 convention)."""
    wanted = {str(body_id).strip() for body_id in body_ids}
    inside: list[Pair] = []
    outside: list[Pair] = []
    for index, pair in enumerate(pairs):
        if pair.body_id is None:
            raise ValueError(f"pair {index} has no body_id, so it cannot be assigned to a split")
        (inside if pair.body_id in wanted else outside).append(pair)
    return inside, outside


def data_fingerprint(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> str:
    """SHA-256 identifying the exact training files, for the model card.

    Hashes each file's SHA-256 digest in the given order, so a single file's fingerprint
    differs from ``sha256sum`` but file boundaries are unambiguous.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    combined = hashlib.sha256()
    for path in paths:
        with _reading(path), open(path, "rb") as handle:
            combined.update(hashlib.file_digest(handle, "sha256").digest())
    return combined.hexdigest()
