"""all-MiniLM-L6-v2 as an ONNX graph, written from the verified reference weights in memory.

Why a graph: numpy runs the encoder's matrix products one at a time through the BLAS that
numpy was built with (AVX2 kernels on many processors), and its attention in a Python loop per
text. onnxruntime runs the same products with its own kernels (AVX-512 where the processor has
it) and fuses the small operations around them: 3.6 against 6.8 ms for a 32-token sentence on
one thread here, with the same numbers (docs/model.md). No third-party export is trusted:
every weight in the graph is the publisher's, read from ``model.safetensors`` after its
SHA-256 was checked.

The graph is BERT as sentence-transformers runs it for this model: word, position and token
type 0 embeddings, six post-norm layers (12 heads, exact erf GELU), then the mean of the
token vectors that the attention mask keeps, L2-normalised.
"""

import numpy as np

OPSET = 20  # the first with Gelu (and LayerNormalization since 17)
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
EMBEDDINGS = "embeddings"
WEIGHTS_GIVEN_AT_SESSION = "given-at-session-creation"


class _Builder:
    """Collects nodes and constants; each method returns the name of the tensor it made."""

    def __init__(self):
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes, self.constants, self.declared = [], [], []

    def constant(self, name: str, value) -> str:
        """A small constant of the graph's own (shapes, scales)."""
        array = np.asarray(value)
        if array.ndim:
            array = np.ascontiguousarray(array)
        self.constants.append(self.numpy_helper.from_array(array, name))
        return name

    def weight(self, name: str, array: np.ndarray) -> str:
        if array.dtype != np.float32:
            raise ValueError(f"{name}: expected float32 weights, found {array.dtype}")
        # Declared without its data: each session is handed the array itself
        # (add_external_initializers), so no copy of the 90 MB of weights is serialized.
        from onnx import TensorProto

        declared = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=array.shape)
        declared.data_location = TensorProto.EXTERNAL
        declared.external_data.add(key="location", value=WEIGHTS_GIVEN_AT_SESSION)
        self.declared.append(declared)
        return name

    def op(self, op_type: str, inputs: list[str], output: str, **attributes) -> str:
        self.nodes.append(
            self.helper.make_node(op_type, inputs, [output], name=output, **attributes)
        )
        return output

    def dense(self, x: str, weight: str, bias: str, name: str) -> str:
        """``x @ weight.T + bias`` over rows of tokens, with the weight as PyTorch's Linear
        stores it (transposed), read straight from the file."""
        return self.op("Gemm", [x, weight, bias], name, transB=1)

    def layer_norm(self, x: str, weight: str, bias: str, eps: float, name: str) -> str:
        return self.op("LayerNormalization", [x, weight, bias], name, axis=-1, epsilon=eps)


def build_graph(weights: dict[str, np.ndarray], config: dict) -> tuple[bytes, list[str]]:
    """The serialized ONNX model, (input_ids, attention_mask), both int64 [batch, tokens], to
    unit-length sentence embeddings [batch, hidden]; and the names of the tensors of
    ``weights`` that it declares, which each session must be given."""
    from onnx import TensorProto, helper

    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    size = hidden // heads
    g = _Builder()

    def w(name: str) -> str:
        return g.weight(name, weights[name])

    def linear(x: str, prefix: str, name: str) -> str:
        return g.dense(x, w(prefix + ".weight"), w(prefix + ".bias"), name)

    def add_and_norm(sublayer: str, x: str, prefix: str, name: str) -> str:
        """Post-norm residual: LayerNorm(x + sublayer(x)), BERT's order."""
        summed = g.op("Add", [sublayer, x], name + ".residual")
        return g.layer_norm(summed, w(prefix + ".weight"), w(prefix + ".bias"), eps, name)

    # Every token of every text is one row of x: [batch * tokens, hidden]. Only attention
    # needs the texts apart: [batch, heads, tokens, size].
    ids_shape = g.op("Shape", [INPUT_IDS], "ids_shape")
    flat_ids = g.op("Reshape", [INPUT_IDS, g.constant("rows", [-1])], "flat_ids")
    tokens = g.op(
        "Squeeze",
        [g.op("Slice", [ids_shape, g.constant("one", [1]), g.constant("two", [2])], "tokens_1d")],
        "tokens",
    )
    positions = g.op(
        "Range", [g.constant("zero_scalar", 0), tokens, g.constant("one_scalar", 1)], "positions"
    )
    # Positions 0..tokens-1 for each text: [tokens, hidden], tiled to every text of the batch.
    position_vectors = g.op(
        "Gather", [w("embeddings.position_embeddings.weight"), positions], "position_vectors"
    )
    batch = g.op("Slice", [ids_shape, g.constant("zero", [0]), g.constant("one_b", [1])], "b_1d")
    tiled = g.op(
        "Tile",
        [position_vectors, g.op("Concat", [batch, g.constant("one_c", [1])], "tile_by", axis=0)],
        "positions_tiled",
    )
    words = g.op("Gather", [w("embeddings.word_embeddings.weight"), flat_ids], "words")
    type_zero = g.op(
        "Gather",
        [w("embeddings.token_type_embeddings.weight"), g.constant("type_0", 0)],
        "token_type_0",
    )
    summed = g.op("Add", [g.op("Add", [words, tiled], "words_positions"), type_zero], "sum")
    x = g.layer_norm(
        summed, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"), eps, "embedded"
    )

    # Padding: 0 where the mask keeps a token, a large negative number where it does not,
    # added to every attention score so padded tokens get no weight (exp underflows to 0).
    mask = g.op("Cast", [ATTENTION_MASK], "mask_float", to=TensorProto.FLOAT)
    one = g.constant("one_float", np.float32(1.0))
    padding = g.op(
        "Mul",
        [g.op("Sub", [one, mask], "padding_0_1"), g.constant("minus_big", np.float32(-1e9))],
        "padding_scores",
    )
    padding = g.op("Unsqueeze", [padding, g.constant("axes_1_2", [1, 2])], "padding_bias")
    split_heads = g.op(
        "Concat", [ids_shape, g.constant("heads_size", [heads, size])], "split_heads", axis=0
    )
    rows = g.constant("rows_hidden", [-1, hidden])
    scale = g.constant("score_scale", np.float32(1.0 / np.sqrt(size)))

    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        heads_of = {}
        for name in ("query", "key", "value"):
            projected = linear(x, f"{p}attention.self.{name}", f"l{i}.{name}")
            split = g.op("Reshape", [projected, split_heads], f"l{i}.{name}.split")
            # [batch, heads, tokens, size], or [batch, heads, size, tokens] for the keys
            perm = [0, 2, 3, 1] if name == "key" else [0, 2, 1, 3]
            heads_of[name] = g.op("Transpose", [split], f"l{i}.{name}.heads", perm=perm)
        query, key, value = heads_of["query"], heads_of["key"], heads_of["value"]
        scores = g.op("Mul", [g.op("MatMul", [query, key], f"l{i}.qk"), scale], f"l{i}.scaled")
        scores = g.op("Add", [scores, padding], f"l{i}.scores")
        attention = g.op("Softmax", [scores], f"l{i}.attention", axis=-1)
        context = g.op("MatMul", [attention, value], f"l{i}.context_heads")
        context = g.op(
            "Reshape",
            [g.op("Transpose", [context], f"l{i}.context_t", perm=[0, 2, 1, 3]), rows],
            f"l{i}.context",
        )
        attended = linear(context, p + "attention.output.dense", f"l{i}.attention_out")
        x = add_and_norm(attended, x, p + "attention.output.LayerNorm", f"l{i}.normed_1")
        up = linear(x, p + "intermediate.dense", f"l{i}.up")
        gelu = g.op("Gelu", [up], f"l{i}.gelu")  # exact (erf), as the reference model
        down = linear(gelu, p + "output.dense", f"l{i}.down")
        x = add_and_norm(down, x, p + "output.LayerNorm", f"l{i}.out")

    # Mean over the kept tokens, then unit length.
    per_text = g.op(
        "Concat", [ids_shape, g.constant("hidden_1d", [hidden])], "per_text_shape", axis=0
    )
    x = g.op("Reshape", [x, per_text], "token_vectors")
    kept = g.op("Unsqueeze", [mask, g.constant("axis_2", [2])], "mask_3d")
    total = g.op(
        "ReduceSum",
        [g.op("Mul", [x, kept], "kept_vectors"), g.constant("axis_1", [1])],
        "vector_sum",
        keepdims=0,
    )
    count = g.op("ReduceSum", [mask, g.constant("axis_1b", [1])], "token_count", keepdims=1)
    mean = g.op("Div", [total, count], "mean_vector")
    g.op("LpNormalization", [mean], EMBEDDINGS, axis=1, p=2)

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(INPUT_IDS, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(ATTENTION_MASK, TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info(EMBEDDINGS, TensorProto.FLOAT, ["batch", hidden])],
        [*g.constants, *g.declared],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="headline-check"
    )
    model.ir_version = 9  # opset 20: onnxruntime 1.17 and later
    return model.SerializeToString(), [t.name for t in g.declared]


def read_safetensors(path) -> dict[str, np.ndarray]:
    """The file's tensors as read-only views of a memory map: nothing is copied until the
    session takes its own copy. The format is an 8-byte little-endian header length, a JSON
    header of name -> dtype, shape and byte offsets, then the data."""
    import json

    with open(path, "rb") as handle:
        header_length = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(header_length))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_length)
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = data[begin:end].view(dtypes[entry["dtype"]]).reshape(entry["shape"])
    return tensors
