"""The CLI as a newcomer meets it, on data written in the tests (no ../shared needed).

Every command runs as a real process (the installed ``headline-check``), so a traceback,
a wrong exit status or a file written in the wrong place shows up as the user would see it.
"""

import csv
import hashlib
import json
import subprocess

import pytest
from tiny_news import tiny_pairs, write_jsonl

from training import cli, train
from training.data import STANCES
from training.model_store import DEFAULT_MODEL, card_path
from training.verdict import DEFAULT_THRESHOLDS


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def error_line(done: subprocess.CompletedProcess) -> str:
    """The one error line, after checking it is the only thing besides progress lines."""
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("[")]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("headline-check: error: ")
    return lines[0]


def data_args(tiny_fnc):
    return ("--stances", tiny_fnc["stances.csv"], "--bodies", tiny_fnc["bodies.csv"])


# --- train, evaluate and check end to end ---------------------------------------------------


def test_train_writes_model_and_card_with_holdout_figures(tiny_model):
    model, done = tiny_model
    card = json.loads(card_path(model).read_text())
    assert f"model: {model}" in done.stdout
    assert card["version"] == "tiny-test" and card["fitted_on"] == "train-split"
    assert card["data"]["n_pairs"] == 540
    assert card["holdout"]["n_pairs"] == 108
    assert card["holdout"]["metrics"]["relatedness_accuracy"] > 0.9


def test_one_stage_classifier_is_chosen_on_the_command_line(tiny_fnc, run_cli, tmp_path):
    """``--classifier one-stage`` ships one set of trees, and the card's command says so."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from training.model_store import load_model

    model = tmp_path / "one-stage.joblib"
    done = run_cli(
        "train",
        *data_args(tiny_fnc),
        *("--holdout-ids", tiny_fnc["holdout.txt"], "--fit-on", "train-split"),
        *("--classifier", "one-stage", "--output", model),
    )
    assert done.returncode == 0, done.stderr
    pipeline, card = load_model(model)
    assert isinstance(pipeline[-1], HistGradientBoostingClassifier)
    assert card["classifier"] == "one-stage"
    assert "--classifier one-stage" in card["command"]
    assert card["holdout"]["metrics"]["relatedness_accuracy"] > 0.9


def test_two_stage_is_the_default_classifier(tiny_model):
    from training.model_store import load_model
    from training.two_stage import TwoStageClassifier

    pipeline, card = load_model(tiny_model[0])
    assert isinstance(pipeline[-1], TwoStageClassifier)
    assert card["classifier"] == "two-stage" and "--classifier two-stage" in card["command"]


def test_evaluate_scores_the_holdout_like_the_card(tiny_fnc, tiny_model, run_cli, tmp_path):
    model, _ = tiny_model
    predictions = tmp_path / "not" / "yet" / "made" / "p.csv"
    done = run_cli(
        "evaluate",
        *("--model", model, *data_args(tiny_fnc), "--body-ids", tiny_fnc["holdout.txt"]),
        *("--predictions", predictions, "--report", tmp_path / "report"),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    card = json.loads(card_path(model).read_text())
    assert result["n_pairs"] == 108
    assert result["fnc_score"] == pytest.approx(card["holdout"]["metrics"]["fnc_score"])
    # stories seen in training, bodies not: a working recipe separates them almost perfectly
    assert result["relatedness_accuracy"] > 0.9
    assert result["macro_f1"] > 0.6
    rows = list(csv.DictReader(predictions.open(encoding="utf-8")))
    assert len(rows) == 108 and {r["Stance"] for r in rows} <= set(STANCES)
    assert (tmp_path / "report" / "summary.md").is_file()


def test_check_with_the_trained_model(tiny_fnc, tiny_model, run_cli, tmp_path):
    """A held-out body under its own story's headline is consistent, under another's a mismatch."""
    model, _ = tiny_model
    held = set(tiny_fnc["holdout.txt"].read_text().split())
    pairs = [p for p in tiny_pairs() if p["body_id"] in held]
    own = next(p for p in pairs if p["stance"] == "agree")
    other = next(p for p in pairs if p["stance"] == "unrelated")
    for pair, verdict in ((own, "consistent"), (other, "mismatch")):
        page = tmp_path / "page.json"
        page.write_text(json.dumps({"title": pair["headline"], "body": pair["body"]}))
        done = run_cli("check", "--model", model, "--json", page)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["verdict"] == verdict, result
        assert result["model"]["version"] == "tiny-test"


def test_train_accepts_jsonl_without_body_ids(run_cli, tmp_path):
    data = write_jsonl(tmp_path / "pairs.jsonl", tiny_pairs())
    done = run_cli("train", "--data", data, "--output", tmp_path / "m.joblib")
    assert done.returncode == 0, done.stderr
    card = json.loads((tmp_path / "m.json").read_text())
    assert card["holdout"]["split"].startswith("seeded")
    assert card["data"]["n_pairs"] == 540


def test_fit_also_pairs_are_fitted_on_but_never_held_out(tiny_fnc, run_cli, tmp_path):
    """``--fit-also`` teaches the model without touching what the hold-out split measures: the
    hold-out side and its figures are the same pairs as without it, the fit has more."""
    extra = [pair | {"body_id": None} for pair in tiny_pairs(seed=11)[:60]]
    also = write_jsonl(tmp_path / "also.jsonl", extra)
    runs = {}
    for name, more in (("plain", ()), ("also", ("--fit-also", also))):
        model = tmp_path / f"{name}.joblib"
        done = run_cli(
            "train",
            *data_args(tiny_fnc),
            *("--holdout-ids", tiny_fnc["holdout.txt"], "--fit-on", "train-split"),
            *more,
            *("--version", "tiny-test", "--output", model),
        )
        assert done.returncode == 0, done.stderr
        runs[name] = json.loads(card_path(model).read_text())
    plain, with_also = runs["plain"], runs["also"]
    assert with_also["holdout"]["n_pairs"] == plain["holdout"]["n_pairs"] == 108
    assert with_also["data"]["n_pairs"] == plain["data"]["n_pairs"] + 60
    assert with_also["data"]["fit_also"] == [str(also)] and plain["data"]["fit_also"] == []
    assert "--fit-also" in with_also["command"]


def test_a_bad_fit_also_file_is_one_line_naming_it(tiny_fnc, run_cli, tmp_path):
    bad = tmp_path / "comments.jsonl"
    bad.write_text('{"headline": "Cats should stay in", "body": "no", "stance": "maybe"}\n')
    done = run_cli("train", *data_args(tiny_fnc), "--fit-also", bad, "--output", tmp_path / "m")
    assert done.returncode == 2
    assert f"{bad}: line 1: unknown stance 'maybe'" in error_line(done)


# --- where train writes ---------------------------------------------------------------------


def test_train_without_output_leaves_the_bundled_model_alone(tiny_fnc, run_cli, tmp_path):
    bundled = digest(DEFAULT_MODEL), digest(card_path(DEFAULT_MODEL))
    done = run_cli("train", *data_args(tiny_fnc), "--version", "mine", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "models" / "mine.joblib").is_file()
    assert (tmp_path / "models" / "mine.json").is_file()
    assert "model: models/mine.joblib" in done.stdout
    assert (digest(DEFAULT_MODEL), digest(card_path(DEFAULT_MODEL))) == bundled


def test_train_help_says_where_the_model_goes(run_cli):
    done = run_cli("train", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "default: models/VERSION.joblib in the current directory" in text
    assert "bundled model is replaced only when named" in text


def test_default_output_never_resolves_to_the_bundled_model(
    tiny_fnc, tmp_path, monkeypatch, capsys
):
    """Run from the folder that holds the bundled model with --version default: refused."""
    bundled = tmp_path / "models" / "default.joblib"
    monkeypatch.setattr(train, "DEFAULT_MODEL", bundled)
    monkeypatch.chdir(tmp_path)
    argv = ["train", *map(str, data_args(tiny_fnc)), "--version", "default"]
    assert cli.main(argv) == 2
    assert "name it with --output" in capsys.readouterr().err
    assert not bundled.exists()


# --- too little data ------------------------------------------------------------------------


def test_training_on_eight_rows_is_one_line(run_cli, tmp_path):
    by_stance = {}
    for pair in tiny_pairs():
        by_stance.setdefault(pair["stance"], [])
        if len(by_stance[pair["stance"]]) < 2:
            by_stance[pair["stance"]].append(pair)
    eight = [p for pairs in by_stance.values() for p in pairs]
    data = write_jsonl(tmp_path / "eight.jsonl", eight)
    done = run_cli("train", "--data", data, "--output", tmp_path / "m.joblib")
    assert done.returncode == 2
    line = error_line(done)
    assert line.endswith(
        "the data has only 6 related (agree/disagree/discuss) pairs; training needs at least "
        "10 to learn the words of each stance"
    )
    assert not (tmp_path / "m.joblib").exists()


def test_data_without_a_stance_is_named(run_cli, tmp_path):
    pairs = [p for p in tiny_pairs() if p["stance"] not in ("disagree", "discuss")][:200]
    data = write_jsonl(tmp_path / "few.jsonl", pairs)
    done = run_cli("train", "--data", data, "--output", tmp_path / "m.joblib")
    assert done.returncode == 2
    assert error_line(done).endswith(
        "the data has no 'disagree' or 'discuss' pairs (of 200); training needs at least one "
        "pair of each stance (agree, disagree, discuss, unrelated)"
    )


def test_a_training_split_without_a_stance_is_named(tiny_fnc, run_cli, tmp_path):
    """Holding out every body that confirms its story leaves training no 'agree' pair."""
    agreeing = {p["body_id"] for p in tiny_pairs() if p["stance"] == "agree"}
    holdout = tmp_path / "holdout.txt"
    holdout.write_text("\n".join(sorted(agreeing)) + "\n")
    done = run_cli(
        "train", *data_args(tiny_fnc), "--holdout-ids", holdout, "--output", tmp_path / "m.joblib"
    )
    assert done.returncode == 2
    assert "the training split has no 'agree' pairs (of 360); training needs" in error_line(done)


# --- a hold-out too small to tune thresholds on --------------------------------------------


def test_tiny_holdout_warns_once_and_keeps_default_thresholds(tiny_model):
    model, done = tiny_model
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "headline-check: warning: the hold-out split has 54 'unrelated', 18 'disagree', "
        "36 honest (agree/discuss) pairs; tuning thresholds needs at least 50 of each: "
        "keeping the default thresholds"
    ]
    card = json.loads(card_path(model).read_text())
    assert card["thresholds"] == DEFAULT_THRESHOLDS
    assert card["holdout"]["metrics"]["thresholds_tuned"] is False


@pytest.mark.parametrize(
    ("counts", "tunable"),
    [
        ({"unrelated": 50, "disagree": 50, "agree": 25, "discuss": 25}, True),
        ({"unrelated": 50, "disagree": 49, "agree": 25, "discuss": 25}, False),
        ({"unrelated": 49, "disagree": 50, "agree": 50, "discuss": 0}, False),
        ({"unrelated": 500, "disagree": 50, "agree": 0, "discuss": 49}, False),
        ({"unrelated": 2}, False),
    ],
)
def test_tuning_needs_fifty_pairs_of_each_warning_group(counts, tunable):
    gold = [stance for stance, n in counts.items() for _ in range(n)]
    assert (train.tuning_shortfall(gold) is None) is tunable


# --- evaluate and check: mistakes a newcomer makes ------------------------------------------


def test_evaluate_given_the_card_names_it(tiny_fnc, tiny_model, run_cli):
    model, _ = tiny_model
    card = card_path(model)
    done = run_cli("evaluate", "--model", card, *data_args(tiny_fnc))
    assert done.returncode == 2
    line = error_line(done)
    assert f"{card} is the model card; give the model file beside it: {model}" in line


def test_predictions_into_a_folder_fail_before_scoring(tiny_fnc, tiny_model, run_cli, tmp_path):
    model, _ = tiny_model
    done = run_cli("evaluate", "--model", model, *data_args(tiny_fnc), "--predictions", tmp_path)
    assert done.returncode == 2
    assert "is a folder" in error_line(done)
    assert "[evaluate" not in done.stderr  # refused before any scoring


def test_check_into_a_closed_pipe_ends_quietly(cli_command, seed_page, tmp_path):
    """``check | head -c 300`` when head has already gone: no BrokenPipeError traceback."""
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"title": seed_page["title"], "body": seed_page["body"]}))
    process = subprocess.Popen(
        [*cli_command, "check", "--json", str(page)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()  # the reader is gone before the first byte is written
    _, err = process.communicate(timeout=120)
    assert err == ""
    assert process.returncode == 141
