"""The headline-check command's service parts: serve and feedback export."""

import json

import pytest

from service.cli import build_parser, main
from service.db import FeedbackStore


def test_one_program_has_training_and_service_commands():
    parser = build_parser()
    usage = parser.format_help()
    for command in ("train", "evaluate", "check", "serve", "feedback"):
        assert command in usage
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--port", "0", "--model", "m"])
    assert (args.host, args.port, args.model) == ("0.0.0.0", 0, "m")


def test_serve_with_a_missing_model_is_one_clear_line(tmp_path, capsys):
    assert main(["serve", "--port", "0", "--model", str(tmp_path / "none.joblib")]) == 2
    err = capsys.readouterr().err
    assert "model file not found" in err and "Traceback" not in err


def test_serve_on_a_busy_port_is_one_clear_line(capsys, monkeypatch, checker):
    import socket

    import service

    monkeypatch.setattr(service, "load_checker", lambda path: checker)
    monkeypatch.setenv("HEADLINE_CHECK_DATABASE", ":memory:")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SystemExit) as exited:
            main(["serve", "--port", str(port)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert f"Port {port} is in use" in err and "Traceback" not in err


def test_export_to_stdout(tmp_path, capsys):
    store = FeedbackStore(str(tmp_path / "fb.sqlite3"))
    store.add(
        {
            "created_at": "2026-01-01T00:00:00+00:00",
            "model_name": "m",
            "model_version": "1",
            "verdict": "mismatch",
            "correct": 0,
            "stance": "discuss",
            "content_sha256": "0" * 64,
            "title": "Headline",
            "body": "Body text",
        }
    )
    assert main(["feedback", "export", "--database", f"sqlite:///{store.path}"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"headline": "Headline", "body": "Body text", "stance": "discuss"}
    assert "exported 1" in err


def test_export_database_comes_from_the_environment(tmp_path, monkeypatch, capsys):
    store = FeedbackStore(str(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("HEADLINE_CHECK_DATABASE", store.path)
    assert main(["feedback", "export"]) == 0
    assert "exported 0" in capsys.readouterr().err


def test_feedback_needs_an_action():
    with pytest.raises(SystemExit):
        main(["feedback"])
