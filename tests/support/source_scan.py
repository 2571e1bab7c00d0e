"""The project's Python files parsed once per test session: the layering and compose tests both
read every module's imports, and parsing and walking ~300 files was a fifth of the unit run.

The imports found in each file (and other facts a test derives from one file, `facts()`) are
also kept between runs, in tests/__pycache__ (gitignored), under the hash of the file's text and
the Python version: parsing every file again was still 0.6 s of each run, and only a changed
file needs it."""
import ast
import atexit
import functools
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

# the fields of a statement that hold further statements (imports can sit in any of them)
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
_STORE = Path(__file__).resolve().parents[1] / "__pycache__" / "source_scan_facts.json"
_FORMAT = f"2 python {sys.version_info[0]}.{sys.version_info[1]}"
# the imports are facts of this module's own making: a change to it finds them again
_IMPORTS = "imports " + hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


@functools.cache
def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.cache
def tree(path: Path) -> ast.Module:
    return ast.parse(source(path), filename=str(path))


def _parsed_imports(path: Path) -> list[list]:
    """[kind, module, level, [[name, asname], ...], line, column] per import statement, at any
    depth (imports inside functions count too). Only statements are visited: an import is never
    inside an expression, and skipping the expressions makes this ten times faster than ast.walk."""
    found, todo = [], list(tree(path).body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
            continue
        for field in _BLOCKS:
            todo.extend(getattr(node, field, ()) or ())
    found.sort(key=lambda n: (n.lineno, n.col_offset))
    return [["import", None, 0, [[a.name, a.asname] for a in n.names], n.lineno, n.col_offset]
            if isinstance(n, ast.Import) else
            ["from", n.module, n.level, [[a.name, a.asname] for a in n.names], n.lineno, n.col_offset]
            for n in found]


class _Store:
    """{path: {"hash": text hash, kind: facts}} read once, written back at exit if anything
    was computed."""

    def __init__(self):
        self.path = _STORE
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT:
                self.entries = data["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass   # none yet, or unreadable: parse everything this time

    def facts(self, path: Path, kind: str, compute):
        digest = hashlib.blake2b(source(path).encode("utf-8"), digest_size=16).hexdigest()
        key = str(path)
        entry = self.entries.get(key)
        if entry is None or entry.get("hash") != digest:
            entry = self.entries[key] = {"hash": digest}
        if kind not in entry:
            entry[kind] = compute(path)
            if not self.changed:
                self.changed = True
                atexit.register(self.save)
        return entry[kind]

    def imports(self, path: Path) -> list[list]:
        return self.facts(path, _IMPORTS, _parsed_imports)

    def save(self) -> None:
        files = {k: v for k, v in self.entries.items() if os.path.exists(k)}
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".source_scan-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": _FORMAT, "files": files}, fh)
            os.replace(tmp, self.path)  # whole, even with another run writing at the same time
        except OSError:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)


@functools.cache
def _store() -> _Store:
    return _Store()


def _node(kind, module, level, names, line, column) -> ast.Import | ast.ImportFrom:
    aliases = [ast.alias(name=name, asname=asname) for name, asname in names]
    if kind == "import":
        return ast.Import(names=aliases, lineno=line, col_offset=column)
    return ast.ImportFrom(module=module, names=aliases, level=level, lineno=line, col_offset=column)


@functools.cache
def import_nodes(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """Every import statement in the file, at any depth, in the order of the source."""
    return tuple(_node(*row) for row in _store().imports(path))


def facts(path: Path, kind: str, compute):
    """What `compute(path)` derives from the file (JSON: lists, dicts, strings, numbers), kept
    between runs while the file's text is unchanged. `kind` names the facts and must change
    when `compute` does (e.g. carry a hash of the code that computes them)."""
    return _store().facts(path, kind, compute)
