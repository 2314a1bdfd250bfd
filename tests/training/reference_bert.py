"""A second, independent forward pass of the encoder, in plain numpy: the oracle that the
ONNX graph is tested against. One text at a time, no padding, no fusion, exact erf GELU; slow
and obvious on purpose. (This is how the project ran the encoder until the graph; its results
matched PyTorch's to a cosine of 0.999998 on 1,000 sentences, docs/model.md.)"""

import json

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf


def _norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class ReferenceBert:
    def __init__(self, directory):
        self.w = {
            k: v.astype(np.float64)
            for k, v in load_file(str(directory / "model.safetensors")).items()
        }
        self.config = json.loads((directory / "config.json").read_text(encoding="utf-8"))

    def embed_ids(self, ids: list[int]) -> np.ndarray:
        w, c = self.w, self.config
        eps = c.get("layer_norm_eps", 1e-12)
        heads = c["num_attention_heads"]
        size = c["hidden_size"] // heads
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        for i in range(c["num_hidden_layers"]):
            p = f"encoder.layer.{i}."

            def linear(v, name, p=p):
                return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q, k, v = (
                linear(x, f"attention.self.{name}").reshape(n, heads, size).transpose(1, 0, 2)
                for name in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _norm(
                x + linear(context, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                eps,
            )
            up = linear(x, "intermediate.dense")
            up = 0.5 * up * (1 + erf(up / np.sqrt(2)))
            x = _norm(
                x + linear(up, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                eps,
            )
        pooled = x.mean(axis=0)
        return pooled / np.linalg.norm(pooled)
