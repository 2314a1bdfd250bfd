"""Similarity in a topic space learned from the corpus, so related wording counts, not only
identical words (Talos-style SVD over TF-IDF)."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from .. import text
from .groups import claim_groups

FEATURES = ("cos_body", "cos_lead", "cos_best_sentence", "cos_top3_mean")


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class LatentSimilarity(TransformerMixin, BaseEstimator):
    """Cosines between headline and body (whole, lead, sentences) after TF-IDF and SVD.

    A topic space fitted on the training stories knows those stories too well: inside it,
    related pairs look far more alike than pairs about a new story will. ``fit_transform``
    therefore returns cross-fitted values (each claim scored in a space fitted without it,
    like scikit-learn's ``TargetEncoder``), so the classifier learns how much to trust the
    space on stories it has never seen.

    Parameters
    ----------
    n_components : int, default=150
    min_df, max_df : int or float, default=2 and 0.5
        Vocabulary limits of the TF-IDF step (words in one document, or in most, carry no topic).
    n_splits : int, default=5
        Folds of the cross-fitting; folds never split a claim.
    random_state : int, default=0
        Fixed so that the same data give the same model.

    Attributes
    ----------
    space_ : tuple of (TfidfVectorizer, TruncatedSVD)
        The topic space, fitted on all training texts.
    """

    def __init__(self, *, n_components=150, min_df=2, max_df=0.5, n_splits=5, random_state=0):
        self.n_components = n_components
        self.min_df = min_df
        self.max_df = max_df
        self.n_splits = n_splits
        self.random_state = random_state

    def _fit_space(self, parsed):
        documents = sorted({p.headline for p in parsed} | {p.body for p in parsed})
        vectorizer = TfidfVectorizer(
            analyzer=text.content_stems,
            min_df=self.min_df,
            max_df=self.max_df,
            sublinear_tf=True,
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform(documents)
        n_components = max(1, min(self.n_components, matrix.shape[1] - 1, len(documents) - 1))
        svd = TruncatedSVD(n_components=n_components, random_state=self.random_state).fit(matrix)
        # Pickling the words that were cut is of no use and costs megabytes.
        vectorizer.stop_words_ = None
        return vectorizer, svd

    def fit(self, X, y=None):
        self.space_ = self._fit_space(list(X))
        return self

    def fit_transform(self, X, y=None):
        X = list(X)
        self.fit(X)
        if y is None:
            return self.transform(X)
        groups = claim_groups(X, y)
        n_splits = min(self.n_splits, len(set(groups)))
        if n_splits < 2:
            return self.transform(X)
        out = np.zeros((len(X), len(FEATURES)))
        for train, test in GroupKFold(n_splits=n_splits).split(X, groups=groups):
            space = self._fit_space([X[i] for i in train])
            out[test] = self._features(space, [X[i] for i in test])
        return out

    def transform(self, X):
        check_is_fitted(self, "space_")
        return self._features(self.space_, list(X))

    @staticmethod
    def _features(space, X) -> np.ndarray:
        def embed(texts: list[str]) -> np.ndarray:
            if not texts:
                return np.zeros((0, 1))
            vectorizer, svd = space
            return _unit_rows(svd.transform(vectorizer.transform(texts)))

        headlines = embed([p.headline for p in X])
        cache: dict[int, tuple] = {}
        rows = []
        for p, h in zip(X, headlines, strict=True):
            key = id(p.sentence_texts)
            if key not in cache:
                lead = " ".join(p.sentence_texts[:3])
                embedded = embed([p.body, lead, *p.sentence_texts])
                cache[key] = (embedded[0], embedded[1], embedded[2:])
            body, lead, sentences = cache[key]
            sims = np.sort(sentences @ h)[::-1] if len(sentences) else np.zeros(1)
            rows.append([body @ h, lead @ h, sims[0], sims[:3].mean()])
        return np.asarray(rows, dtype=float).reshape(-1, len(FEATURES))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURES, dtype=object)
