"""How the body's key sentences are told, read in the encoder's space: do they sound like a
refutation, a confirmation or a hedge?

``StanceCues`` counts words such as "hoax" and "denied", and ``StanceWords`` learns FNC-1's
wording; both know the ways of refuting that their lists or FNC-1's few dozen claims contain.
A sentence encoder places "the image had been digitally altered" near "the photo was fake"
without sharing a word. So the sentences ``SemanticSimilarity`` embeds anyway (the lead and
the lexically best ones) are compared with a few example sentences of each way of telling a
claim, written for this project. It costs no encoder pass at serving time: those sentences'
vectors are in the embedding cache, and the examples' are fitted once and pickled.
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..encoder import load_encoder
from .semantic import candidate_vectors

REFUTING = (
    "The claim is false.",
    "The story turned out to be a hoax.",
    "There is no evidence that this ever happened.",
    "Officials denied the report.",
    "The photo was fake and had been digitally altered.",
    "The rumour has been debunked.",
    "He said the report was completely untrue.",
    "The company dismissed the claims as baseless.",
    "Fact-checkers found that the story was fabricated.",
    "It never happened.",
    "The viral post came from a satirical website.",
    "The account has since been discredited and retracted.",
)
CONFIRMING = (
    "The report was confirmed by officials.",
    "Police confirmed that it happened.",
    "The company announced the news on Monday.",
    "Video footage shows the event taking place.",
    "Witnesses said they saw it happen.",
    "A spokesman confirmed the details.",
    "The details have been verified.",
    "Authorities said the incident took place as described.",
)
HEDGING = (
    "It is not yet clear whether the report is true.",
    "The claim could not be independently verified.",
    "According to unconfirmed reports, it may have happened.",
    "The story is circulating widely on social media.",
    "It remains unclear if the rumour is accurate.",
    "The report has not been confirmed.",
    "Some media outlets reported the claim.",
    "Officials have not commented on the report.",
)
WAYS = (("refute", REFUTING), ("confirm", CONFIRMING), ("hedge", HEDGING))
FEATURES = (
    *(f"{way}_max" for way, _ in WAYS),
    *(f"{way}_closest" for way, _ in WAYS),
    "refute_minus_confirm_closest",
    "headline_refute",
)


class StancePrototypes(TransformerMixin, BaseEstimator):
    """Cosines of the body's candidate sentences with example sentences of each way of telling
    a claim: the best over the candidates, and at the candidate closest in meaning to the
    headline (where its story is told); and how much the headline itself sounds like a denial.

    Parameters
    ----------
    n_lead, n_lexical : int, default=2, 3
        The candidate sentences, as ``SemanticSimilarity`` chooses them (the same ones, so the
        cache already holds their vectors).

    Attributes
    ----------
    prototypes_ : list of ndarray
        The example sentences' unit vectors, one (n_examples, 384) array per way.
    """

    def __init__(self, *, n_lead=2, n_lexical=3):
        self.n_lead = n_lead
        self.n_lexical = n_lexical

    def fit(self, X, y=None):
        encoder = load_encoder()
        self.prototypes_ = [encoder.embed(list(examples)) for _, examples in WAYS]
        self.n_features_out_ = len(FEATURES)
        return self

    def transform(self, X):
        check_is_fitted(self, "prototypes_")
        X = list(X)
        # The same candidates as SemanticSimilarity's, read from the cache it just filled.
        chosen, vectors = candidate_vectors(X, self.n_lead, self.n_lexical)
        rows = [self._row(p, c, vectors) for p, c in zip(X, chosen, strict=True)]
        return np.asarray(rows, dtype=float).reshape(-1, len(FEATURES))

    def _row(self, p, chosen: list[int], vectors: dict) -> list[float]:
        headline = vectors[p.headline]
        denial = float((self.prototypes_[0] @ headline).max())
        if not chosen:
            return [0.0] * (len(FEATURES) - 1) + [denial]
        sentences = np.stack([vectors[p.sentence_texts[i]] for i in chosen])
        # Per candidate sentence, its closeness to the nearest example of each way.
        ways = [(sentences @ examples.T).max(axis=1) for examples in self.prototypes_]
        closest = int(np.argmax(sentences @ headline))
        return [
            *(float(w.max()) for w in ways),
            *(float(w[closest]) for w in ways),
            float(ways[0][closest] - ways[1][closest]),
            denial,
        ]

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURES, dtype=object)
