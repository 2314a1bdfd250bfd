"""``headline-check compare``: figures from the cards, side by side, with their spread."""

import json

import pytest

from training.model_store import DEFAULT_MODEL, card_path


def card(fnc, disagree, caught=None, seed=1):
    """The parts of a card `compare` reads (`train` writes many more)."""
    metrics = {
        "fnc_score": fnc,
        "macro_f1": 0.6,
        "relatedness_accuracy": 0.99,
        "per_class": {"disagree": {"f1": disagree}},
        "warnings": {"normal": {"mismatch_recall": 0.99, "false_alarm_rate": 0.01}},
    }
    if caught is not None:
        metrics["same_topic"] = {"normal": {"swapped_caught": caught}}
    return {
        "sha256": "0" * 64,
        "version": f"v{seed}",
        "seed": seed,
        "holdout": {"split": "seeded 20% of claims", "n_pairs": 100, "metrics": metrics},
    }


@pytest.fixture
def cards(tmp_path):
    """Three models with their cards beside them, as `train` leaves them (the model files are
    never read, so placeholders do)."""
    paths = []
    for i, (fnc, disagree, caught) in enumerate(
        [(0.85, 0.2, 0.8), (0.87, 0.3, None), (0.86, 0.1, 0.6)]
    ):
        model = tmp_path / f"m{i}.joblib"
        model.write_bytes(b"never unpickled")
        card_path(model).write_text(json.dumps(card(fnc, disagree, caught, seed=i)))
        paths.append(model)
    return paths


def test_json_gives_each_models_figures_and_their_spread(run_cli, cards):
    done = run_cli("compare", "--json", *cards)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [m["figures"]["FNC"] for m in out["models"]] == [0.85, 0.87, 0.86]
    assert [m["seed"] for m in out["models"]] == [0, 1, 2]
    assert out["spread"]["FNC"] == pytest.approx({"mean": 0.86, "min": 0.85, "max": 0.87})
    assert out["spread"]["disagree F1"]["mean"] == pytest.approx(0.2)
    # a card without the same-topic set counts as missing there, not as zero
    assert out["models"][1]["figures"]["same-topic caught"] is None
    assert out["spread"]["same-topic caught"]["mean"] == pytest.approx(0.7)


def test_table_has_a_row_per_model_and_the_spread(run_cli, cards):
    done = run_cli("compare", *cards)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:4] == ["model", "hold-out", "seed", "pairs"]
    assert sum(str(p) in done.stdout for p in cards) == 3
    mean = next(line for line in lines if line.startswith("mean"))
    assert "0.8600" in mean and "0.700" in mean


def test_the_bundled_model_compares_without_being_loaded(run_cli):
    done = run_cli("compare", "--json", DEFAULT_MODEL)
    assert done.returncode == 0, done.stderr
    bundled = json.loads(card_path(DEFAULT_MODEL).read_text())
    [row] = json.loads(done.stdout)["models"]
    assert row["figures"]["FNC"] == bundled["holdout"]["metrics"]["fnc_score"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "model card not found"),
        ("{not json", "not valid JSON"),
        (json.dumps([1, 2]), "records no sha256"),
        (json.dumps({"sha256": "ab"}), "has no hold-out figures"),
    ],
)
def test_a_bad_card_is_one_line(run_cli, tmp_path, content, message):
    model = tmp_path / "m.joblib"
    model.write_bytes(b"x")
    if content is not None:
        card_path(model).write_text(content)
    done = run_cli("compare", model)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_card_path_names_the_model_to_give_instead(run_cli, cards):
    done = run_cli("compare", card_path(cards[0]))
    assert done.returncode == 2 and "give the model file beside it" in done.stderr
