"""How much of the headline's wording the body, its lead and its best sentences share."""

import itertools

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .parse import dot

FEATURES = (
    "cos_body",
    "cos_lead",
    "cos_best_sentence",
    "cos_top3_mean",
    "overlap_weighted_body",
    "overlap_weighted_lead",
    "overlap_weighted_best_sentence",
    "overlap_share_body",
    "bigram_share_body",
    "unseen_headline_words",
    "unseen_share_in_body",
    "best_sentence_position",
    "sentences_above_0_3",
    "overlap_weighted_top3",
    "overlap_weighted_prefix_body",
    "rarest_missing_word",
    "rarest_found_word",
)

PREFIX = 5  # "apologises"/"apology", "racist"/"racism": the stemmer misses, a prefix meets


def _weighted_overlap(stems: list[str], present: set[str], idf, default) -> float:
    """Share of the headline's IDF mass found in ``present``: rare words decide relatedness."""
    total = sum(idf.get(s, default) for s in stems)
    if not total:
        return 0.0
    return sum(idf.get(s, default) for s in stems if s in present) / total


def _prefix_overlap(stems: list[str], prefixes: set[str], idf, default) -> float:
    total = sum(idf.get(s, default) for s in stems)
    if not total:
        return 0.0
    return sum(idf.get(s, default) for s in stems if s[:PREFIX] in prefixes) / total


class LexicalSimilarity(TransformerMixin, BaseEstimator):
    """Exact-word similarity of the headline to the whole body, its lead and its best sentences.

    Stateless: the IDF comes from ``PairParser``. Whole-body similarity alone washes out the
    one relevant paragraph of a long article, hence the per-sentence maxima.
    """

    def fit(self, X, y=None):
        self.n_features_out_ = len(FEATURES)
        return self

    def _row(self, p) -> list[float]:
        scores = p.sentence_scores()
        best = p.best_sentences(3)
        top = [scores[i] for i in best]
        idf, default = p.idf, p.default_idf
        lead = {s for stems in p.sentence_stems[:3] for s in stems}
        best_stems = set(p.sentence_stems[best[0]]) if best else set()
        h = p.headline_stems
        bigrams = list(itertools.pairwise(h))
        body_bigrams = {pair for stems in p.sentence_stems for pair in itertools.pairwise(stems)}
        unseen = p.unseen_headline_stems
        top3 = {s for i in best for s in p.sentence_stems[i]}
        body_prefixes = {s[:PREFIX] for s in p.body_stems}
        rarity = [idf.get(s, default) / default for s in h]
        missing = [r for s, r in zip(h, rarity, strict=True) if s not in p.body_stems]
        found = [r for s, r in zip(h, rarity, strict=True) if s in p.body_stems]
        return [
            dot(p.headline_vector, p.body_vector),
            dot(p.headline_vector, p.lead_vector),
            top[0] if top else 0.0,
            float(np.mean(top)) if top else 0.0,
            _weighted_overlap(h, p.body_stems, idf, default),
            _weighted_overlap(h, lead, idf, default),
            _weighted_overlap(h, best_stems, idf, default),
            (sum(s in p.body_stems for s in h) / len(h)) if h else 0.0,
            (sum(b in body_bigrams for b in bigrams) / len(bigrams)) if bigrams else 0.0,
            float(len(unseen)),
            (sum(s in p.body_stems for s in unseen) / len(unseen)) if unseen else -1.0,
            (best[0] / len(scores)) if best else -1.0,
            float(sum(s > 0.3 for s in scores)),
            _weighted_overlap(h, top3, idf, default),
            _prefix_overlap(h, body_prefixes, idf, default),
            max(missing, default=0.0),
            max(found, default=0.0),
        ]

    def transform(self, X):
        return np.asarray([self._row(p) for p in X], dtype=float).reshape(-1, len(FEATURES))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURES, dtype=object)
