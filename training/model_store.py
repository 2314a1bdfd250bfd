"""Save and load the fitted pipeline with its model card, refusing files that were changed.

Unpickling runs code, so the file's SHA-256 is compared with the one recorded in the card
before ``joblib.load`` ever sees it.
"""

import hashlib
import json
from pathlib import Path

import joblib
import sklearn

DEFAULT_MODEL = Path(__file__).parent / "models" / "default.joblib"


class ModelLoadError(Exception):
    """The model cannot be used; the message says which file and why, in one line."""


class ModelNotFoundError(ModelLoadError):
    pass


class ModelIntegrityError(ModelLoadError):
    pass


def card_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(pipeline, path, card: dict) -> dict:
    """Write the pipeline and its card (with the file's SHA-256); return the card written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, path, compress=("xz", 6))
    card = {
        **card,
        "file": path.name,
        "sha256": file_sha256(path),
        "size_bytes": path.stat().st_size,
    }
    card.setdefault("libraries", {})["scikit-learn"] = sklearn.__version__
    card_path(path).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return card


def read_card(path) -> dict:
    path = Path(path)
    if path.suffix.lower() == ".json":
        # The card's path would hash the card itself: name the mistake instead.
        model = path.with_suffix(".joblib")
        raise ModelLoadError(f"{path} is the model card; give the model file beside it: {model}")
    card_file = card_path(path)
    if not path.is_file():
        raise ModelNotFoundError(f"model file not found: {path}")
    if not card_file.is_file():
        raise ModelNotFoundError(f"model card not found beside the model: {card_file}")
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelIntegrityError(f"model card {card_file} is not valid JSON: {error}") from None
    if not isinstance(card, dict) or not isinstance(card.get("sha256"), str):
        raise ModelIntegrityError(f"model card {card_file} records no sha256")
    return card


def load_model(path=None) -> tuple[object, dict]:
    """The verified pipeline and its card; ``path`` None means the bundled default model."""
    path = Path(path) if path is not None else DEFAULT_MODEL
    card = read_card(path)
    actual = file_sha256(path)
    if actual != card["sha256"]:
        raise ModelIntegrityError(
            f"model file {path} does not match the SHA-256 in {card_path(path).name} "
            f"(expected {card['sha256'][:16]}…, got {actual[:16]}…): refusing to load it"
        )
    trained_with = card.get("libraries", {}).get("scikit-learn", "")
    if trained_with.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        raise ModelLoadError(
            f"model {path} was trained with scikit-learn {trained_with or '(unknown)'}, "
            f"this is {sklearn.__version__}: retrain it or install the matching version"
        )
    return joblib.load(path), card
