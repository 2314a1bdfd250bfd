"""Similarity in a topic space learned from the corpus, so related wording counts, not only
identical words (Talos-style SVD over TF-IDF)."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from .. import text

FEATURES = ("cos_body", "cos_lead", "cos_best_sentence", "cos_top3_mean")


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class LatentSimilarity(TransformerMixin, BaseEstimator):
    """Cosines between headline and body (whole, lead, sentences) after TF-IDF and SVD.

    Parameters
    ----------
    n_components : int, default=150
    min_df, max_df : int or float, default=2 and 0.5
        Vocabulary limits of the TF-IDF step (words in one document, or in most, carry no topic).
    random_state : int, default=0
        Fixed so that the same data give the same model.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer
    svd_ : TruncatedSVD
    """

    def __init__(self, *, n_components=150, min_df=2, max_df=0.5, random_state=0):
        self.n_components = n_components
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state

    def fit(self, X, y=None):
        documents = sorted({p.headline for p in X} | {p.body for p in X})
        self.vectorizer_ = TfidfVectorizer(
            analyzer=text.content_stems,
            min_df=self.min_df,
            max_df=self.max_df,
            sublinear_tf=True,
            dtype=np.float32,
        )
        matrix = self.vectorizer_.fit_transform(documents)
        n_components = min(self.n_components, matrix.shape[1] - 1, matrix.shape[0] - 1)
        self.svd_ = TruncatedSVD(n_components=max(n_components, 1), random_state=self.random_state)
        self.svd_.fit(matrix)
        return self

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.svd_.n_components))
        return _unit_rows(self.svd_.transform(self.vectorizer_.transform(texts)))

    def transform(self, X):
        check_is_fitted(self, "svd_")
        X = list(X)
        headlines = self._embed([p.headline for p in X])
        cache: dict[int, tuple] = {}
        rows = []
        for p, h in zip(X, headlines, strict=True):
            key = id(p.sentence_texts)
            if key not in cache:
                lead = " ".join(p.sentence_texts[:3])
                embedded = self._embed([p.body, lead, *p.sentence_texts])
                cache[key] = (embedded[0], embedded[1], embedded[2:])
            body, lead, sentences = cache[key]
            sims = np.sort(sentences @ h)[::-1] if len(sentences) else np.zeros(1)
            rows.append([body @ h, lead @ h, sims[0], sims[:3].mean()])
        return np.asarray(rows, dtype=float).reshape(-1, len(FEATURES))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURES, dtype=object)
