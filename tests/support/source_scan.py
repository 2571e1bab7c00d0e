"""The project's Python files parsed once per test session: the layering and compose tests both
read every module's imports, and parsing and walking ~300 files was a fifth of the unit run."""
import ast
import functools
from pathlib import Path


@functools.cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@functools.cache
def import_nodes(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """Every import statement in the file, at any depth (imports inside functions count too)."""
    return tuple(n for n in ast.walk(tree(path)) if isinstance(n, (ast.Import, ast.ImportFrom)))
