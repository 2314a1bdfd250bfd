"""TwoStageClassifier: the mismatch decision is the relatedness model's alone; the stance
model only shares out what is left, and it is the one that balances the rare stances."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression

from training.two_stage import TwoStageClassifier

CLASSES = ["agree", "disagree", "discuss", "unrelated"]


def data(seed=0, n=2000):
    """Column 0 tells related from unrelated; column 1, noisily, disagree from the rest."""
    rng = np.random.default_rng(seed)
    y = rng.choice(CLASSES, size=n, p=[0.10, 0.03, 0.17, 0.70])
    related = y != "unrelated"
    X = np.column_stack(
        [
            np.where(related, 1.0, -1.0) + rng.normal(0, 0.5, n),
            np.where(y == "disagree", 1.0, 0.0) + rng.normal(0, 0.8, n),
            np.where(y == "agree", 1.0, 0.0) + rng.normal(0, 0.8, n),
        ]
    )
    return X, y


def model(power=1.0):
    return TwoStageClassifier(LogisticRegression(), LogisticRegression(), stance_power=power)


def test_unrelated_probability_is_the_relatedness_models():
    X, y = data()
    fitted = model().fit(X, y)
    column = list(fitted.classes_).index("unrelated")
    proba = fitted.predict_proba(X)
    np.testing.assert_allclose(proba[:, column], fitted.relatedness_.predict_proba(X)[:, column])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(fitted.classes_) == CLASSES


def test_related_mass_is_shared_out_by_the_stance_model():
    X, y = data()
    fitted = model().fit(X, y)
    proba = fitted.predict_proba(X)
    columns = list(fitted.classes_)
    related_mass = 1.0 - proba[:, columns.index("unrelated")]
    shares = fitted.stance_.predict_proba(X)
    for j, label in enumerate(fitted.stance_.classes_):
        np.testing.assert_allclose(proba[:, columns.index(label)], related_mass * shares[:, j])
    assert "unrelated" not in fitted.stance_.classes_


def test_full_balancing_lets_the_rare_stance_be_predicted():
    X, y = data()
    unbalanced = model(power=0.0).fit(X, y).predict(X)
    balanced = model(power=1.0).fit(X, y).predict(X)
    truly = y == "disagree"
    assert (balanced[truly] == "disagree").mean() > (unbalanced[truly] == "disagree").mean() + 0.2


def test_sample_weight_reaches_the_relatedness_model():
    X, y = data()
    weights = np.where(y == "unrelated", 0.01, 1.0)
    plain = model().fit(X, y)
    weighted = model().fit(X, y, sample_weight=weights)
    column = list(plain.classes_).index("unrelated")
    assert weighted.predict_proba(X)[:, column].mean() < plain.predict_proba(X)[:, column].mean()


def test_one_related_stance_leaves_the_first_models_answer():
    X, y = data()
    y = np.where(y == "unrelated", "unrelated", "discuss")
    fitted = model().fit(X, y)
    assert fitted.stance_ is None
    np.testing.assert_allclose(fitted.predict_proba(X), fitted.relatedness_.predict_proba(X))


def test_requires_fit():
    with pytest.raises(NotFittedError):
        model().predict_proba(np.zeros((1, 3)))
