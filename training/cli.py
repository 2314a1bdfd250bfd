"""The model developer's commands; ``service.cli`` adds the server's to the same program."""

import argparse
import sys

from . import check_page, compare, evaluate, train
from .data import DataError
from .errors import CommandError
from .model_store import ModelLoadError


def add_commands(subparsers) -> None:
    train.add_parser(subparsers)
    evaluate.add_parser(subparsers)
    check_page.add_parser(subparsers)
    compare.add_parser(subparsers)


def dispatch(args) -> int:
    """Run a command; bad data, a bad model file or too little data is one line and status 2."""
    try:
        return args.func(args)
    except (DataError, ModelLoadError, CommandError) as error:
        print(f"headline-check: error: {error}", file=sys.stderr)
        return 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="headline-check")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return dispatch(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
