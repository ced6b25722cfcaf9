"""Command line: `python -m builder validate [PATH ...]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from builder import pipeline
from builder.problems import format_report

BUG_MESSAGE = (
    "The validator itself failed ({error}). This is a fault in the atlas, not in your files: "
    "please open an issue and include this line."
)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m builder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check initiatives and report every problem at once"
    )
    validate.add_argument(
        "paths", nargs="*", type=Path, help="initiative folders or files (default: all)"
    )
    validate.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the atlas folder (default: here)"
    )
    validate.add_argument(
        "--schema", type=Path, help="the folder with the schema (default: ROOT/schema)"
    )
    return parser.parse_args(argv)


def validate(root: Path, paths: Sequence[Path], schema_dir: Path | None = None) -> int:
    settings = pipeline.Settings.for_root(root)
    if schema_dir:
        settings = replace(settings, schema_dir=schema_dir.resolve())
    checked = pipeline.check(settings, paths)
    print(format_report(checked.problems, checked.checked))
    return 1 if checked.problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        return validate(arguments.root, arguments.paths, arguments.schema)
    except Exception as error:
        print(BUG_MESSAGE.format(error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
