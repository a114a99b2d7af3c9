"""The package's three layers: core, content (thaw.chapters) and tooling (thaw.book).

Content uses only the core; tooling never imports a chapter; the core imports neither.
So a chapter can be edited without touching the build, and the build can change without
re-running a chapter.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "thaw"
FORBIDDEN = {"core": ("thaw.chapters", "thaw.book"), "chapters": ("thaw.book",), "book": ("thaw.chapters",)}


def layer(path: Path) -> str:
    """The layer a module belongs to: the package folder it is in (thaw/book/sphinxext/ is tooling)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "core"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):  # imports inside functions count too
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_no_module_imports_across_its_layer(path):
    forbidden = FORBIDDEN[layer(path)]
    crossing = sorted(n for n in imported_modules(path) if n.startswith(forbidden))
    assert crossing == [], f"{path.relative_to(PACKAGE)} ({layer(path)}) imports {crossing}"


def test_every_layer_has_its_modules():
    assert {layer(p) for p in MODULES} == set(FORBIDDEN)
    chapters = sorted(p.stem for p in (PACKAGE / "chapters").glob("ch[0-9][0-9]_*.py"))
    notebooks = sorted(p.stem.replace("-", "_") for p in (PACKAGE.parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert chapters == [f"ch{n}" for n in notebooks], "one chapter module per notebook, named after it"
