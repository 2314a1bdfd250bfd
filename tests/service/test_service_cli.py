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


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_serve_refuses_ports_outside_0_to_65535(port, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", port])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--port" in err and "Traceback" not in err


def test_serve_refuses_a_port_from_the_environment_too(monkeypatch, capsys):
    monkeypatch.setenv("HEADLINE_CHECK_PORT", "70000")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HEADLINE_CHECK_PORT" in err and "70000" in err


def test_serve_on_a_host_that_does_not_resolve_is_one_line(capsys, monkeypatch, checker):
    import service

    monkeypatch.setattr(service, "load_checker", lambda path: checker)
    monkeypatch.setenv("HEADLINE_CHECK_DATABASE", ":memory:")
    assert main(["serve", "--host", "nonsense.invalid", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'nonsense.invalid'" in err and "Traceback" not in err


def test_the_banner_says_to_build_the_extension_only_when_it_is_not_built(tmp_path):
    from service.cli import extension_help

    assert "make extension" in extension_help(tmp_path / "build")
    (tmp_path / "build" / "chrome").mkdir(parents=True)
    (tmp_path / "build" / "chrome" / "manifest.json").write_text("{}")
    built = extension_help(tmp_path / "build")
    assert "make extension" not in built
    assert "extension/build/chrome" in built and "extension/build/firefox/manifest.json" in built
