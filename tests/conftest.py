"""Fixtures shared by every test package."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout: skipped when absent, except under CI=true, where it fails."""
    if SHARED_DIR.is_dir():
        return SHARED_DIR
    if os.environ.get("CI") == "true":
        pytest.fail(f"{SHARED_DIR} is missing: CI must provide ../shared beside the checkout")
    pytest.skip(f"needs {SHARED_DIR} (the team's shared data beside the checkout)")


@pytest.fixture(scope="session")
def checker():
    """The real model, loaded once: HEADLINE_CHECK_MODEL if set, else the bundled one.

    A model pickled for older feature code loads but cannot score: one clear failure here
    instead of a confusing one in every test.
    """
    from service.scoring import PROBE
    from training.checker import Checker

    checker = Checker.load(os.environ.get("HEADLINE_CHECK_MODEL") or None)
    try:
        checker.check(*PROBE)
    except Exception as error:
        pytest.fail(
            f"model {checker.name} {checker.version} cannot score with this code "
            f"({type(error).__name__}): retrain it (make train) and commit it with the code"
        )
    return checker


REPO_DIR = Path(__file__).resolve().parents[1]
SEED_PAGE = REPO_DIR / "seeds" / "seed-page.json"


@pytest.fixture(scope="session")
def seed_page() -> dict:
    """The canonical example (seeds/seed-page.json): title, body, expected stance and verdict."""
    return json.loads(SEED_PAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cli_command() -> list[str]:
    """The installed console script, as a user runs it (``python -m`` if it is not beside us)."""
    script = Path(sys.executable).with_name("headline-check")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]


@pytest.fixture(scope="session")
def run_cli(cli_command):
    """Run ``headline-check ARGS`` in a real process; returns the CompletedProcess (text)."""

    def run(*args, cwd=None, timeout=300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*cli_command, *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def tiny_fnc(tmp_path_factory) -> dict[str, Path]:
    """The small labelled set of tests/tiny_news.py as FNC-1 CSVs plus hold-out Body IDs."""
    from tiny_news import write_fnc

    return write_fnc(tmp_path_factory.mktemp("tiny-news"))


@pytest.fixture(scope="session")
def tiny_model(tiny_fnc, run_cli) -> tuple[Path, subprocess.CompletedProcess]:
    """A model trained by the real CLI on the tiny set (fitted on its training split)."""
    model = tiny_fnc["stances.csv"].parent / "model" / "tiny.joblib"
    done = run_cli(
        "train",
        *("--stances", tiny_fnc["stances.csv"], "--bodies", tiny_fnc["bodies.csv"]),
        *("--holdout-ids", tiny_fnc["holdout.txt"], "--fit-on", "train-split"),
        *("--output", model, "--version", "tiny-test"),
    )
    assert done.returncode == 0, done.stderr
    return model, done
