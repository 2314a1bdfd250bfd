"""Train and evaluate end to end through the command line, on a slice of FNC-1."""

import csv
import json

import pytest

from training import cli
from training.data import load_fnc, load_split_ids

N_TRAIN_BODIES, N_HOLDOUT_BODIES = 80, 25


@pytest.fixture(scope="module")
def fnc_slice(shared_dir, tmp_path_factory):
    """A few bodies from each side of the standard split, written back as FNC-format CSVs."""
    fnc = shared_dir / "data" / "fnc-1"
    pairs = load_fnc(fnc / "train_stances.csv", fnc / "train_bodies.csv")
    holdout = sorted(load_split_ids(fnc / "splits" / "hold_out_ids.txt"), key=int)
    training = sorted(load_split_ids(fnc / "splits" / "training_ids.txt"), key=int)
    keep_holdout = set(holdout[:N_HOLDOUT_BODIES])
    keep = set(training[:N_TRAIN_BODIES]) | keep_holdout
    chosen = [p for p in pairs if p.body_id in keep]
    out = tmp_path_factory.mktemp("fnc-slice")
    with open(out / "stances.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows([p.headline, p.body_id, p.stance] for p in chosen)
    with open(out / "bodies.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows({p.body_id: p.body for p in chosen}.items())
    (out / "holdout.txt").write_text("\n".join(sorted(keep_holdout)) + "\n")
    return out


def train_slice(fnc_slice, output) -> int:
    """Fit on the slice's training bodies, score on its hold-out bodies."""
    return cli.main(
        [
            "train",
            *(
                "--stances",
                str(fnc_slice / "stances.csv"),
                "--bodies",
                str(fnc_slice / "bodies.csv"),
            ),
            *("--holdout-ids", str(fnc_slice / "holdout.txt"), "--fit-on", "train-split"),
            *("--output", str(output)),
        ]
    )


@pytest.fixture(scope="module")
def trained(fnc_slice):
    model = fnc_slice / "model.joblib"
    status = train_slice(fnc_slice, model)
    assert status == 0
    return model


def evaluate(fnc_slice, model, capsys, *extra):
    capsys.readouterr()
    status = cli.main(
        [
            "evaluate",
            "--model",
            str(model),
            "--stances",
            str(fnc_slice / "stances.csv"),
            "--bodies",
            str(fnc_slice / "bodies.csv"),
            "--body-ids",
            str(fnc_slice / "holdout.txt"),
            *extra,
        ]
    )
    captured = capsys.readouterr()
    assert status == 0
    return json.loads(captured.out), captured.err


def test_train_writes_a_card_with_holdout_metrics(trained):
    card = json.loads(trained.with_suffix(".json").read_text())
    assert card["fitted_on"] == "train-split"
    assert card["holdout"]["n_pairs"] > 100
    assert 0.0 <= card["holdout"]["metrics"]["fnc_score"] <= 1.0
    assert card["command"].startswith("headline-check train")


def test_evaluate_contract(fnc_slice, trained, capsys, tmp_path):
    predictions, report_dir = tmp_path / "pred.csv", tmp_path / "report"
    result, err = evaluate(
        fnc_slice, trained, capsys, "--predictions", str(predictions), "--report", str(report_dir)
    )
    for key in (
        "fnc_score",
        "fnc_raw",
        "fnc_max",
        "macro_f1",
        "accuracy",
        "relatedness_accuracy",
        "per_class",
        "confusion_matrix",
        "n_pairs",
        "seconds",
        "warnings",
    ):
        assert key in result, key
    assert sum(map(sum, result["confusion_matrix"])) == result["n_pairs"]
    assert set(result["warnings"]) == {"low", "normal", "high"}
    assert "false_alarm_rate" in result["warnings"]["normal"]
    # even a model fitted on 80 bodies separates related from unrelated well
    assert result["relatedness_accuracy"] > 0.85
    # the hold-out metrics in the card are the same recipe on the same pairs
    card = json.loads(trained.with_suffix(".json").read_text())
    assert result["fnc_score"] == pytest.approx(card["holdout"]["metrics"]["fnc_score"])
    assert "[evaluate" in err  # progress goes to stderr, never stdout
    rows = list(csv.DictReader(predictions.open(encoding="utf-8")))
    assert len(rows) == result["n_pairs"] and set(rows[0]) == {"Headline", "Body ID", "Stance"}
    assert {p.name for p in report_dir.iterdir()} >= {
        "report.json",
        "confusion_matrix.png",
        "summary.md",
    }


def test_training_is_reproducible(fnc_slice, trained, tmp_path):
    again = tmp_path / "again.joblib"
    assert train_slice(fnc_slice, again) == 0
    first = json.loads(trained.with_suffix(".json").read_text())["holdout"]["metrics"]
    second = json.loads(again.with_suffix(".json").read_text())["holdout"]["metrics"]
    assert first["confusion_matrix"] == second["confusion_matrix"]


def test_train_accepts_simple_jsonl(tmp_path, fnc_slice):
    """The team's seed examples plus a slice of FNC-1 converted to JSONL train a model."""
    pairs = load_fnc(fnc_slice / "stances.csv", fnc_slice / "bodies.csv")[:600]
    data = tmp_path / "pairs.jsonl"
    data.write_text(
        "".join(
            json.dumps({"headline": p.headline, "body": p.body, "stance": p.stance}) + "\n"
            for p in pairs
        )
    )
    model = tmp_path / "m.joblib"
    assert cli.main(["train", "--data", str(data), "--output", str(model)]) == 0
    card = json.loads(model.with_suffix(".json").read_text())
    assert card["holdout"]["split"].startswith("seeded")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ('{"headline": "h", "body": "b", "stance": "maybe"}\n', "line 1"),
        ('{"headline": "h", "body": "b"}\n', "line 1"),
    ],
)
def test_bad_training_file_is_one_line_and_status_2(tmp_path, capsys, content, message):
    data = tmp_path / "bad.jsonl"
    data.write_text(content)
    assert cli.main(["train", "--data", str(data), "--output", str(tmp_path / "m.joblib")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(data) in err and message in err


def test_check_prints_one_json_object(capsys, tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"title": "Short", "body": "Too short to judge."}))
    assert cli.main(["check", "--json", str(page)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "unknown" and result["reason"] == "too_short"


@pytest.mark.parametrize(
    "argv",
    [["check", "--title", "t"], ["check", "--body", "b"], ["evaluate", "--stances", "s.csv"]],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
