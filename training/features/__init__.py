"""scikit-learn transformers that turn (headline, body) pairs into numbers.

``PairParser`` runs first and cuts each pair up once; the feature transformers after it read
its ``ParsedPair`` objects, so no text is tokenised twice on the serving path.
"""

from .cues import StanceCues
from .latent import LatentSimilarity
from .lexical import LexicalSimilarity
from .names import NameOverlap
from .parse import PairParser, ParsedPair
from .prototypes import StancePrototypes
from .semantic import SemanticSimilarity
from .stance_words import StanceWords

__all__ = [
    "LatentSimilarity",
    "LexicalSimilarity",
    "NameOverlap",
    "PairParser",
    "ParsedPair",
    "SemanticSimilarity",
    "StanceCues",
    "StancePrototypes",
    "StanceWords",
]
