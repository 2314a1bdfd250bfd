"""Fixtures shared by every test package."""

import os
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
