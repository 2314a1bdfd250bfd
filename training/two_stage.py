"""Relatedness first, then stance among related pairs: two classifiers, one estimator.

One four-class model weighs every decision against FNC-1's 73 % of unrelated pairs, and its
class weights must stay mild or honest pages drown in warnings. A second model that sees
only related pairs can balance agree / disagree / discuss fully without touching the
mismatch decision, which stays the first model's. In full training runs it raised disagree
F1 on whole held-out claims from 0.17 to 0.22 and macro-F1 from 0.648 to 0.657; the FNC
scores moved within run-to-run noise (docs/model.md).
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from .weights import balancing_weights

UNRELATED = "unrelated"


class TwoStageClassifier(ClassifierMixin, BaseEstimator):
    """P(unrelated) from ``relatedness``, fitted on all pairs; the stance probabilities are
    the rest of the mass shared out by ``stance``, fitted on related pairs only.

    Parameters
    ----------
    relatedness : classifier
        Fitted on every pair and class (with the ``sample_weight`` given to ``fit``); only
        its probability of ``unrelated`` is used.
    stance : classifier
        Fitted on the related pairs, weighted ``(n / count) ** stance_power`` by stance.
    stance_power : float, default=1.0
        1 balances the related classes fully (``disagree`` is 7 % of them).

    Attributes
    ----------
    classes_ : ndarray
        The relatedness model's classes; every stance class must be among them.
    relatedness_, stance_ : fitted classifiers
    """

    def __init__(self, relatedness, stance, *, stance_power=1.0):
        self.relatedness = relatedness
        self.stance = stance
        self.stance_power = stance_power

    def fit(self, X, y, sample_weight=None):
        X, y = np.asarray(X), np.asarray(y)
        self.relatedness_ = clone(self.relatedness).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.relatedness_.classes_
        related = y != UNRELATED
        self.stance_ = None
        if len(set(y[related])) >= 2:
            weights = balancing_weights(y[related], power=self.stance_power)
            self.stance_ = clone(self.stance).fit(X[related], y[related], sample_weight=weights)
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "relatedness_")
        proba = self.relatedness_.predict_proba(X)
        if self.stance_ is None or UNRELATED not in self.classes_:
            return proba  # nothing to share out: the first model's answer stands
        columns = list(self.classes_)
        unrelated = proba[:, columns.index(UNRELATED)]
        out = np.zeros_like(proba)
        out[:, columns.index(UNRELATED)] = unrelated
        shares = self.stance_.predict_proba(X)
        for column, label in enumerate(self.stance_.classes_):
            out[:, columns.index(label)] = (1.0 - unrelated) * shares[:, column]
        return out

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
