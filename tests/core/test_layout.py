"""The house's rules, read from the source: imports point down, modules stay short.

``core`` is the ground floor; ``accounts`` stands on it; ``prospects`` on
those; ``events``, ``sites`` and ``imports`` on ``prospects``; ``reminders``,
``results``, ``finder`` and ``api`` may use all of these; ``demo`` may use every app. ``lozdev``
(settings, root URLs, the Celery app) sits on top and no app imports it,
but for ``lozdev.celery``. Apps on one floor do not import each other.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FLOORS = {
    "core": 0,
    "accounts": 1,
    "prospects": 2,
    "events": 3,
    "sites": 3,
    "imports": 3,
    "directory": 3,
    "reminders": 4,
    "results": 4,
    "finder": 4,
    "api": 4,
    "demo": 5,
}
PROJECT_PACKAGE = "lozdev"
ALLOWED_FROM_PROJECT = {"lozdev.celery"}
MAX_LINES = 400
# A longer module says why in its first lines, with these words.
LONG_MODULE_MARK = "over 400 lines"


def imported_modules(source):
    """Absolute module names imported anywhere in ``source``, function bodies included."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == PROJECT_PACKAGE:
                # ``from lozdev import celery`` names the submodule in the alias.
                names.extend(f"{node.module}.{alias.name}" for alias in node.names)
            else:
                names.append(node.module)
    return names


def layering_violations(root, floors=FLOORS):
    """(file, imported module, reason) for every import that points sideways, up, or into the project package."""
    violations = []
    for app, floor in floors.items():
        for path in sorted((root / app).rglob("*.py")):
            for module in imported_modules(path.read_text(encoding="utf-8")):
                top = module.split(".")[0]
                where = str(path.relative_to(root))
                if top == PROJECT_PACKAGE:
                    if module not in ALLOWED_FROM_PROJECT:
                        violations.append((where, module, "imports the project package"))
                elif top in floors and top != app and floors[top] >= floor:
                    side = "sideways" if floors[top] == floor else "up"
                    violations.append((where, module, f"points {side}: {app} → {top}"))
    return violations


def long_modules(root):
    """Python modules over MAX_LINES lines, outside migrations and tests, that do not say why."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0].startswith(".venv") or parts[0] in {"var", "tests", "node_modules"} or "migrations" in parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        head = "\n".join(text.splitlines()[:15]).lower()
        if lines > MAX_LINES and LONG_MODULE_MARK not in head:
            found.append((str(path.relative_to(root)), lines))
    return found


def test_every_app_is_given_a_floor():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(FLOORS)


def test_imports_point_down_and_never_into_the_project_package():
    assert layering_violations(ROOT) == []


def test_core_imports_no_app_of_ours():
    ours = set(FLOORS) - {"core"}
    for path in (ROOT / "core").rglob("*.py"):
        tops = {module.split(".")[0] for module in imported_modules(path.read_text(encoding="utf-8"))}
        assert not tops & ours, path


def test_no_module_is_over_400_lines_without_saying_why():
    assert long_modules(ROOT) == []


@pytest.mark.parametrize(
    ("app", "source", "reason"),
    [
        ("core", "from prospects.models import Company\n", "points up: core → prospects"),
        ("events", "def f():\n    from sites import selectors\n", "points sideways: events → sites"),
        ("prospects", "from reminders.tasks import x\n", "points up: prospects → reminders"),
        ("sites", "from lozdev.web import local_url\n", "imports the project package"),
        ("sites", "from lozdev import settings\n", "imports the project package"),
    ],
)
def test_the_checker_catches_a_wrong_import(tmp_path, app, source, reason):
    (tmp_path / app).mkdir()
    (tmp_path / app / "module.py").write_text(source)
    assert [violation[2] for violation in layering_violations(tmp_path)] == [reason]


def test_the_checker_lets_imports_point_down(tmp_path):
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "views.py").write_text(
        "from core import tabular\nfrom prospects.models import Project\nfrom lozdev import celery\nfrom . import forms\n"
    )
    assert layering_violations(tmp_path) == []


def test_the_length_rule_accepts_a_reason_and_refuses_silence(tmp_path):
    (tmp_path / "app").mkdir()
    body = "x = 1\n" * (MAX_LINES + 1)
    (tmp_path / "app" / "silent.py").write_text(body)
    (tmp_path / "app" / "explained.py").write_text("# Over 400 lines: one table of data.\n" + body)
    assert long_modules(tmp_path) == [("app/silent.py", MAX_LINES + 1)]
