"""The ``headline-check`` command: training's commands plus ``serve`` and ``feedback export``."""

import argparse
import os
import sys

from flask import Flask
from werkzeug.serving import make_server

from service.config import DEFAULTS, from_env
from service.db import FeedbackStore, database_path, export_headline_jsonl, export_jsonl

EXTENSION_HELP = """\
  Browser extension: build it with `make extension`, then
    Chrome:  open chrome://extensions, turn on Developer mode, "Load unpacked"
             -> extension/build/chrome
    Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on..."
             -> extension/build/firefox/manifest.json"""


def _settings() -> dict:
    return {**DEFAULTS, **from_env()}


def serve(args: argparse.Namespace) -> int:
    """Run the development server (production: gunicorn, see docs/service.md)."""
    from service import create_app

    settings = _settings()
    host = args.host or settings["HOST"]
    port = settings["PORT"] if args.port is None else args.port
    app = create_app({"MODEL": args.model} if args.model else None)  # ModelLoadError: exit 2
    server = make_server(host, port, app, threaded=True)  # a busy port: message, exit 1
    url_host = f"[{host}]" if ":" in host else host
    url = f"http://{url_host}:{server.port}"
    model = app.extensions["headline_check"].model
    print(f"Headline Check: model {model['name']} {model['version']} at {url}", flush=True)
    print(f"  API docs: {url}/docs   (OpenAPI: {url}/openapi.json)")
    print(EXTENSION_HELP)
    print("  Stop with Ctrl+C.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def export_feedback(args: argparse.Namespace) -> int:
    """Write stored feedback as JSONL that ``headline-check train --data`` accepts."""
    instance = Flask("service", instance_relative_config=True).instance_path
    path = database_path(args.database or _settings()["DATABASE"], instance)
    if not os.path.exists(path):
        print(f"headline-check: no feedback database at {path}", file=sys.stderr)
        return 1
    store = FeedbackStore(path)
    if args.kind == "headline":
        if args.output == "-":
            written = export_headline_jsonl(store, sys.stdout)
        else:
            with open(args.output, "w", encoding="utf-8") as out:
                written = export_headline_jsonl(store, out)
        print(f"exported {written} headline-choice reports to {args.output}", file=sys.stderr)
        return 0
    if args.output == "-":
        written, skipped = export_jsonl(store, sys.stdout)
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            written, skipped = export_jsonl(store, out)
    print(
        f"exported {written} labelled pairs to {args.output} "
        f"({skipped} skipped: text not shared or no stance)",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="headline-check", description="Does a news headline match the article under it?"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from training.cli import add_commands

    add_commands(commands)

    run = commands.add_parser("serve", help="run the check service (development server)")
    run.add_argument("--host", help="address to bind (default HEADLINE_CHECK_HOST or 127.0.0.1)")
    run.add_argument(
        "--port", type=int, help="port (default HEADLINE_CHECK_PORT or 8000; 0 = any free port)"
    )
    run.add_argument("--model", help="model .joblib (default: the bundled model)")
    run.set_defaults(func=serve)

    feedback = commands.add_parser("feedback", help="reader feedback stored by the service")
    actions = feedback.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write feedback as training JSONL")
    export.add_argument("-o", "--output", default="-", help="JSONL file (default: stdout)")
    export.add_argument("--database", help="database path or sqlite:/// URL (default: config)")
    export.add_argument(
        "--kind",
        choices=("verdict", "headline"),
        default="verdict",
        help="verdict: stance training pairs (default); headline: 'that is not the headline' "
        "reports, for the extension's headline chooser (never training labels)",
    )
    export.set_defaults(func=export_feedback)
    return parser


def main(argv: list[str] | None = None) -> int:
    from training.cli import dispatch

    try:
        status = dispatch(build_parser().parse_args(argv))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (`check | head -c 300`): stop quietly, as SIGPIPE would; point stdout
        # at /dev/null so the flush at exit does not raise again (Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13  # what a shell reports for a process ended by SIGPIPE
    return status


if __name__ == "__main__":
    sys.exit(main())
