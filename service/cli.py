"""The ``headline-check`` command: training's commands plus ``serve`` and ``feedback export``."""

import argparse
import os
import socket
import sys
from pathlib import Path

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from service.access_log import escape
from service.config import DEFAULTS, from_env
from service.db import (
    StoreUnavailable,
    database_path,
    export_headline_jsonl,
    export_jsonl,
    is_postgres,
    open_store,
)

EXTENSION_BUILD = Path(__file__).resolve().parents[1] / "extension" / "build"
LOAD_EXTENSION = """\
    Chrome:  open chrome://extensions, turn on Developer mode, "Load unpacked"
             -> extension/build/chrome
    Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on..."
             -> extension/build/firefox/manifest.json"""


def extension_help(build: Path = EXTENSION_BUILD) -> str:
    """How to load the extension; how to build it first only when it is not built yet."""
    if (build / "chrome" / "manifest.json").is_file():
        return "  Browser extension (built in extension/build):\n" + LOAD_EXTENSION
    return "  Browser extension: build it with `make extension`, then\n" + LOAD_EXTENSION


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port (0 to 65535)")
    return port


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without its own access log: the app logs each request once
    (service.access_log), without query strings; Werkzeug's error lines are escaped."""

    def log_request(self, code="-", size="-") -> None:
        pass

    def log(self, type: str, message: str, *args) -> None:
        # Werkzeug quotes the raw request line in its errors: keep the path, escaped.
        safe = [escape(str(arg).split("?", 1)[0]) for arg in args]
        super().log(type, message, *safe)


def _settings() -> dict:
    return {**DEFAULTS, **from_env()}


def _fail(message: str, status: int) -> int:
    print(f"headline-check: error: {message}", file=sys.stderr)
    return status


def serve(args: argparse.Namespace) -> int:
    """Run the development server (production: nginx + gunicorn, see docs/service.md)."""
    from service import STARTUP_ERRORS, create_app

    try:
        settings = _settings()
        host = args.host or settings["HOST"]
        port = port_number(str(settings["PORT"])) if args.port is None else args.port
        app = create_app({"MODEL": args.model} if args.model else None)
    except argparse.ArgumentTypeError as error:
        return _fail(f"HEADLINE_CHECK_PORT: {error}", 2)
    except STARTUP_ERRORS as error:
        return _fail(str(error), 2)
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return _fail(f"cannot bind to host {host!r}: {reason}", 1)
    # A busy port or an address not on this machine: Werkzeug's one line, exit 1.
    server = make_server(host, port, app, threaded=True, request_handler=QuietRequestHandler)
    url_host = f"[{host}]" if ":" in host else host
    url = f"http://{url_host}:{server.port}"
    app.extensions["headline_check"].warm_up()  # the first reader does not wait for it
    model = app.extensions["headline_check"].model
    print(f"Headline Check: model {model['name']} {model['version']} at {url}", flush=True)
    print(f"  API docs: {url}/docs   (OpenAPI: {url}/openapi.json)")
    print(extension_help())
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
    setting = args.database or _settings()["DATABASE"]
    if not is_postgres(setting):
        path = database_path(setting, instance)
        if not os.path.exists(path):
            print(f"headline-check: no feedback database at {path}", file=sys.stderr)
            return 1
    try:
        store = open_store(setting, instance)
    except StoreUnavailable as error:
        return _fail(str(error), 1)
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
        "--port",
        type=port_number,
        help="port (default HEADLINE_CHECK_PORT or 8000; 0 = any free port)",
    )
    run.add_argument("--model", help="model .joblib (default: the bundled model)")
    run.set_defaults(func=serve)

    feedback = commands.add_parser("feedback", help="reader feedback stored by the service")
    actions = feedback.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write feedback as training JSONL")
    export.add_argument("-o", "--output", default="-", help="JSONL file (default: stdout)")
    export.add_argument(
        "--database", help="database path, sqlite:/// or postgresql:// URL (default: config)"
    )
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
