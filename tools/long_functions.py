"""Fail when a function of the plugin is longer than a screen (``make lint``).

Ruff's complexity rules (C901, PLR0915) count branches and statements; this counts lines,
which is what a reader meets. Usage: ``python -m tools.long_functions [--max 80] [paths]``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ("plugin", "processing_provider", "__init__.py")


def long_functions(path: Path, limit: int):
    """(line, name, length) of every function in ``path`` longer than ``limit`` lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            length = node.end_lineno - first + 1
            if length > limit:
                yield node.lineno, node.name, length


def python_files(paths):
    for p in paths:
        p = (ROOT / p) if not Path(p).is_absolute() else Path(p)
        yield from sorted(p.rglob("*.py")) if p.is_dir() else [p]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=80, help="longest allowed function (lines)")
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    args = parser.parse_args(argv)
    found = 0
    for path in python_files(args.paths):
        rel = path.resolve().relative_to(ROOT).as_posix()
        for line, name, length in long_functions(path, args.max):
            print(f"{rel}:{line}: {name} has {length} lines (at most {args.max})")
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
