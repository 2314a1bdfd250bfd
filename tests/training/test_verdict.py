import numpy as np
import pytest

from training import verdict
from training.data import STANCES

THRESHOLDS = {"unrelated": 0.8, "disagree": 0.6}


def probs(agree=0.0, disagree=0.0, discuss=0.0, unrelated=0.0):
    return {"agree": agree, "disagree": disagree, "discuss": discuss, "unrelated": unrelated}


@pytest.mark.parametrize(
    ("p", "expected_verdict", "expected_warning", "matches"),
    [
        (probs(unrelated=0.9, discuss=0.1), "mismatch", "mismatch", False),
        (probs(disagree=0.7, discuss=0.3), "contradicted", "contradicted", True),
        (probs(agree=0.6, discuss=0.4), "consistent", None, True),
        (probs(discuss=0.5, agree=0.2, unrelated=0.3), "consistent", None, True),
        # leaning to mismatch but below the threshold: no warning, and no false reassurance
        (probs(unrelated=0.7, discuss=0.3), "unknown", None, None),
        (probs(disagree=0.5, discuss=0.4, agree=0.1), "unknown", None, None),
    ],
)
def test_decide(p, expected_verdict, expected_warning, matches):
    result = verdict.decide(p, THRESHOLDS)
    assert (result["verdict"], result["warning"], result["matches"]) == (
        expected_verdict,
        expected_warning,
        matches,
    )
    assert result["explanation"].endswith(".")


def test_mismatch_wins_over_contradiction():
    assert verdict.warning_for(probs(unrelated=0.85, disagree=0.9), THRESHOLDS) == "mismatch"


def test_unknown_sensitivity_is_refused():
    with pytest.raises(ValueError, match="sensitivity must be one of low, normal, high"):
        verdict.check_sensitivity("paranoid")


def test_matrix_warnings_agree_with_single_decisions():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(4), size=200)
    matrix = verdict.warnings_for_matrix(proba, STANCES, THRESHOLDS)
    single = [
        verdict.warning_for(dict(zip(STANCES, row, strict=True)), THRESHOLDS) for row in proba
    ]
    assert matrix == single


def test_tuned_thresholds_respect_each_false_alarm_budget():
    rng = np.random.default_rng(1)
    gold = rng.choice(STANCES, size=2000, p=[0.1, 0.05, 0.2, 0.65])
    # a noisy model: the gold class gets a boost, so thresholds have a real trade-off
    proba = rng.dirichlet(np.ones(4), size=len(gold))
    proba[np.arange(len(gold)), [STANCES.index(g) for g in gold]] += 0.6
    proba /= proba.sum(axis=1, keepdims=True)
    tuned = verdict.tune_thresholds(proba, STANCES, gold)
    honest = np.isin(gold, ["agree", "discuss"])
    recalls = []
    for sensitivity, budget in verdict.FALSE_ALARM_BUDGET.items():
        warnings = np.array(
            verdict.warnings_for_matrix(proba, STANCES, tuned[sensitivity]), dtype=object
        )
        assert (warnings[honest] != None).mean() <= budget  # noqa: E711
        contradiction_budget = budget * verdict.CONTRADICTION_SHARE
        assert (warnings[honest] == "contradicted").mean() <= contradiction_budget
        recalls.append((warnings[gold == "unrelated"] == "mismatch").mean())
    assert recalls[0] <= recalls[1] <= recalls[2]  # higher sensitivity, more warnings


def test_contradiction_warnings_get_only_their_share_of_the_budget():
    """Honest pairs with a middling P(disagree) must not take the mismatch budget's leftovers."""
    n_honest, n_disagree, n_unrelated = 1000, 100, 1000
    gold = ["discuss"] * n_honest + ["disagree"] * n_disagree + ["unrelated"] * n_unrelated
    proba = np.zeros((len(gold), 4))
    proba[:, STANCES.index("discuss")] = 1.0
    proba[n_honest : n_honest + n_disagree] = [0.0, 0.6, 0.4, 0.0]
    proba[: int(n_honest * 0.015)] = [0.0, 0.6, 0.4, 0.0]  # 1.5 % honest look like contradictions
    proba[n_honest + n_disagree :] = [0.0, 0.0, 0.01, 0.99]
    normal = verdict.tune_thresholds(proba, STANCES, gold)["normal"]
    warnings = np.array(verdict.warnings_for_matrix(proba, STANCES, normal), dtype=object)
    # Within the whole 2 % budget, but over the contradiction share (0.5 %): not allowed.
    assert (warnings[:n_honest] == "contradicted").mean() <= 0.02 * verdict.CONTRADICTION_SHARE
    assert normal["disagree"] > 0.6
    assert (warnings[n_honest + n_disagree :] == "mismatch").all()


def test_no_contradiction_warning_without_a_denial_near_the_headline():
    p = probs(disagree=0.9, discuss=0.1)
    assert verdict.warning_for(p, THRESHOLDS, denial=True) == "contradicted"
    assert verdict.warning_for(p, THRESHOLDS, denial=False) is None
    result = verdict.decide(p, THRESHOLDS, denial=False)
    # the model leans to "disagree" without the evidence: no warning, and no reassurance either
    assert (result["verdict"], result["warning"], result["reason"]) == (
        "unknown",
        None,
        "low_confidence",
    )
    # a mismatch needs no denial
    assert verdict.warning_for(probs(unrelated=0.9), THRESHOLDS, denial=False) == "mismatch"


def test_matrix_warnings_apply_the_denial_rule_row_by_row():
    rng = np.random.default_rng(2)
    proba = rng.dirichlet(np.ones(4), size=300)
    denial = rng.random(300) < 0.5
    matrix = verdict.warnings_for_matrix(proba, STANCES, THRESHOLDS, denial)
    single = [
        verdict.warning_for(dict(zip(STANCES, row, strict=True)), THRESHOLDS, bool(d))
        for row, d in zip(proba, denial, strict=True)
    ]
    assert matrix == single
    assert "contradicted" in matrix


def test_tuning_with_the_denial_rule_catches_more_contradictions_in_the_same_budget():
    """Honest pairs whose high P(disagree) has no denial behind them no longer use up the
    contradiction budget, so the tuned threshold can come down to the real contradictions."""
    n_honest, n_disagree, n_unrelated = 2000, 200, 1000
    gold = ["discuss"] * n_honest + ["disagree"] * n_disagree + ["unrelated"] * n_unrelated
    proba = np.zeros((len(gold), 4))
    proba[:, STANCES.index("discuss")] = 1.0
    proba[:n_honest:20] = [0.0, 0.9, 0.1, 0.0]  # 5 % of honest pairs: confident, no denial
    proba[n_honest : n_honest + n_disagree] = [0.0, 0.7, 0.3, 0.0]
    proba[n_honest + n_disagree :] = [0.0, 0.0, 0.01, 0.99]
    denial = np.ones(len(gold), dtype=bool)
    denial[:n_honest:20] = False
    ungated = verdict.tune_thresholds(proba, STANCES, gold)["normal"]
    gated = verdict.tune_thresholds(proba, STANCES, gold, denial)["normal"]
    assert ungated["disagree"] > 0.9 and gated["disagree"] <= 0.7
    warnings = np.array(verdict.warnings_for_matrix(proba, STANCES, gated, denial), dtype=object)
    assert (warnings[n_honest : n_honest + n_disagree] == "contradicted").all()
    assert not (warnings[:n_honest] == "contradicted").any()


@pytest.mark.parametrize(
    ("meaning", "words", "named", "sensitivity", "absent"),
    [
        (0.2, 0.2, True, "normal", True),
        (0.38, 0.38, True, "normal", True),
        (0.41, 0.1, True, "normal", False),  # the meaning is there in other words
        (0.1, 0.41, True, "normal", False),  # the words are there
        (0.42, 0.42, True, "normal", False),
        (0.2, 0.2, False, "normal", False),  # a headline that names nobody: a pun
        (0.38, 0.38, True, "high", True),
        (0.38, 0.38, False, "high", False),
        (0.41, 0.1, True, "high", False),
        (0.1, 0.1, True, "low", False),  # low sensitivity never uses the check
        (None, 0.1, True, "normal", False),  # no encoder: no story check
        (float("nan"), 0.1, True, "high", False),
    ],
)
def test_story_is_absent_only_below_the_cut_offs_under_a_headline_that_names_someone(
    meaning, words, named, sensitivity, absent
):
    assert verdict.story_absent(meaning, words, named, sensitivity) is absent


def test_story_check_warns_whatever_the_trees_say_and_claims_no_confidence():
    honest_looking = probs(agree=0.8, discuss=0.15, unrelated=0.05)
    result = verdict.decide(honest_looking, THRESHOLDS, "different_story", absent=True)
    assert (result["verdict"], result["warning"], result["matches"]) == (
        "mismatch",
        "mismatch",
        False,
    )
    assert result["confidence"] is None and result["mismatch_kind"] == "different_story"
    assert result["stance"] == "agree"  # the model's own answer is still reported
    confident = verdict.decide(probs(unrelated=0.9, discuss=0.1), THRESHOLDS, absent=True)
    assert confident["confidence"] == 0.9
    assert verdict.decide(honest_looking, THRESHOLDS)["verdict"] == "consistent"


# Normal and high ship the same cut-offs; these give them different ones, so that a check read
# at the wrong sensitivity shows.
OWN_CUTOFFS = {"normal": (0.35, 0.35), "high": (0.40, 0.40)}


def test_story_rule_flags_rows_at_each_sensitivitys_cut_offs(monkeypatch):
    monkeypatch.setattr(verdict, "STORY_CUTOFFS", OWN_CUTOFFS)
    story = np.array(
        [[0.2, 0.2, 1], [0.38, 0.3, 1], [0.9, 0.9, 1], [np.nan, np.nan, 1], [0.2, 0.2, 0]]
    )
    assert verdict.story_rule("normal", story).tolist() == [True, False, False, False, False]
    assert verdict.story_rule("high", story).tolist() == [True, True, False, False, False]
    assert verdict.story_rule("low", story).tolist() == [False] * 5
    rows = [verdict.story_absent(m, w, bool(s), "high") for m, w, s in story]
    assert rows == verdict.story_rule("high", story).tolist()


def test_matrix_warnings_apply_the_story_check_row_by_row():
    proba = np.array([[0.8, 0.0, 0.15, 0.05], [0.8, 0.0, 0.15, 0.05], [0.0, 0.0, 0.1, 0.9]])
    absent = np.array([True, False, False])
    warnings = verdict.warnings_for_matrix(proba, STANCES, THRESHOLDS, None, absent)
    assert warnings == ["mismatch", None, "mismatch"]
    singles = [
        verdict.warning_for(dict(zip(STANCES, row, strict=True)), THRESHOLDS, True, a)
        for row, a in zip(proba, absent, strict=True)
    ]
    assert singles == warnings


def test_tuning_spends_the_budget_on_the_story_checks_false_alarms_too():
    """Honest rows the story check flags count as false alarms at normal and high only, so the
    mismatch threshold there rises to stay within the budget."""
    rng = np.random.default_rng(3)
    n = 4000
    gold = rng.choice(
        ["agree", "discuss", "unrelated", "disagree"], size=n, p=[0.2, 0.5, 0.27, 0.03]
    )
    p_u = np.where(gold == "unrelated", rng.uniform(0.5, 1.0, n), rng.uniform(0.0, 0.7, n))
    proba = np.column_stack([(1 - p_u) / 3, (1 - p_u) / 3, (1 - p_u) / 3, p_u])
    honest = np.isin(gold, ["agree", "discuss"])
    absent = honest & (rng.uniform(size=n) < 0.01)  # the check fires on 1 % of honest rows
    story = np.column_stack([np.where(absent, 0.1, 0.9)] * 2 + [np.ones(n)])
    plain = verdict.tune_thresholds(proba, STANCES, gold)
    checked = verdict.tune_thresholds(proba, STANCES, gold, None, story)
    assert checked["low"] == plain["low"]
    for sensitivity in ("normal", "high"):
        assert checked[sensitivity]["unrelated"] > plain[sensitivity]["unrelated"]
        warned = verdict.warnings_for_matrix(
            proba, STANCES, checked[sensitivity], None, verdict.story_rule(sensitivity, story)
        )
        false_alarms = np.mean([w is not None for w, h in zip(warned, honest, strict=True) if h])
        assert false_alarms <= verdict.FALSE_ALARM_BUDGET[sensitivity]


def test_warnings_by_sensitivity_applies_each_sensitivitys_story_check(monkeypatch):
    monkeypatch.setattr(verdict, "STORY_CUTOFFS", OWN_CUTOFFS)
    honest_looking = [0.8, 0.0, 0.15, 0.05]
    proba = np.array([honest_looking, honest_looking, [0.0, 0.0, 0.1, 0.9]])
    story = np.array([[0.2, 0.2, 1], [0.38, 0.38, 1], [0.9, 0.9, 1]])
    thresholds = {s: THRESHOLDS for s in verdict.SENSITIVITIES}
    warned = verdict.warnings_by_sensitivity(proba, STANCES, thresholds, None, story)
    assert warned == {
        "low": [None, None, "mismatch"],
        "normal": ["mismatch", None, "mismatch"],
        "high": ["mismatch", "mismatch", "mismatch"],
    }
    assert verdict.warnings_by_sensitivity(proba, STANCES, thresholds)["high"] == [
        None,
        None,
        "mismatch",
    ]
