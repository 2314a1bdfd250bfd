"""create_app: loads the verified model once and refuses to start on a bad one."""

import json
import shutil

import pytest

from service import create_app
from training.model_store import (
    DEFAULT_MODEL,
    ModelIntegrityError,
    ModelLoadError,
    ModelNotFoundError,
)


def test_factory_loads_the_bundled_model(tmp_path, monkeypatch, checker):
    monkeypatch.delenv("HEADLINE_CHECK_MODEL", raising=False)
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "f.sqlite3")})
    model = app.extensions["headline_check"].model
    card = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text())
    assert model == {"name": card["name"], "version": str(card["version"])}


def test_model_setting_names_the_file(tmp_path, checker):
    model = tmp_path / "copy.joblib"
    shutil.copy(DEFAULT_MODEL, model)
    shutil.copy(DEFAULT_MODEL.with_suffix(".json"), model.with_suffix(".json"))
    app = create_app({"MODEL": str(model), "DATABASE": str(tmp_path / "f.sqlite3")})
    assert app.extensions["headline_check"].checker.card["sha256"]


def test_a_changed_model_file_stops_start_up(tmp_path):
    model = tmp_path / "bad.joblib"
    model.write_bytes(b"not the model")
    shutil.copy(DEFAULT_MODEL.with_suffix(".json"), model.with_suffix(".json"))
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        create_app({"MODEL": str(model), "DATABASE": str(tmp_path / "f.sqlite3")})


def test_a_missing_model_stops_start_up(tmp_path):
    with pytest.raises(ModelNotFoundError):
        create_app({"MODEL": str(tmp_path / "none.joblib")})


def test_bad_default_sensitivity_stops_start_up(make_app):
    with pytest.raises(ValueError, match="DEFAULT_SENSITIVITY"):
        make_app(DEFAULT_SENSITIVITY="paranoid")


def test_feedback_database_defaults_to_the_instance_folder(make_app, monkeypatch):
    import service

    opened = []
    monkeypatch.setattr(  # keep the checkout clean
        service, "FeedbackStore", lambda path, **_: opened.append(path)
    )
    app = make_app(DATABASE=None)
    assert opened == [f"{app.instance_path}/feedback.sqlite3"]


class UnfitChecker:
    """Test-only checker that loads but cannot score, like a model pickled for other code."""

    name, version, card, thresholds = "unfit", "0", {}, {}

    def check_many(self, pairs, sensitivity="normal"):
        raise AttributeError("'LatentSimilarity' object has no attribute 'space_'")


def test_a_model_that_cannot_score_stops_start_up(tmp_path, monkeypatch):
    import service

    monkeypatch.setattr(service, "load_checker", lambda path: UnfitChecker())
    with pytest.raises(ModelLoadError, match=r"cannot score with this code.*retrain"):
        create_app({"DATABASE": str(tmp_path / "f.sqlite3")})
