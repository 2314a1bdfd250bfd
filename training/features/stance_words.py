"""A linear model over the words near the headline, stacked under the boosted trees.

Cue lists cannot name every way an article doubts or confirms a claim; a regularised
logistic regression over the best-matching sentences learns them from the related pairs.
A second one over the whole body learns how the article as a whole is told: a report that
relays a rumour ("discuss") reads differently from one that states it as fact ("agree") or
takes it apart ("disagree"), wherever the headline's words are. On claims held out whole it
raised the FNC score from 0.855 to 0.869 (docs/model.md).
Like scikit-learn's ``TargetEncoder``, ``fit_transform`` returns out-of-fold predictions so
the trees downstream never see scores of pairs that the linear model was trained on.
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.utils.validation import check_is_fitted

from .groups import claim_groups

STANCE_CLASSES = ("agree", "disagree", "discuss")


SCOPES = ("near", "body")


def _near_text(p, n_best: int) -> str:
    return " ".join(p.sentence_texts[i] for i in sorted(p.best_sentences(n_best)))


class StanceWords(TransformerMixin, BaseEstimator):
    """Probabilities of agree, disagree and discuss from the words near the headline.

    Parameters
    ----------
    scope : {"near", "body"}, default="near"
        Which words are read: the ``n_best`` sentences nearest the headline, or the whole body.
    n_best : int, default=5
        Sentences taken as "near the headline".
    C : float, default=1.0
        Inverse regularisation of the logistic regression.
    n_splits : int, default=5
        Folds for the out-of-fold predictions of ``fit_transform``; folds never split a claim
        (see ``groups``).
    random_state : int, default=0

    Attributes
    ----------
    model_ : Pipeline
        TF-IDF and logistic regression fitted on all related pairs.
    """

    def __init__(self, *, scope="near", n_best=5, C=1.0, n_splits=5, random_state=0):
        self.scope = scope
        self.n_best = n_best
        self.C = C
        self.n_splits = n_splits
        self.random_state = random_state

    def __setstate__(self, state):
        # Models pickled before ``scope`` existed read the sentences near the headline.
        state.setdefault("scope", "near")
        super().__setstate__(state)

    def _template(self):
        return make_pipeline(
            TfidfVectorizer(
                ngram_range=(1, 2),
                min_df=3,
                max_features=50000,
                sublinear_tf=True,
                dtype=np.float32,
            ),
            LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000),
        )

    def _texts(self, X) -> list[str]:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, got {self.scope!r}")
        if self.scope == "body":
            return [p.body for p in X]
        return [_near_text(p, self.n_best) for p in X]

    def fit(self, X, y):
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X, y=None):
        if y is None:
            raise ValueError("StanceWords needs the stances (y) to fit")
        X, y = list(X), np.asarray(y)
        texts = np.asarray(self._texts(X), dtype=object)
        related = y != "unrelated"
        self.model_ = self._fit_one(texts[related], y[related])
        groups = claim_groups(X, y)
        out = np.zeros((len(X), len(STANCE_CLASSES)))
        n_splits = min(self.n_splits, len(set(groups)))
        if n_splits < 2:
            return self._ordered(self.model_, texts)
        for train, test in GroupKFold(n_splits=n_splits).split(texts, y, groups):
            train = train[related[train]]
            out[test] = self._ordered(self._fit_one(texts[train], y[train]), texts[test])
        return out

    def _fit_one(self, texts, y):
        """A fitted model, or None when the data hold fewer than two stances to tell apart."""
        if len(set(y)) < 2:
            return None
        return clone(self._template()).fit(texts, y)

    def _ordered(self, model, texts) -> np.ndarray:
        out = np.zeros((len(texts), len(STANCE_CLASSES)))
        if model is None:
            return out
        proba = model.predict_proba(texts)
        # Small data sets may lack a class altogether: it then gets probability 0.
        for column, label in enumerate(model.classes_):
            out[:, STANCE_CLASSES.index(label)] = proba[:, column]
        return out

    def transform(self, X):
        check_is_fitted(self, "model_")
        texts = self._texts(list(X))
        if not texts:
            return np.zeros((0, len(STANCE_CLASSES)))
        return self._ordered(self.model_, texts)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"p_{c}" for c in STANCE_CLASSES], dtype=object)
