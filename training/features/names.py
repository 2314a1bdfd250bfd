"""Overlap of named things (capitalised names, numbers) between headline and body."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .. import text
from ..common_words import is_common_word

FEATURES = (
    "headline_names",
    "names_share_in_body",
    "names_share_in_lead",
    "headline_numbers",
    "numbers_share_in_body",
)


# A headline word counts as the story's subject when it is about as rare as a word can be in
# the training texts (IDF at least this share of the highest): "Kingsport", "Lammy", not "UK".
SUBJECT_RARITY = 0.6


def subject_candidates(parsed) -> set[str]:
    """The headline's rare capitalised words: who or what its story is about, if it says."""
    rare = SUBJECT_RARITY * parsed.default_idf
    return {
        n
        for n in text.headline_names(parsed.headline)
        if parsed.idf.get(n, parsed.default_idf) >= rare
    }


def names_subject(parsed) -> bool:
    """Does the body name the headline's subject: a rare headline word that the body only ever
    writes capitalised?

    A mismatched page that does is about the same council, club or person as its headline, so
    it tells another story on the same topic, even when its wording and meaning are far from
    the headline's (docs/model.md, "From probabilities to a verdict").
    """
    wanted = subject_candidates(parsed)
    # Reading every body sentence for its names is the expensive part: only when it can matter.
    if not wanted:
        return False
    capitalised, lower = parsed.body_word_cases()
    return not wanted.isdisjoint(capitalised - lower)


def names_someone(parsed) -> bool:
    """Does the headline name anyone or anything: a rare word it capitalises that the body never
    writes in lower case, and that is not merely the common word that opens the headline?

    A headline capitalises its first word, and title case every word, so a rare common word
    looks like a name there: "Bolts from the blue: …" over an article about "anchor bolts". The
    body's own lower-case use says it is not one. When the body never uses the word at all
    ("Windfall paints a brighter future …"), the dictionary says it for the opening word: one
    it knows only in lower case is not taken for a name unless the body writes it as one
    (``common_words``). Later words keep their capitals: "Late kick sinks Rams" names a club.
    A name the body never mentions still counts: a headline over another story may name
    people the body never meets. The story check runs only under a headline that names
    someone (``verdict.story_rule``).
    """
    wanted = subject_candidates(parsed)
    if not wanted:
        return False
    capitalised, lower = parsed.body_word_cases()
    wanted = wanted - lower
    opening = text.opening_word(parsed.headline)
    if opening and is_common_word(opening):
        stem = text.token_stem(opening)
        if stem not in capitalised:
            wanted = wanted - {stem}
    return bool(wanted)


def share(wanted: set[str], present: set[str]) -> float:
    """Share of ``wanted`` found in ``present``; -1 when there is nothing to look for."""
    return sum(w in present for w in wanted) / len(wanted) if wanted else -1.0


class NameOverlap(TransformerMixin, BaseEstimator):
    """Names and numbers of the headline found in the body: a story is about who and how many.

    Stateless. Body names are matched case-insensitively against all body words, because a
    name capitalised in the headline may be lower-cased in running text ("Grok", "grok").
    """

    def fit(self, X, y=None):
        self.n_features_out_ = len(FEATURES)
        return self

    def _row(self, p) -> list[float]:
        wanted = text.headline_names(p.headline)
        lead = {s for stems in p.sentence_stems[:3] for s in stems}
        headline_numbers = text.numbers(p.headline)
        body_numbers = text.numbers(p.body) if headline_numbers else set()
        return [
            float(len(wanted)),
            share(wanted, p.body_stems),
            share(wanted, lead),
            float(len(headline_numbers)),
            share(headline_numbers, body_numbers),
        ]

    def transform(self, X):
        return np.asarray([self._row(p) for p in X], dtype=float).reshape(-1, len(FEATURES))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURES, dtype=object)
