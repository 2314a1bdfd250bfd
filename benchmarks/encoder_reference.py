"""Check the encoder (the ONNX graph on onnxruntime) against the reference: PyTorch + transformers.

Two steps, because the project's venv has no PyTorch (that is the point of the graph):

1. In the project venv, embed 1,000 sentences of FNC-1 training bodies with ours:
       .venv/bin/python benchmarks/encoder_reference.py ours --out /tmp/ours.npz
2. In a throwaway venv outside the project (``pip install torch==2.13.0 transformers``), embed
   the same sentences as sentence-transformers does for all-MiniLM-L6-v2 (BertModel, mean
   pooling over tokens, L2-normalised, max 256 tokens) from the wheel's own model folder, and
   compare:
       /tmp/ref/bin/python benchmarks/encoder_reference.py reference --ours /tmp/ours.npz \
           --model-dir DIR_WITH_THE_WHEELS_model_FOLDER

Prints the cosine between the two embeddings of each sentence (min, 1st percentile, mean).
Step 2 imports nothing from the project, so it runs without its dependencies.
"""

import argparse
import csv
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FNC_BODIES = ROOT.parent / "shared" / "data" / "fnc-1" / "train_bodies.csv"
N_SENTENCES = 1000


def sample_sentences() -> list[str]:
    """Every 7th sentence of the training bodies, so lengths and topics vary; deterministic."""
    with open(FNC_BODIES, encoding="utf-8") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle)]
    sentences = [
        s.strip()
        for body in bodies
        for s in re.split(r"(?<=[.!?])\s+", body)
        if len(s.split()) >= 3
    ]
    return sentences[::7][:N_SENTENCES]


def ours(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from training.encoder import load_encoder

    sentences = sample_sentences()
    encoder = load_encoder()
    lengths = [len(ids) for ids in encoder.token_ids(sentences)]
    np.savez(
        out,
        sentences=np.asarray(sentences),
        embeddings=encoder.embed(sentences),
        lengths=np.asarray(lengths),
    )
    print(
        f"{len(sentences)} sentences, tokens per sentence: median {int(np.median(lengths))}, "
        f"max {max(lengths)} (ours truncates at 128, the reference at 256)"
    )


def reference(ours_file: Path, model_dir: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    data = np.load(ours_file)
    sentences = [str(s) for s in data["sentences"]]
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    rows = []
    with torch.no_grad():
        for start in range(0, len(sentences), 64):
            batch = tokenizer(
                sentences[start : start + 64],
                padding=True,
                truncation=True,
                max_length=256,
                return_tensors="pt",
            )
            tokens = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            rows.append(torch.nn.functional.normalize(pooled, p=2, dim=1).numpy())
    expected = np.concatenate(rows)
    cosines = (expected * data["embeddings"]).sum(axis=1)
    print(
        f"{len(sentences)} sentences: cosine(ours, reference) min {cosines.min():.6f}, "
        f"1st percentile {np.percentile(cosines, 1):.6f}, mean {cosines.mean():.6f}; "
        f"max abs difference {np.abs(expected - data['embeddings']).max():.2e}; "
        f"torch {torch.__version__}"
    )
    full = data["lengths"] < 128
    print(
        f"the {full.sum()} sentences under 128 tokens (no truncation on either side): "
        f"min {cosines[full].min():.6f}; truncated ones: {np.round(cosines[~full], 4).tolist()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    first = sub.add_parser("ours")
    first.add_argument("--out", type=Path, required=True)
    second = sub.add_parser("reference")
    second.add_argument("--ours", type=Path, required=True)
    second.add_argument("--model-dir", type=Path, required=True)
    args = parser.parse_args()
    if args.step == "ours":
        ours(args.out)
    else:
        reference(args.ours, args.model_dir)


if __name__ == "__main__":
    main()
