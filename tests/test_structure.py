"""The packages' structure, read with ``ast`` (nothing is imported or run).

Two rules (issue 15, "dependencies flow down"):

- **Import direction.** ``bot`` wires everything together and nothing below it imports it back:
  ``dialogues``, ``services``, ``nlu``, ``locales`` and ``console`` never import ``bot``; ``services``, ``nlu``
  and ``locales`` never import ``dialogues`` or ``console``; ``locales`` imports none of the other packages.
  Every import counts: at module level, inside functions, under ``if TYPE_CHECKING:``, and
  ``importlib.import_module("...")`` / ``__import__("...")`` with a literal name.
- **Size limits.** No function (or method, or nested function) over 80 lines, from its ``def`` line to its
  last line; no module over 600 lines; in ``bot/``, ``dialogues/``, ``services/``, ``nlu/``, ``console/``,
  ``locales/``. Alembic revisions (any ``migrations/`` folder) are excluded: they are generated,
  append-only history that is never edited to make it shorter. Data files (YAML, JSON, FTL) are not modules.

Today's offenders are listed in ``KNOWN_OVER_LIMIT`` (with today's size) and ``KNOWN_UPWARD_IMPORTS``. The
lists can only shrink: a new offender fails, a listed one that grew fails, and a listed one that is now within
the rules (or gone) fails with "remove it from the list", so the lists always say exactly what is left to do.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "dialogues", "services", "nlu", "console", "locales")
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 600
EXCLUDED_DIRS = frozenset({"migrations", "__pycache__"})

# package -> top-level packages it must never import
FORBIDDEN_IMPORTS: dict[str, frozenset[str]] = {
    "dialogues": frozenset({"bot"}),
    "console": frozenset({"bot"}),
    "services": frozenset({"bot", "dialogues", "console"}),
    "nlu": frozenset({"bot", "dialogues", "console"}),
    "locales": frozenset({"bot", "dialogues", "services", "nlu", "console"}),
}

# "path" (a module, in lines) or "path::Qualified.name" (a function, in lines) -> its size when listed.
KNOWN_OVER_LIMIT: dict[str, int] = {}

# "path -> imported.module" for each file that imports a package it must not.
KNOWN_UPWARD_IMPORTS: frozenset[str] = frozenset({
    # the open-world evaluation (`jisr nlu eval`, `jisr nlu calibrate`) measures the whole decision the bot
    # makes on a first message — the NLU, the danger rule and the dialogue engine's thresholds and keywords —
    # so it runs the real engine
    "nlu/calibration.py -> dialogues.engine",
    "nlu/open_world.py -> dialogues.engine",
})


def python_files(root: Path, packages: tuple[str, ...] = PACKAGES) -> Iterator[Path]:
    """The ``.py`` files of ``packages`` under ``root`` (a directory), sorted, outside ``EXCLUDED_DIRS``."""
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if not EXCLUDED_DIRS.intersection(path.relative_to(root).parts):
                yield path


def _module_name(root: Path, path: Path) -> tuple[str, ...]:
    parts = path.relative_to(root).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_modules(root: Path, path: Path) -> set[str]:
    """Every module that ``path`` (a file under ``root``) imports, as absolute dotted names.

    Relative imports are resolved against the file's package; ``from X import name`` gives ``X``;
    ``importlib.import_module("X")`` and ``__import__("X")`` with a literal give ``X``.
    Raises ``SyntaxError`` when the file does not parse."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(root, path)
    package = module if path.name == "__init__.py" else module[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                found.add(".".join(base + ((node.module,) if node.module else ())))
            elif node.module:
                found.add(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def upward_imports(root: Path,
                   rules: Mapping[str, frozenset[str]] = FORBIDDEN_IMPORTS) -> set[str]:
    """``"path -> module"`` for every import in ``root`` that breaks ``rules`` (package -> forbidden
    top-level packages); paths are relative to ``root``, with ``/``."""
    found: set[str] = set()
    for path in python_files(root, tuple(rules)):
        forbidden = rules[path.relative_to(root).parts[0]]
        for name in imported_modules(root, path):
            if name.split(".")[0] in forbidden:
                found.add(f"{path.relative_to(root).as_posix()} -> {name}")
    return found


def _functions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + child.name
            yield name, (child.end_lineno or child.lineno) - child.lineno + 1
            yield from _functions(child, name + ".")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, prefix + child.name + ".")
        else:
            yield from _functions(child, prefix)


def sizes_over_limit(root: Path, packages: tuple[str, ...] = PACKAGES,
                     max_function: int = MAX_FUNCTION_LINES, max_module: int = MAX_MODULE_LINES,
                     ) -> dict[str, int]:
    """Modules over ``max_module`` lines (key ``"path"``) and functions over ``max_function`` lines (key
    ``"path::Class.method"``, nested functions as ``"outer.inner"``) under ``root``, with their size in lines.
    Raises ``SyntaxError`` when a file does not parse."""
    found: dict[str, int] = {}
    for path in python_files(root, packages):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(root).as_posix()
        lines = len(text.splitlines())
        if lines > max_module:
            found[rel] = lines
        for name, size in _functions(ast.parse(text, filename=str(path))):
            if size > max_function:
                found[f"{rel}::{name}"] = size
    return found


def size_problems(found: Mapping[str, int], known: Mapping[str, int]) -> list[str]:
    """What is wrong with ``found`` (``sizes_over_limit``) against the allow-list ``known`` (name -> lines):
    new offenders, listed offenders that grew, listed ones now within limits. Empty when all is well."""
    problems = []
    for name, size in sorted(found.items()):
        if name not in known:
            problems.append(f"{name} is {size} lines, over the limit: split it (new offender)")
        elif size > known[name]:
            problems.append(f"{name} grew from {known[name]} to {size} lines: the list can only shrink")
    problems += [f"{name} is within the limits now: remove it from the list KNOWN_OVER_LIMIT"
                 for name in sorted(set(known) - set(found))]
    return problems


def import_problems(found: set[str], known: frozenset[str] | set[str]) -> list[str]:
    """What is wrong with ``found`` (``upward_imports``) against the allow-list ``known``: new upward imports
    and listed ones that are gone. Empty when all is well."""
    problems = [f"{item}: an upward import (dependencies flow down, see tests/test_structure.py)"
                for item in sorted(found - set(known))]
    problems += [f"{item} is gone: remove it from the list KNOWN_UPWARD_IMPORTS"
                 for item in sorted(set(known) - found)]
    return problems


def test_the_checkers_read_the_real_packages():
    files = list(python_files(ROOT))
    assert {path.relative_to(ROOT).parts[0] for path in files} == set(PACKAGES)
    assert len(files) > 80
    assert "dialogues.messages" in imported_modules(ROOT, ROOT / "bot" / "pipeline.py")


def test_imports_flow_down():
    problems = import_problems(upward_imports(ROOT), KNOWN_UPWARD_IMPORTS)
    assert not problems, "\n".join(problems)


def test_size_limits():
    problems = size_problems(sizes_over_limit(ROOT), KNOWN_OVER_LIMIT)
    assert not problems, "\n".join(problems)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _function(name: str, lines: int, indent: str = "") -> str:
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 1))
    return f"{indent}def {name}():\n{body}"


def test_a_new_offender_in_a_temporary_tree_fails(tmp_path):
    for package in PACKAGES:
        _write(tmp_path / package / "__init__.py", "")
    _write(tmp_path / "bot" / "config.py", "import services.db\nimport dialogues\n")  # bot may import all
    _write(tmp_path / "services" / "db.py", "from .models import Base\nimport sqlalchemy\n")
    _write(tmp_path / "services" / "late.py", "def f():\n    from bot.config import settings\n")
    _write(tmp_path / "dialogues" / "engine.py",
           "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot import messages\n")
    _write(tmp_path / "console" / "views.py", "import importlib\nimportlib.import_module('bot.app')\n")
    _write(tmp_path / "nlu" / "components" / "x.py", "from ...dialogues import schema\nfrom .. import cli\n")
    _write(tmp_path / "locales" / "__init__.py", "import services.geo\n")
    _write(tmp_path / "services" / "migrations" / "versions" / "0001.py", "import bot.config\n"
           + _function("upgrade", 200))
    _write(tmp_path / "services" / "long.py", _function("ok", 80) + _function("too_long", 81)
           + "class C:\n" + _function("method", 90, "    "))
    _write(tmp_path / "bot" / "big.py", "x = 1\n" * 601)
    _write(tmp_path / "bot" / "fits.py", "x = 1\n" * 600)

    assert upward_imports(tmp_path) == {
        "services/late.py -> bot.config",
        "dialogues/engine.py -> bot",
        "console/views.py -> bot.app",
        "nlu/components/x.py -> dialogues",
        "locales/__init__.py -> services.geo",
    }
    assert sizes_over_limit(tmp_path) == {
        "services/long.py::too_long": 81, "services/long.py::C.method": 90, "bot/big.py": 601}
    problems = size_problems(sizes_over_limit(tmp_path), {}) + import_problems(upward_imports(tmp_path), set())
    assert len(problems) == 8
    assert all("new offender" in p or "upward import" in p for p in problems)


def test_the_allow_lists_can_only_shrink(tmp_path):
    _write(tmp_path / "bot" / "big.py", "x = 1\n" * 700)
    _write(tmp_path / "services" / "db.py", "import bot.config\n")
    found = sizes_over_limit(tmp_path)

    assert size_problems(found, {"bot/big.py": 750}) == []  # shrank, still over: fine
    assert size_problems(found, {"bot/big.py": 700}) == []
    assert size_problems(found, {"bot/big.py": 650}) == [
        "bot/big.py grew from 650 to 700 lines: the list can only shrink"]
    assert size_problems(found, {"bot/big.py": 700, "bot/small.py::f": 90}) == [
        "bot/small.py::f is within the limits now: remove it from the list KNOWN_OVER_LIMIT"]

    imports = upward_imports(tmp_path)
    assert import_problems(imports, {"services/db.py -> bot.config"}) == []
    assert import_problems(imports, {"services/db.py -> bot.config", "services/cli.py -> bot.config"}) == [
        "services/cli.py -> bot.config is gone: remove it from the list KNOWN_UPWARD_IMPORTS"]
