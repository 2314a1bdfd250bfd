"""From stance probabilities to what a reader sees: the one place warnings are decided.

A warning is raised only when the probability behind it clears the threshold for the
reader's sensitivity. Thresholds are tuned per model on hold-out data (``tune_thresholds``)
and stored in its model card, so every client (CLI, service, evaluation) warns alike.
"""

import numpy as np

from .data import STANCES

SENSITIVITIES = ("low", "normal", "high")

# Share of honest pages (agree/discuss) allowed to get any warning, per sensitivity.
FALSE_ALARM_BUDGET = {"low": 0.005, "normal": 0.02, "high": 0.05}
# Of that budget, the share that "contradicted" warnings may spend. Contradiction is the
# unreliable class on new stories (disagree F1 about 0.17 on held-out claims) and a tuned
# disagree threshold of 0.30 warned 3 of 58 honest real pages (make realpages): a contradiction
# warning must be rarer than a mismatch one, not take whatever budget the mismatches leave.
CONTRADICTION_SHARE = 0.25

# Used only when a model card carries no tuned thresholds.
DEFAULT_THRESHOLDS = {
    "low": {"unrelated": 0.95, "disagree": 0.9},
    "normal": {"unrelated": 0.8, "disagree": 0.7},
    "high": {"unrelated": 0.6, "disagree": 0.5},
}

EXPLANATIONS = {
    "mismatch": "This article does not appear to be about its headline.",
    "contradicted": "This article appears to contradict its headline.",
    "agree": "This article appears to report what its headline says.",
    "discuss": "This article discusses its headline's claim without confirming or denying it.",
    "low_confidence": "Headline Check is not confident enough to judge this page.",
    "empty": "There is no headline or no article text to judge.",
    "too_short": "The headline or the article is too short to judge.",
    "no_letters": "The page has no words to judge.",
    "not_english": "This page does not appear to be in English, which the model does not judge.",
}


# Near 1 the probabilities of boosted trees bunch up: the strictest settings need finer steps.
# A step of 0.001 up to 0.999: with 0.993 and 0.995 only, low took 0.995 where 0.994 keeps the
# same 0.47 % of honest hold-out pairs warned and catches 0.3 points more mismatches, the seed
# page among them (P(unrelated) 0.9946; docs/model-history.md, Twelfth round).
GRID_TAIL = np.array([0.99, 0.991, 0.992, 0.993, 0.994, 0.995, 0.996, 0.997, 0.998, 0.999, 0.9995])


def check_sensitivity(sensitivity: str) -> str:
    if sensitivity not in SENSITIVITIES:
        raise ValueError(f"sensitivity must be one of {', '.join(SENSITIVITIES)}: {sensitivity!r}")
    return sensitivity


def warning_for(
    probabilities: dict[str, float],
    thresholds: dict[str, float],
    denial: bool = True,
    absent: bool = False,
) -> str | None:
    """The warning a reader gets, or None: mismatch wins, since it is the more certain call.

    ``denial`` says whether a body sentence nearest the headline refutes something (hoax,
    false, deny, …: ``checker.denies_near_headline``). A contradiction warning needs one: it
    is the evidence the reader is shown, and without it a high P(disagree) is the trees
    reading an essay's tone, not a body contradicting its headline (real page medium-2,
    P(disagree) 0.97; see docs/model.md, "Contradictions need a denial").

    ``absent`` is ``story_absent`` where the reader's sensitivity uses it (``story_rule``):
    neither the headline's meaning nor most of its words are in the body, so it is a mismatch
    whatever the trees say.
    """
    if absent or probabilities["unrelated"] >= thresholds["unrelated"]:
        return "mismatch"
    if denial and probabilities["disagree"] >= thresholds["disagree"]:
        return "contradicted"
    return None


# The story check. FNC-1's "related" is broad (a body that only touches a claim is `discuss`),
# so the trees learned that a body holding the headline's names is related, and they pass a
# headline over another story about the same people (seeds/same_topic.jsonl: 2 of 24 caught).
# A page's own article carries its headline's story: its best sentence is close in meaning and
# it holds most of the headline's words. Below both cut-offs (meaning, words) the story is taken
# to be absent. The pair is the widest on a grid (docs/model.md) whose check alone fires on none
# of the 73 honest real pages the model judges and on under 2 % of FNC-1's honest hold-out pairs
# (1.60 %, 41 of 2,562; on whole held-out claims, new stories, 0.28 %). Normal used 0.35 / 0.35
# (a 1 % share) until the seventh round; it now spends its budget here rather than on
# "contradicted" warnings. Low sensitivity promises the fewest false alarms (0.5 %): the check
# alone would spend more, so it has none.
STORY_CUTOFFS = {"normal": (0.40, 0.40), "high": (0.40, 0.40)}
# ... and only where the headline names someone or something: a rare word it capitalises that the
# body never writes in lower case and that is not merely a common word opening the headline
# (``features.names.names_someone``). A pun or a quote that names nobody ("Gourd almighty!
# Pensioner's monster veg tips the scales") shares few words with its own honest article too: on the
# team's wordplay development set, with the check under every headline the model warned 51 of 80
# honest stories, with it only under headlines with a rare capitalised word 22, and without the
# words the body writes in lower case ("Bolts from the blue" over an article about "anchor bolts")
# 17, and without an opening word the dictionary knows only in lower case ("Windfall paints …") 9;
# it still catches every hand-written same-topic and same-section swap it caught before
# (docs/model-history.md, Eleventh to Thirteenth rounds). Requiring the body to name the
# headline's subject as well would spare more puns but lose 27 of 272 same-section swaps;
# dropping any first word that the body does not name, 20.


def story_absent(
    meaning: float | None, words: float | None, named: bool, sensitivity: str = "normal"
) -> bool:
    """``meaning``: the encoder's cosine of the headline with its best body sentence; ``words``:
    the share of the headline's content words found in the body; ``named``: whether the
    headline names anyone or anything. A model without the encoder (None) never uses the check,
    nor does a sensitivity without cut-offs."""
    if meaning is None or words is None:
        return False
    return bool(story_rule(sensitivity, [(meaning, words, float(named))])[0])


def story_rule(sensitivity: str, story) -> np.ndarray:
    """One flag per row: is its story absent at ``sensitivity``? ``story`` holds each row's
    (meaning, words, named) as ``Checker.assess`` gives them (NaN without the encoder: never
    absent; named 1.0 when the headline names anyone or anything, else 0.0)."""
    story = np.asarray(story, dtype=float).reshape(-1, 3)
    cutoffs = STORY_CUTOFFS.get(sensitivity)
    if cutoffs is None:
        return np.zeros(len(story), dtype=bool)
    with np.errstate(invalid="ignore"):  # NaN compares False: no encoder, no check
        return (story[:, 0] < cutoffs[0]) & (story[:, 1] < cutoffs[1]) & (story[:, 2] > 0.5)


# A mismatched page whose body still holds this share of the headline's rare-word mass (or
# whose best sentence is this close in meaning) shares its topic: it tells another story.
# Chosen on FNC-1 training pairs against a hand judgement of 48 mined pairs (docs/model.md).
SAME_TOPIC_OVERLAP = 0.45
SAME_TOPIC_MEANING = 0.45
# A mismatch's explanation by its kind (EXPLANATIONS is keyed by verdict, stance and reason).
MISMATCH_EXPLANATIONS = {
    "different_story": (
        "This article seems to be about a different story on the same topic as its headline."
    ),
    "unrelated_topic": EXPLANATIONS["mismatch"],
}


def mismatch_kind(overlap: float | None, meaning: float | None, subject: bool = False) -> str:
    """Why a mismatch: the body is on another topic, or on the same topic with another story.

    ``overlap`` is the share of the headline's IDF-weighted words found in the body (the
    lexical side), ``meaning`` the encoder's cosine with the best body sentence (None for a
    model without the semantic features), ``subject`` whether the body names the headline's
    subject (``features.names.names_subject``): the same council or club with another event
    shares neither much wording nor meaning with the headline, but it is the same topic.
    """
    shared = (
        subject
        or (overlap is not None and overlap >= SAME_TOPIC_OVERLAP)
        or (meaning is not None and meaning >= SAME_TOPIC_MEANING)
    )
    return "different_story" if shared else "unrelated_topic"


def decide(
    probabilities: dict[str, float],
    thresholds: dict[str, float],
    kind: str | None = None,
    denial: bool = True,
    absent: bool = False,
) -> dict:
    """Verdict, warning, match and confidence for one judged pair.

    ``kind`` (``mismatch_kind``) words a mismatch: a different story on the same topic, or
    an unrelated topic; it is reported only when the warning is a mismatch. ``denial`` is
    ``warning_for``'s: without it a contradiction is at most "unknown", never a warning.
    ``absent`` is ``warning_for``'s too; a mismatch that only the story check found has no
    probability behind it, so its confidence is None rather than a low P(unrelated).
    """
    stance = max(STANCES, key=probabilities.__getitem__)
    warning = warning_for(probabilities, thresholds, denial, absent)
    if warning == "mismatch":
        verdict, reason, matches = "mismatch", None, False
        confidence, key = probabilities["unrelated"], "mismatch"
        if probabilities["unrelated"] < thresholds["unrelated"]:
            confidence = None
    elif warning == "contradicted":
        verdict, reason, matches = "contradicted", None, True
        confidence, key = probabilities["disagree"], "contradicted"
    elif stance in ("agree", "discuss"):
        verdict, reason, matches = "consistent", None, True
        confidence, key = probabilities["agree"] + probabilities["discuss"], stance
    else:
        # The model leans to a warning but not firmly enough: say so rather than reassure.
        verdict, reason, matches = "unknown", "low_confidence", None
        confidence, key = probabilities[stance], "low_confidence"
    kind = (kind or "unrelated_topic") if warning == "mismatch" else None
    explanation = MISMATCH_EXPLANATIONS[kind] if kind else EXPLANATIONS[key]
    return {
        "stance": stance,
        "verdict": verdict,
        "reason": reason,
        "matches": matches,
        "confidence": None if confidence is None else round(float(confidence), 4),
        "warning": warning,
        "mismatch_kind": kind,
        "explanation": explanation,
    }


def unjudged(reason: str) -> dict:
    """The outcome for a pair the model must not guess on."""
    return {
        "stance": None,
        "probabilities": None,
        "verdict": "unknown",
        "reason": reason,
        "matches": None,
        "confidence": None,
        "warning": None,
        "mismatch_kind": None,
        "explanation": EXPLANATIONS[reason],
        "evidence": [],
    }


def _denials(denial, n: int) -> np.ndarray:
    return np.ones(n, dtype=bool) if denial is None else np.asarray(denial, dtype=bool)


def _absences(absent, n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if absent is None else np.asarray(absent, dtype=bool)


def _story_flags(sensitivity: str, story, n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if story is None else story_rule(sensitivity, story)


def warnings_for_matrix(
    proba: np.ndarray, classes, thresholds: dict[str, float], denial=None, absent=None
) -> list:
    """``warning_for`` over a probability matrix, for evaluation of many pairs at once;
    ``denial`` and ``absent`` are one flag per row (None: every row has a denial, and no
    row's story is absent): ``story_rule`` gives ``absent`` for a sensitivity."""
    index = {c: i for i, c in enumerate(classes)}
    unrelated = (proba[:, index["unrelated"]] >= thresholds["unrelated"]) | _absences(
        absent, len(proba)
    )
    disagree = (proba[:, index["disagree"]] >= thresholds["disagree"]) & _denials(
        denial, len(proba)
    )
    return [
        "mismatch" if u else "contradicted" if d else None
        for u, d in zip(unrelated, disagree, strict=True)
    ]


def warnings_by_sensitivity(proba: np.ndarray, classes, thresholds, denial=None, story=None):
    """``warnings_for_matrix`` at each sensitivity of ``thresholds`` (as the card stores them),
    with the story check at that sensitivity's cut-offs (``story``: each row's meaning,
    words and named, as ``Checker.assess`` gives them): the one place evaluation and tuning
    reports turn a model's output into what readers at each sensitivity get."""
    return {
        sensitivity: warnings_for_matrix(
            proba, classes, t, denial, _story_flags(sensitivity, story, len(proba))
        )
        for sensitivity, t in thresholds.items()
    }


def tune_thresholds(
    proba: np.ndarray, classes, gold, denial=None, story=None
) -> dict[str, dict[str, float]]:
    """Per sensitivity, the thresholds that catch most mismatches and contradictions while
    keeping warnings on honest (agree/discuss) pairs within ``FALSE_ALARM_BUDGET``, and
    contradiction warnings on them within ``CONTRADICTION_SHARE`` of it. Rows without a
    ``denial`` can never be warned "contradicted", as in ``warning_for``, so the thresholds
    are tuned for the rule the reader gets. Likewise rows whose ``story`` is absent at a
    sensitivity's cut-offs (``story_rule``) are warned "mismatch" there, so the check's false
    alarms come out of the same budget.

    Mismatch recall counts four times contradiction recall: it is the product's main promise.
    """
    gold = np.asarray(gold)
    index = {c: i for i, c in enumerate(classes)}
    p_unrelated = proba[:, index["unrelated"]]
    # A row without a denial never clears any disagree threshold.
    p_disagree = np.where(_denials(denial, len(proba)), proba[:, index["disagree"]], -1.0)
    honest = np.isin(gold, ["agree", "discuss"])
    is_unrelated, is_disagree = gold == "unrelated", gold == "disagree"
    grid = np.concatenate([np.round(np.arange(0.30, 0.99, 0.01), 2), GRID_TAIL])
    tuned = {}
    for sensitivity, budget in FALSE_ALARM_BUDGET.items():
        absent = _story_flags(sensitivity, story, len(proba))
        # If nothing meets the budget, the strictest pair of thresholds is the honest fallback.
        best, best_score = {"unrelated": float(grid[-1]), "disagree": float(grid[-1])}, -1.0
        for tu in grid:
            warn_u = (p_unrelated >= tu) | absent
            for td in grid:
                contradicted = ~warn_u & (p_disagree >= td)
                warned = warn_u | contradicted
                false_alarm = warned[honest].mean() if honest.any() else 0.0
                false_contradiction = contradicted[honest].mean() if honest.any() else 0.0
                if false_alarm > budget or false_contradiction > budget * CONTRADICTION_SHARE:
                    continue
                recall_u = warn_u[is_unrelated].mean() if is_unrelated.any() else 0.0
                recall_d = contradicted[is_disagree].mean() if is_disagree.any() else 0.0
                score = 4 * recall_u + recall_d
                if score > best_score + 1e-9:
                    best, best_score = {"unrelated": float(tu), "disagree": float(td)}, score
        tuned[sensitivity] = best
    return tuned
