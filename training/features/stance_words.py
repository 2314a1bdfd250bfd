"""A linear model over the words near the headline, stacked under the boosted trees.

Cue lists cannot name every way an article doubts or confirms a claim; a regularised
logistic regression over the best-matching sentences learns them from the related pairs.
Like scikit-learn's ``TargetEncoder``, ``fit_transform`` returns out-of-fold predictions so
the trees downstream never see scores of pairs that the linear model was trained on.
"""

import hashlib

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.utils.validation import check_is_fitted

STANCE_CLASSES = ("agree", "disagree", "discuss")


def _near_text(p, n_best: int) -> str:
    return " ".join(p.sentence_texts[i] for i in sorted(p.best_sentences(n_best)))


def _body_group(p) -> str:
    return hashlib.blake2b(p.body.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


class StanceWords(TransformerMixin, BaseEstimator):
    """Probabilities of agree, disagree and discuss from the words near the headline.

    Parameters
    ----------
    n_best : int, default=5
        Sentences taken as "near the headline".
    C : float, default=1.0
        Inverse regularisation of the logistic regression.
    n_splits : int, default=5
        Folds for the out-of-fold predictions of ``fit_transform``; folds never split a body.
    random_state : int, default=0

    Attributes
    ----------
    model_ : Pipeline
        TF-IDF and logistic regression fitted on all related pairs.
    """

    def __init__(self, *, n_best=5, C=1.0, n_splits=5, random_state=0):
        self.n_best = n_best
        self.C = C
        self.n_splits = n_splits
        self.random_state = random_state

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
        self.model_ = clone(self._template()).fit(texts[related], y[related])
        groups = np.asarray([_body_group(p) for p in X])
        out = np.zeros((len(X), len(STANCE_CLASSES)))
        folds = GroupKFold(n_splits=self.n_splits)
        for train, test in folds.split(texts, y, groups):
            train = train[related[train]]
            fold_model = clone(self._template()).fit(texts[train], y[train])
            out[test] = self._ordered(fold_model, texts[test])
        return out

    def _ordered(self, model, texts) -> np.ndarray:
        proba = model.predict_proba(texts)
        classes = list(model.classes_)
        return proba[:, [classes.index(c) for c in STANCE_CLASSES]]

    def transform(self, X):
        check_is_fitted(self, "model_")
        texts = self._texts(list(X))
        if not texts:
            return np.zeros((0, len(STANCE_CLASSES)))
        return self._ordered(self.model_, texts)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"stance_words__{c}" for c in STANCE_CLASSES], dtype=object)
