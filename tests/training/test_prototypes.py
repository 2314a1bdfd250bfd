"""StancePrototypes: how the body's key sentences are told, read in the encoder's space."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from training import lexicons, text
from training.features import PairParser
from training.features.prototypes import FEATURES, StancePrototypes

HEADLINE = "Photo shows shark swimming on flooded motorway"
REFUTED = (
    "The photo of a shark swimming on a flooded motorway had been digitally altered. "
    "The shark was pasted in from a diving magazine, and the agency that first shared the "
    "picture has withdrawn it."
)
CONFIRMED = (
    "Highway officials confirmed that a shark was swimming on the flooded motorway. "
    "The flood had washed it onto the road, and rangers returned it to the sea on Tuesday."
)
DENYING_HEADLINE = "Motorway shark photo was a fake, experts say"


@pytest.fixture(scope="module")
def parsed():
    pairs = [(HEADLINE, REFUTED), (HEADLINE, CONFIRMED), (DENYING_HEADLINE, CONFIRMED)]
    return PairParser(min_df=1).fit(pairs).transform(pairs)


def test_requires_fit(parsed):
    with pytest.raises(NotFittedError):
        StancePrototypes().transform(parsed)


def test_a_refutation_in_other_words_sounds_like_one(parsed):
    """No word of the refuting lexicon ("fake", "hoax", "false" …) is in the refuting body: the
    encoder's space still puts its sentences nearer the refuting examples than the confirming
    body's."""
    assert not {text.stem(w) for w in text.words(REFUTED)} & lexicons.REFUTING
    transformer = StancePrototypes().fit(parsed)
    values = transformer.transform(parsed)
    names = list(transformer.get_feature_names_out())
    assert names == list(FEATURES) and values.shape == (3, len(FEATURES))
    refute, confirm = names.index("refute_max"), names.index("confirm_max")
    margin = names.index("refute_minus_confirm_closest")
    assert values[0, refute] > values[1, refute]
    assert values[1, confirm] > values[0, confirm]
    assert values[0, margin] > values[1, margin]
    # The headline that calls the photo a fake sounds like a denial; the plain one does not.
    denial = names.index("headline_refute")
    assert values[2, denial] > values[1, denial]
    assert np.all(np.abs(values) <= 1.0 + 1e-6)


def test_the_examples_are_fitted_once_and_kept(parsed):
    transformer = StancePrototypes().fit(parsed)
    assert [p.shape for p in transformer.prototypes_] == [(12, 384), (8, 384), (8, 384)]
    assert np.allclose(np.linalg.norm(transformer.prototypes_[0], axis=1), 1, atol=1e-5)
