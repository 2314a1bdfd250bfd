"""Refuting, hedging, supporting and negating words, counted where they matter."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..lexicons import LEXICONS
from ..text import stem, words

PLACES = ("headline", "best_sentences", "lead", "body_rate")


def _count(stems: list[str], lexicon: frozenset) -> int:
    return sum(s in lexicon for s in stems)


class StanceCues(TransformerMixin, BaseEstimator):
    """Cue-word counts in the headline, the sentences nearest the headline, the lead and the body.

    A denial anywhere in a long body says little; a denial in the sentence that matches the
    headline is what marks ``disagree`` (the FNC-1 reports' finding), hence the places.

    Parameters
    ----------
    n_best : int, default=3
        How many best-matching sentences count as "near the headline".
    """

    def __init__(self, *, n_best=3):
        self.n_best = n_best

    def fit(self, X, y=None):
        self.n_features_out_ = len(LEXICONS) * len(PLACES) + 4
        return self

    def _body_part(self, p) -> dict:
        # Cue words include stop words ("not", "may"), so count over all words, not content stems.
        sentence_words = p.sentence_all_stems
        body = [w for s in sentence_words for w in s]
        lead = [w for s in sentence_words[:3] for w in s]
        counts = {
            name: (_count(lead, lex), 100.0 * _count(body, lex) / max(len(body), 1))
            for name, lex in LEXICONS.items()
        }
        return {"sentence_words": sentence_words, "counts": counts, "n_words": len(body)}

    def _row(self, p, part: dict) -> list[float]:
        headline = [stem(w) for w in words(p.headline)]
        best = [w for i in p.best_sentences(self.n_best) for w in part["sentence_words"][i]]
        row = []
        for name, lexicon in LEXICONS.items():
            lead_count, body_rate = part["counts"][name]
            row += [_count(headline, lexicon), _count(best, lexicon), lead_count, body_rate]
        row += [
            float("?" in p.headline),
            float(len(headline)),
            float(np.log1p(part["n_words"])),
            float(len(p.sentence_texts)),
        ]
        return row

    def transform(self, X):
        width = len(LEXICONS) * len(PLACES) + 4
        parts: dict[int, dict] = {}
        rows = []
        for p in X:
            # Pairs parsed together share one sentence list per body: key on its identity.
            key = id(p.sentence_texts)
            if key not in parts:
                parts[key] = self._body_part(p)
            rows.append(self._row(p, parts[key]))
        return np.asarray(rows, dtype=float).reshape(-1, width)

    def get_feature_names_out(self, input_features=None):
        names = [f"{lex}_{place}" for lex in LEXICONS for place in PLACES]
        names += ["headline_question", "headline_words", "log_body_words"]
        names += ["body_sentences"]
        return np.asarray(names, dtype=object)
