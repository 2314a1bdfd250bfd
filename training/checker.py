"""(headline, body) -> verdict with evidence: the single path that the CLI, the evaluation and
the service all call."""

import numpy as np

from . import judge, verdict
from .data import STANCES
from .features.names import names_someone, names_subject
from .lexicons import REFUTING
from .model_store import load_model

EVIDENCE_SENTENCES = 3
EVIDENCE_MAX_CHARS = 300


def _clip(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= EVIDENCE_MAX_CHARS:
        return sentence
    return sentence[: EVIDENCE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


# Refuting words only (hoax, false, deny, fake, debunk, wrong, …). Counting negations too ("not",
# "never") left nearly half of all honest FNC-1 pairs warnable and let an honest list of films
# be warned (docs/model.md, "Contradictions need a denial").
DENIAL_WORDS = REFUTING


def _denies(parsed, i: int) -> bool:
    return any(s in DENIAL_WORDS for s in parsed.sentence_all_stems[i])


def denies_near_headline(parsed) -> bool:
    """Does a body sentence that matches the headline best deny or refute something?

    A contradiction warning needs such a sentence (``verdict.warning_for``): it is what the
    reader is shown as the why. These are the sentences ``evidence`` shows and the ones the
    ``StanceCues`` near-headline counts read.
    """
    return any(_denies(parsed, i) for i in parsed.best_sentences(EVIDENCE_SENTENCES))


def evidence(
    parsed, denial_first: bool = False, meaning: dict[int, float] | None = None
) -> list[dict]:
    """The body sentences that best match the headline, so a reader can see the why.

    For a contradiction (``denial_first``) the denying ones lead. For a mismatch, ``meaning``
    (each candidate sentence's encoder cosine with the headline) ranks them instead: a body on
    the same topic shares words with its headline in passing, while the sentences closest in
    meaning (often the lead) show the reader what the article is about instead.
    """
    if meaning:
        chosen = sorted(meaning, key=lambda i: (-meaning[i], i))[:EVIDENCE_SENTENCES]
        return [_evidence_item(parsed, i, meaning[i], "meaning") for i in chosen]
    scores = parsed.sentence_scores()
    chosen = parsed.best_sentences(EVIDENCE_SENTENCES)
    if denial_first:
        chosen = sorted(chosen, key=lambda i: not _denies(parsed, i))
    return [_evidence_item(parsed, i, scores[i], "words") for i in chosen]


def _evidence_item(parsed, i: int, score: float, measure: str) -> dict:
    return {
        "sentence": _clip(parsed.sentence_texts[i]),
        "score": round(float(score), 3),
        "measure": measure,
    }


# Feature columns that say whether a mismatched body still shares the headline's topic.
OVERLAP_FEATURE = "lexical__overlap_weighted_body"
MEANING_FEATURE = "semantic__sem_best"
WORDS_FEATURE = "lexical__overlap_share_body"


class Checker:
    """A loaded model plus the thresholds from its card."""

    def __init__(self, pipeline, card: dict):
        self.pipeline = pipeline
        self.card = card
        self.thresholds = card.get("thresholds") or verdict.DEFAULT_THRESHOLDS
        self._parse = pipeline[:1]
        self._features = pipeline[1:-1]
        self._classify = pipeline[-1]
        self._columns = [list(pipeline.classes_).index(s) for s in STANCES]
        # Feature families with outside files (the sentence encoder) load and verify them now.
        features = pipeline.named_steps.get("features")
        for _, family in getattr(features, "transformer_list", []):
            if hasattr(family, "ready"):
                family.ready()
        # The encoder's family also ranks a mismatch's evidence by meaning.
        self._semantic = next(
            (
                f
                for _, f in getattr(features, "transformer_list", [])
                if hasattr(f, "sentence_cosines")
            ),
            None,
        )
        names = list(self._features.get_feature_names_out())
        self._overlap = names.index(OVERLAP_FEATURE) if OVERLAP_FEATURE in names else None
        self._meaning = names.index(MEANING_FEATURE) if MEANING_FEATURE in names else None
        self._words = names.index(WORDS_FEATURE) if WORDS_FEATURE in names else None

    @classmethod
    def load(cls, path=None) -> "Checker":
        return cls(*load_model(path))

    @property
    def name(self) -> str:
        return str(self.card.get("name", "headline-check"))

    @property
    def version(self) -> str:
        return str(self.card.get("version", self.card.get("sha256", "")[:12]))

    def probabilities(self, pairs: list[tuple[str, str]]) -> tuple[list, np.ndarray]:
        """Parsed pairs and their probabilities in ``STANCES`` order (for evaluation)."""
        parsed, _, proba = self._run(pairs)
        return parsed, proba

    def assess(self, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities, each pair's ``denies_near_headline`` and the (meaning, words, named)
        its story check reads: all that the warnings of ``check_many`` depend on, for tuning
        and evaluating them on many pairs (``verdict.story_rule`` applies a sensitivity's
        cut-offs to the last)."""
        parsed, features, proba = self._run(pairs)
        denial = np.asarray([denies_near_headline(p) for p in parsed], dtype=bool)
        story = np.asarray(
            [self._story(p, row) for p, row in zip(parsed, features, strict=True)], dtype=float
        ).reshape(-1, 3)
        return proba, denial, story

    def _run(self, pairs) -> tuple[list, np.ndarray, np.ndarray]:
        """Parse, features, classifier: the pipeline's own steps, with the features kept so a
        mismatch can be worded (``verdict.mismatch_kind``) without computing anything twice."""
        parsed = self._parse.transform(pairs)
        if not parsed:
            return parsed, np.zeros((0, 0)), np.zeros((0, len(STANCES)))
        features = self._features.transform(parsed)
        return parsed, features, self._classify.predict_proba(features)[:, self._columns]

    def _kind(self, parsed, row: np.ndarray) -> str:
        overlap = float(row[self._overlap]) if self._overlap is not None else None
        meaning = float(row[self._meaning]) if self._meaning is not None else None
        return verdict.mismatch_kind(overlap, meaning, names_subject(parsed))

    def _story(self, parsed, row: np.ndarray) -> tuple[float, float, float]:
        """The story check's inputs; NaN for a model without them (it never uses the check)."""
        meaning = float(row[self._meaning]) if self._meaning is not None else np.nan
        words = float(row[self._words]) if self._words is not None else np.nan
        return meaning, words, float(names_someone(parsed))

    def _add_evidence(self, judged: list[tuple]) -> None:
        """Each judged (parsed, result) gets its evidence; the mismatches' cosines come from
        one call, which reads the sentences the features embedded moments ago from the cache
        (it keeps at least the last call's: ``EmbeddingCache``)."""
        mismatched = [p for p, r in judged if r["warning"] == "mismatch"]
        cosines = iter(
            self._semantic.sentence_cosines(mismatched)
            if mismatched and self._semantic is not None
            else []
        )
        for parsed, result in judged:
            meaning = None
            if result["warning"] == "mismatch" and self._semantic is not None:
                meaning = next(cosines)
            result["evidence"] = evidence(parsed, result["warning"] == "contradicted", meaning)

    def check(self, title: str, body: str, sensitivity: str = "normal") -> dict:
        return self.check_many([(title, body)], sensitivity)[0]

    def check_many(self, pairs, sensitivity: str = "normal") -> list[dict]:
        thresholds = self.thresholds[verdict.check_sensitivity(sensitivity)]
        pairs = [(str(title), str(body)) for title, body in pairs]
        reasons = [judge.unjudgeable_reason(title, body) for title, body in pairs]
        judged = [pair for pair, reason in zip(pairs, reasons, strict=True) if reason is None]
        parsed, features, proba = self._run(judged)
        judged_rows = iter(zip(parsed, features, proba, strict=True))
        results, judged_results = [], []
        for reason in reasons:
            if reason is not None:
                result = verdict.unjudged(reason)
            else:
                one, values, row = next(judged_rows)
                probabilities = {s: round(float(p), 4) for s, p in zip(STANCES, row, strict=True)}
                denial = denies_near_headline(one)
                meaning, words, named = self._story(one, values)
                absent = verdict.story_absent(meaning, words, bool(named), sensitivity)
                result = verdict.decide(
                    probabilities, thresholds, self._kind(one, values), denial, absent
                )
                result["probabilities"] = probabilities
                judged_results.append((one, result))
            result["sensitivity"] = sensitivity
            results.append(result)
        self._add_evidence(judged_results)
        return results
