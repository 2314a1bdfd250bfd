"""Cut each (headline, body) pair into weighted stems and sentences, with IDF learned in fit."""

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .. import text

LEAD_SENTENCES = 3


@dataclass
class ParsedPair:
    """One pair, cut up once; weights are TF-IDF with unseen words at the highest IDF."""

    headline: str
    body: str
    headline_stems: list[str]
    headline_vector: dict[str, float]
    body_vector: dict[str, float]
    lead_vector: dict[str, float]
    sentence_texts: list[str]
    sentence_vectors: list[dict[str, float]]
    sentence_stems: list[list[str]] = field(repr=False)
    sentence_all_stems: list[list[str]] = field(repr=False)
    body_stems: set[str] = field(repr=False)
    unseen_headline_stems: set[str] = field(default_factory=set)
    idf: dict[str, float] = field(default_factory=dict, repr=False)
    default_idf: float = 1.0
    _scores: list[float] | None = field(default=None, repr=False)
    _cases: tuple[set[str], set[str]] | None = field(default=None, repr=False)

    def sentence_scores(self) -> list[float]:
        """Cosine of the headline with each body sentence (computed once, reused by features)."""
        if self._scores is None:
            self._scores = [dot(self.headline_vector, v) for v in self.sentence_vectors]
        return self._scores

    def body_word_cases(self) -> tuple[set[str], set[str]]:
        """The body's words written capitalised and in lower case (``text.word_cases``): read
        once, since both name tests of a verdict ask (``features.names``)."""
        if self._cases is None:
            self._cases = text.word_cases(self.sentence_texts)
        return self._cases

    def best_sentences(self, k: int) -> list[int]:
        """Indexes of the k sentences that match the headline best, best first."""
        scores = self.sentence_scores()
        return sorted(range(len(scores)), key=lambda i: -scores[i])[:k]


def as_pairs(X) -> list[tuple[str, str]]:
    """Accept an (n, 2) array, a list of 2-tuples or a list of dicts with headline/body keys."""
    if isinstance(X, np.ndarray):
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"expected an array of shape (n, 2), got {X.shape}")
        return [(str(h), str(b)) for h, b in X]
    pairs = []
    for row in X:
        if isinstance(row, dict):
            pairs.append((str(row["headline"]), str(row["body"])))
        else:
            headline, body = row
            pairs.append((str(headline), str(body)))
    return pairs


def weighted(stems: list[str], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    """Sublinear TF times IDF, L2-normalised so that a dot product is a cosine."""
    counts = Counter(stems)
    vector = {s: (1.0 + math.log(c)) * idf.get(s, default_idf) for s, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {s: v / norm for s, v in vector.items()} if norm else {}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two normalised sparse vectors: iterate over the shorter one."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


class PairParser(TransformerMixin, BaseEstimator):
    """Learn word rarity from the training texts; turn each pair into a ``ParsedPair``.

    Parameters
    ----------
    min_df : int, default=2
        Words seen in fewer documents count as unseen (they get the highest IDF), because a
        name met once in training is as informative as one never met.

    Attributes
    ----------
    idf_ : dict of str to float
        IDF per stem over unique bodies and headlines.
    default_idf_ : float
        IDF given to stems not in ``idf_``: the largest possible, so unseen names still count.
    n_documents_ : int
    """

    def __init__(self, *, min_df=2):
        self.min_df = min_df

    def fit(self, X, y=None):
        pairs = as_pairs(X)
        documents = {h for h, _ in pairs} | {b for _, b in pairs}
        df = Counter()
        for doc in documents:
            df.update(set(text.content_stems(doc)))
        n = len(documents)
        self.n_documents_ = n
        self.idf_ = {
            s: math.log((n + 1) / (c + 1)) + 1.0 for s, c in df.items() if c >= self.min_df
        }
        self.default_idf_ = math.log(n + 1) + 1.0
        return self

    def _parse_body(self, body: str) -> dict:
        idf, default = self.idf_, self.default_idf_
        sentence_texts = text.sentences(body)
        sentence_words = [text.words(s) for s in sentence_texts]
        # All words' stems feed the cue counts (cue words include stop words such as "not");
        # the content stems feed similarity. One tokenisation serves both.
        sentence_all_stems = [[text.stem(w) for w in ws] for ws in sentence_words]
        sentence_stems = [
            [st for w, st in zip(ws, sts, strict=True) if text.is_content_word(w)]
            for ws, sts in zip(sentence_words, sentence_all_stems, strict=True)
        ]
        all_stems = [s for stems in sentence_stems for s in stems]
        lead = [s for stems in sentence_stems[:LEAD_SENTENCES] for s in stems]
        return {
            "body": body,
            "body_vector": weighted(all_stems, idf, default),
            "lead_vector": weighted(lead, idf, default),
            "sentence_texts": sentence_texts,
            "sentence_vectors": [weighted(s, idf, default) for s in sentence_stems],
            "sentence_stems": sentence_stems,
            "sentence_all_stems": sentence_all_stems,
            "body_stems": set(all_stems),
        }

    def _parse_headline(self, headline: str, body_parts: dict) -> ParsedPair:
        idf, default = self.idf_, self.default_idf_
        headline_stems = text.content_stems(headline)
        return ParsedPair(
            headline=headline,
            headline_stems=headline_stems,
            headline_vector=weighted(headline_stems, idf, default),
            unseen_headline_stems={s for s in headline_stems if s not in idf},
            idf=idf,
            default_idf=default,
            **body_parts,
        )

    def parse(self, headline: str, body: str) -> ParsedPair:
        check_is_fitted(self, "idf_")
        return self._parse_headline(headline, self._parse_body(body))

    def transform(self, X):
        check_is_fitted(self, "idf_")
        # Training data pairs each body with dozens of headlines: cut each body up only once.
        bodies: dict[str, dict] = {}
        parsed = []
        for headline, body in as_pairs(X):
            if body not in bodies:
                bodies[body] = self._parse_body(body)
            parsed.append(self._parse_headline(headline, bodies[body]))
        return parsed

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["parsed_pair"], dtype=object)
