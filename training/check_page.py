"""``headline-check check``: one page from the command line, the same result the service gives."""

import json
from pathlib import Path

from .checker import Checker
from .verdict import SENSITIVITIES


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("check", help="check one headline against its article")
    parser.add_argument("--title", help="the headline (required unless --json has one)")
    body = parser.add_mutually_exclusive_group(required=True)
    body.add_argument("--body", help="the article text")
    body.add_argument("--body-file", metavar="PATH", help="a UTF-8 text file with the article")
    body.add_argument("--json", metavar="PAGE.json", help="a JSON object with title and body")
    parser.add_argument("--model", help="model .joblib (default: the bundled model)")
    parser.add_argument("--sensitivity", choices=SENSITIVITIES, default="normal")
    parser.set_defaults(func=run, parser=parser)


def _read(parser, path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        parser.error(f"{path}: no such file")
    except UnicodeDecodeError as error:
        parser.error(f"{path}: not UTF-8 text (byte {error.start})")
    except OSError as error:
        parser.error(f"{path}: {error.strerror}")


def page_from_args(args) -> tuple[str, str]:
    parser, title = args.parser, args.title
    if args.json:
        try:
            page = json.loads(_read(parser, args.json))
        except json.JSONDecodeError as error:
            parser.error(f"{args.json}: not valid JSON (line {error.lineno}: {error.msg})")
        if not isinstance(page, dict) or not isinstance(page.get("body"), str):
            parser.error(f"{args.json}: expected a JSON object with a string 'body'")
        title = title if title is not None else page.get("title")
        body = page["body"]
    else:
        body = args.body if args.body is not None else _read(parser, args.body_file)
    if not isinstance(title, str):
        parser.error("give --title (or a 'title' string in --json)")
    return title, body


def run(args) -> int:
    title, body = page_from_args(args)
    checker = Checker.load(args.model)
    result = checker.check(title, body, args.sensitivity)
    result["model"] = {"name": checker.name, "version": checker.version}
    print(json.dumps(result, ensure_ascii=False))
    return 0
