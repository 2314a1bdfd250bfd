import json
import random

import pytest
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from training.data import STANCES
from training.metrics import fnc_score, stance_report, warning_rates

GOLD = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
PRED = ["agree", "discuss", "unrelated", "unrelated", "agree", "agree"]


def official_fnc_score(gold, pred):
    """score_submission() of FakeNewsChallenge/fnc-1-baseline utils/score.py, transcribed."""
    score = 0.0
    for g, t in zip(gold, pred, strict=True):
        if g == t:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g in ("agree", "disagree", "discuss") and t in ("agree", "disagree", "discuss"):
            score += 0.25
    return score


def test_fnc_score_hand_computed():
    # agree/agree        related both (+0.25), right stance (+0.75) = 1.00
    # disagree/discuss   related both (+0.25), wrong stance         = 0.25
    # discuss/unrelated  wrong relatedness                          = 0.00
    # unrelated/unrelated right relatedness                         = 0.25
    # unrelated/agree    wrong relatedness                          = 0.00
    # agree/agree                                                   = 1.00
    # raw = 2.5; max = 4 related x 1.0 + 2 unrelated x 0.25 = 4.5; relative = 2.5 / 4.5 = 5/9
    raw, best, relative = fnc_score(GOLD, PRED)
    assert (raw, best) == (2.5, 4.5)
    assert relative == pytest.approx(5 / 9)


def test_fnc_score_matches_official_scorer_and_perfect_is_one():
    rng = random.Random(7)
    gold = [rng.choice(STANCES) for _ in range(500)]
    pred = [rng.choice(STANCES) for _ in range(500)]
    assert fnc_score(gold, pred)[0] == pytest.approx(official_fnc_score(gold, pred))
    raw, best, relative = fnc_score(gold, gold)
    assert raw == best == official_fnc_score(gold, gold)
    assert relative == 1.0


def test_stance_report_hand_computed():
    report = stance_report(GOLD, PRED)
    assert report["n_pairs"] == 6
    assert report["fnc_raw"] == 2.5 and report["fnc_max"] == 4.5
    assert report["fnc_score"] == pytest.approx(5 / 9)
    assert report["accuracy"] == pytest.approx(3 / 6)
    # Right related/unrelated call on pairs 1, 2, 4 and 6.
    assert report["relatedness_accuracy"] == pytest.approx(4 / 6)
    assert report["confusion_matrix"] == [
        [2, 0, 0, 0],  # gold agree
        [0, 0, 1, 0],  # gold disagree
        [0, 0, 0, 1],  # gold discuss
        [1, 0, 0, 1],  # gold unrelated
    ]
    # agree: 2 right of 3 predicted, 2 of 2 gold -> p 2/3, r 1, f1 0.8
    assert report["per_class"]["agree"] == pytest.approx(
        {"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2}
    )
    assert report["per_class"]["disagree"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 1,
    }
    # macro-F1 = (0.8 + 0 + 0 + 0.5) / 4; unrelated: p 1/2, r 1/2
    assert report["macro_f1"] == pytest.approx(1.3 / 4)
    assert list(report["per_class"]) == list(STANCES)


def test_stance_report_agrees_with_scikit_learn():
    rng = random.Random(3)
    gold = [rng.choice(STANCES) for _ in range(300)]
    pred = [rng.choice(STANCES[1:]) for _ in range(300)]  # agree is never predicted
    report = stance_report(gold, pred)
    labels = list(STANCES)
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, pred, labels=labels, zero_division=0
    )
    for i, stance in enumerate(STANCES):
        expected = {
            "precision": precision[i],
            "recall": recall[i],
            "f1": f1[i],
            "support": support[i],
        }
        assert report["per_class"][stance] == pytest.approx(expected)
    assert report["macro_f1"] == pytest.approx(
        f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
    )
    assert report["confusion_matrix"] == confusion_matrix(gold, pred, labels=labels).tolist()


def test_empty_classes_and_empty_input_score_zero():
    report = stance_report(["agree", "unrelated"], ["agree", "unrelated"])
    assert report["per_class"]["disagree"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 0,
    }
    assert report["fnc_score"] == 1.0
    empty = stance_report([], [])
    assert empty["n_pairs"] == 0
    assert empty["fnc_score"] == empty["macro_f1"] == empty["accuracy"] == 0.0
    assert empty["confusion_matrix"] == [[0] * 4 for _ in range(4)]


def test_report_is_plain_json():
    report = stance_report(GOLD, PRED)
    assert json.loads(json.dumps(report)) == report


@pytest.mark.parametrize(
    ("gold", "pred", "message"),
    [
        (["agree"], [], "1 gold labels but 0 predictions"),
        (["agree"], ["agreed"], "unknown predictions stance"),
        (["Agree"], ["agree"], "unknown gold stance"),
        ([None], ["agree"], "unknown gold stance"),
    ],
)
def test_bad_labels_are_refused(gold, pred, message):
    with pytest.raises(ValueError, match=message):
        stance_report(gold, pred)
    with pytest.raises(ValueError, match=message):
        fnc_score(gold, pred)


def test_warning_rates_hand_computed():
    gold = ["unrelated", "unrelated", "unrelated", "unrelated", "disagree", "disagree"]
    gold += ["agree", "discuss", "discuss", "discuss"]
    warnings = ["mismatch", "mismatch", "mismatch", "contradicted", "contradicted", None]
    warnings += [None, "mismatch", None, None]
    rates = warning_rates(gold, warnings)
    assert rates == {
        # A contradiction warning on an unrelated pair does not count as a caught mismatch.
        "mismatch_recall": 3 / 4,
        "contradiction_recall": 1 / 2,
        "false_alarm_rate": 1 / 4,
        "n_unrelated": 4,
        "n_unrelated_mismatch": 3,
        "n_disagree": 2,
        "n_disagree_contradicted": 1,
        "n_honest": 4,
        "n_false_alarms": 1,
    }


def test_warning_rates_with_empty_classes():
    rates = warning_rates(["agree"], [None])
    assert rates["mismatch_recall"] == rates["contradiction_recall"] == 0.0
    assert rates["false_alarm_rate"] == 0.0
    assert warning_rates([], [])["n_honest"] == 0


@pytest.mark.parametrize(
    ("gold", "warnings", "message"),
    [
        (["agree"], [None, None], "1 gold labels but 2 warnings"),
        (["agree"], ["unrelated"], "unknown warning"),
        (["nope"], [None], "unknown gold stance"),
    ],
)
def test_warning_rates_refuses_bad_input(gold, warnings, message):
    with pytest.raises(ValueError, match=message):
        warning_rates(gold, warnings)
