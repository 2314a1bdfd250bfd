"""Each gunicorn worker makes the sentence encoder's session before its first reader needs it:
with ``--preload`` the model is loaded before the fork, the session only after it."""

import os
import runpy
from types import SimpleNamespace

from deploy import stack
from training.encoder import load_encoder


def test_the_worker_hook_makes_the_encoders_session_for_the_models_threads(make_app):
    app = make_app(MODEL_THREADS=2)
    encoder = load_encoder()
    encoder._sessions.clear()
    settings = runpy.run_path(str(stack.DEPLOY / "gunicorn.conf.py"))
    settings["post_worker_init"](SimpleNamespace(wsgi=app))
    assert set(encoder._sessions) == {(os.getpid(), 2)}
