"""The project's Python files parsed once per test session: the layering and compose tests both
read every module's imports, and parsing and walking ~300 files was a fifth of the unit run."""
import ast
import functools
from pathlib import Path

# the fields of a statement that hold further statements (imports can sit in any of them)
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


@functools.cache
def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.cache
def tree(path: Path) -> ast.Module:
    return ast.parse(source(path), filename=str(path))


@functools.cache
def import_nodes(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """Every import statement in the file, at any depth (imports inside functions count too).
    Only statements are visited: an import is never inside an expression, and skipping the
    expressions makes this ten times faster than ast.walk."""
    found, todo = [], list(tree(path).body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
            continue
        for field in _BLOCKS:
            todo.extend(getattr(node, field, ()) or ())
    found.sort(key=lambda n: (n.lineno, n.col_offset))
    return tuple(found)
