"""A service that cannot start says why in one line and exits non-zero, under gunicorn too."""

import hashlib
import json
import shutil
import subprocess
import sys

import pytest

from deploy import stack
from training.model_store import DEFAULT_MODEL


def corrupt_model(tmp_path):
    """A model file that is not a pickle, with a card whose SHA-256 matches it."""
    model = tmp_path / "corrupt.joblib"
    model.write_bytes(b"not a pickle at all " * 50)
    card = json.loads(DEFAULT_MODEL.with_suffix(".json").read_text())
    card["sha256"] = hashlib.sha256(model.read_bytes()).hexdigest()
    model.with_suffix(".json").write_text(json.dumps(card))
    return {"MODEL": str(model)}


def altered_model(tmp_path):
    """The bundled card beside a different file: the hash does not match."""
    model = tmp_path / "altered.joblib"
    model.write_bytes(DEFAULT_MODEL.read_bytes()[:-1] + b"\0")
    shutil.copy(DEFAULT_MODEL.with_suffix(".json"), model.with_suffix(".json"))
    return {"MODEL": str(model)}


def unwritable_database(tmp_path):
    """A database whose directory cannot be created (a file is in the way; true for root too)."""
    (tmp_path / "a-file").write_text("x")
    return {"DATABASE": str(tmp_path / "a-file" / "db" / "feedback.sqlite3")}


CASES = {
    "corrupt model, matching hash": (corrupt_model, "cannot be loaded"),
    "model hash mismatch": (altered_model, "does not match the SHA-256"),
    "unwritable database directory": (unwritable_database, "cannot open the feedback database"),
}
GUNICORN_CONF = str(stack.DEPLOY / "gunicorn.conf.py")
LAUNCHERS = {
    "gunicorn": [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONF, "service.wsgi:app"],
    "serve": [sys.executable, "-m", "service.cli", "serve", "--port", "0"],
}


@pytest.mark.parametrize("launcher", LAUNCHERS)
@pytest.mark.parametrize("case", CASES)
def test_start_up_failures_are_one_line(tmp_path, case, launcher):
    make, expected = CASES[case]
    env = stack.service_env(BIND=f"127.0.0.1:{stack.free_port()}", **make(tmp_path))
    done = subprocess.run(
        LAUNCHERS[launcher], env=env, cwd=stack.ROOT, capture_output=True, text=True, timeout=120
    )
    output = (done.stdout + done.stderr).strip()
    assert done.returncode != 0
    assert len(output.splitlines()) == 1, output
    assert expected in output and "Traceback" not in output
