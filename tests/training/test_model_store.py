"""The integrity check: a changed model file must never reach the unpickler."""

import json
import shutil

import pytest

from training import cli
from training.model_store import (
    DEFAULT_MODEL,
    ModelIntegrityError,
    ModelLoadError,
    ModelNotFoundError,
    card_path,
    load_model,
    save_model,
)


@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model.joblib"
    shutil.copy(DEFAULT_MODEL, target)
    shutil.copy(card_path(DEFAULT_MODEL), card_path(target))
    return target


def test_bundled_model_card_records_its_hash_and_holdout_figures():
    card = json.loads(card_path(DEFAULT_MODEL).read_text())
    assert len(card["sha256"]) == 64
    assert card["size_bytes"] <= 30_000_000
    assert set(card["thresholds"]) == {"low", "normal", "high"}
    assert card["holdout"]["metrics"]["n_pairs"] > 0


def test_round_trip(tmp_path):
    card = save_model({"a fitted": "object"}, tmp_path / "m.joblib", {"name": "t"})
    loaded, loaded_card = load_model(tmp_path / "m.joblib")
    assert loaded == {"a fitted": "object"}
    assert loaded_card["sha256"] == card["sha256"]


def test_a_flipped_byte_is_refused(model_copy, monkeypatch):
    data = bytearray(model_copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model_copy.write_bytes(bytes(data))
    # prove refusal happens before unpickling, not because unpickling failed
    monkeypatch.setattr("joblib.load", lambda *a, **k: pytest.fail("unpickled a tampered file"))
    with pytest.raises(ModelIntegrityError, match="does not match the SHA-256"):
        load_model(model_copy)


def test_a_truncated_file_is_refused(model_copy):
    model_copy.write_bytes(model_copy.read_bytes()[:1000])
    with pytest.raises(ModelIntegrityError, match="refusing to load it"):
        load_model(model_copy)


def test_missing_card_is_refused(model_copy):
    card_path(model_copy).unlink()
    with pytest.raises(ModelNotFoundError, match="model card not found"):
        load_model(model_copy)


def test_card_without_hash_is_refused(model_copy):
    card_path(model_copy).write_text('{"name": "x"}')
    with pytest.raises(ModelIntegrityError, match="records no sha256"):
        load_model(model_copy)


def test_model_from_another_scikit_learn_is_refused(model_copy):
    card = json.loads(card_path(model_copy).read_text())
    card["libraries"]["scikit-learn"] = "0.24.2"
    card_path(model_copy).write_text(json.dumps(card))
    with pytest.raises(ModelLoadError, match=r"scikit-learn 0\.24\.2"):
        load_model(model_copy)


def test_cli_reports_tampering_in_one_line_with_status_2(model_copy, capsys):
    model_copy.write_bytes(model_copy.read_bytes()[:-10])
    status = cli.main(["check", "--model", str(model_copy), "--title", "x y z", "--body", "b"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "refusing to load it" in err
