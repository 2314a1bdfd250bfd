"""The one fitted object: (headline, body) pairs in, stance probabilities out."""

from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from .features import (
    LatentSimilarity,
    LexicalSimilarity,
    NameOverlap,
    PairParser,
    SemanticSimilarity,
    StanceCues,
    StancePrototypes,
    StanceWords,
)
from .two_stage import TwoStageClassifier
from .weights import balancing_weights

__all__ = ["CLASSIFIERS", "RECIPES", "SEED", "balancing_weights", "build_pipeline"]

SEED = 1489215  # the FNC-1 baseline's seed, kept so runs are comparable and reproducible


RECIPES = ("semantic", "lexical")
CLASSIFIERS = ("one-stage", "two-stage")


def build_pipeline(
    *,
    random_state: int = SEED,
    latent: bool = False,
    semantic: bool = True,
    two_stage: bool = True,
) -> Pipeline:
    """Parser, then the feature families side by side, then gradient boosting.

    Boosted trees suit a few dozen dense, differently scaled similarity features, and
    predict one row in about a millisecond, which the extension's one-second budget needs.

    ``latent`` adds the SVD topic-space similarities. They are off by default because they do
    not travel: on claims held out whole from training (docs/model.md) they cut relatedness
    accuracy from 0.984 to 0.949 and the FNC score from 0.855 to 0.791, even cross-fitted,
    while the FNC-1 hold-out split (which shares claims with training) hides the loss.

    ``semantic`` adds the sentence encoder's similarities (``SemanticSimilarity``), the stance
    words of the whole body (``StanceWords(scope="body")``) and how the key sentences sound
    in the encoder's space (``StancePrototypes``: refuting, confirming, hedging); without it
    this is the lexical-only recipe of the model before them, kept for comparisons.

    ``two_stage`` puts a second, fully balanced classifier on the stance of related pairs
    (``TwoStageClassifier``): on whole held-out claims it lifts disagree F1 from about 0.17
    to 0.22. It was off for a stop because an honest essay (real page medium-2) was warned
    "contradicted"; that page's P(disagree) was as high under the one-stage model, and what
    removes such warnings is the denial rule of ``verdict.warning_for`` (docs/model.md).
    False gives the one-stage model before it, for comparisons.
    """
    families = [
        ("lexical", LexicalSimilarity()),
        ("names", NameOverlap()),
        ("cues", StanceCues()),
        ("stance_words", StanceWords(random_state=random_state)),
    ]
    if semantic:
        families.append(("body_stance", StanceWords(scope="body", random_state=random_state)))
        families.append(("stance_prototypes", StancePrototypes()))
    if latent:
        families.insert(2, ("latent", LatentSimilarity(random_state=random_state)))
    if semantic:
        families.insert(2, ("semantic", SemanticSimilarity()))
    features = FeatureUnion(families)
    classifier = _trees(random_state)
    if two_stage:
        classifier = TwoStageClassifier(_trees(random_state), _trees(random_state))
    return Pipeline([("parse", PairParser()), ("features", features), ("classify", classifier)])


def _trees(random_state: int) -> HistGradientBoostingClassifier:
    # Few, wide trees: predicting one page costs about 10 microseconds per tree (4 per
    # iteration), and 60 x 127 leaves scored as well as 500 x 31 on held-out claims.
    return HistGradientBoostingClassifier(
        learning_rate=0.15,
        max_iter=60,
        max_leaf_nodes=127,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=random_state,
    )
