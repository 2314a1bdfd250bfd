"""(headline, body) -> verdict with evidence: the single path that the CLI, the evaluation and
the service all call."""

import numpy as np

from . import judge, verdict
from .data import STANCES
from .model_store import load_model

EVIDENCE_SENTENCES = 3
EVIDENCE_MAX_CHARS = 300


def _clip(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= EVIDENCE_MAX_CHARS:
        return sentence
    return sentence[: EVIDENCE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def evidence(parsed) -> list[dict]:
    """The body sentences that best match the headline, so a reader can see the why."""
    scores = parsed.sentence_scores()
    return [
        {"sentence": _clip(parsed.sentence_texts[i]), "score": round(float(scores[i]), 3)}
        for i in parsed.best_sentences(EVIDENCE_SENTENCES)
    ]


class Checker:
    """A loaded model plus the thresholds from its card."""

    def __init__(self, pipeline, card: dict):
        self.pipeline = pipeline
        self.card = card
        self.thresholds = card.get("thresholds") or verdict.DEFAULT_THRESHOLDS
        self._parse = pipeline[:1]
        self._score = pipeline[1:]
        self._columns = [list(pipeline.classes_).index(s) for s in STANCES]

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
        parsed = self._parse.transform(pairs)
        if not parsed:
            return parsed, np.zeros((0, len(STANCES)))
        return parsed, self._score.predict_proba(parsed)[:, self._columns]

    def check(self, title: str, body: str, sensitivity: str = "normal") -> dict:
        return self.check_many([(title, body)], sensitivity)[0]

    def check_many(self, pairs, sensitivity: str = "normal") -> list[dict]:
        thresholds = self.thresholds[verdict.check_sensitivity(sensitivity)]
        pairs = [(str(title), str(body)) for title, body in pairs]
        reasons = [judge.unjudgeable_reason(title, body) for title, body in pairs]
        judged = [pair for pair, reason in zip(pairs, reasons, strict=True) if reason is None]
        parsed, proba = self.probabilities(judged)
        results, judged_rows = [], iter(zip(parsed, proba, strict=True))
        for reason in reasons:
            if reason is not None:
                result = verdict.unjudged(reason)
            else:
                one, row = next(judged_rows)
                probabilities = {s: round(float(p), 4) for s, p in zip(STANCES, row, strict=True)}
                result = verdict.decide(probabilities, thresholds)
                result["probabilities"] = probabilities
                result["evidence"] = evidence(one)
            result["sensitivity"] = sensitivity
            results.append(result)
        return results
