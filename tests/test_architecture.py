"""The house rules of the code's layout, checked on the source itself (issue 11).

The layers run one way: the command line → plans → clinic rules → core, with the renderers
beside the plans (they may use rules and core, never plans or the command line). typer belongs to
the command line alone and rich to the command line and the renderers. Every import counts,
including those inside functions, so a cycle cannot hide in a lazy import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "ldn_titrate"
# What each layer may import from ldn_titrate besides itself (None: the top, anything).
MAY_IMPORT: dict[str, set[str]] = {
    "core": {"core"},
    "rules": {"core", "rules"},
    "render": {"core", "rules", "render"},
    "plans": {"core", "rules", "render", "plans"},
}
TOP_LEVEL = {"ldn_titrate", "ldn_titrate.__main__", "ldn_titrate.entry"}
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and module not in TOP_LEVEL else "top"


def imports(path: Path) -> Iterator[tuple[str, list[str], int]]:
    return imports_of(path.read_text(encoding="utf-8"))


def imports_of(source: str) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for every import in the source."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names], node.lineno


def project_edges(module: str) -> set[str]:
    """The ldn_titrate modules ``module`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    edges = set()
    for target, names, _ in imports(MODULES[module]):
        if not target.startswith("ldn_titrate"):
            continue
        subs = [f"{target}.{name}" for name in names if f"{target}.{name}" in MODULES]
        edges.update(subs or [target])
    edges.discard(module)
    return {edge for edge in edges if edge in MODULES}


def test_there_is_no_import_cycle() -> None:
    graph = {module: project_edges(module) for module in MODULES}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module)


def layer_violations(module: str, source: str) -> list[str]:
    """Each import of ``source`` (as module ``module``) that breaks the layer rules."""
    own = layer(module)
    allowed = MAY_IMPORT.get(own)
    found = []
    for target, _, line in imports_of(source):
        top = target.split(".")[0]
        if top == "typer" and own != "cli":
            found.append(f"{line}: only the command line imports typer")
        if top == "rich" and own not in {"cli", "render"}:
            found.append(f"{line}: only cli and render import rich")
        upward = top == "ldn_titrate" and target != "ldn_titrate" and allowed is not None
        if upward and layer(target) not in (allowed or set()):
            found.append(f"{line}: {own} may not import {target}")
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers_only(module: str) -> None:
    assert layer_violations(module, MODULES[module].read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_is_imported_from_another_module(module: str) -> None:
    for target, names, line in imports(MODULES[module]):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if target.startswith("ldn_titrate") and private:
            pytest.fail(
                f"{MODULES[module].relative_to(ROOT)}:{line} imports {private} from {target}"
            )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by job"


PACKAGES = sorted(m for m, p in MODULES.items() if p.name == "__init__.py")


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_says_what_lives_there_and_what_it_may_import(package: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8")))
    assert docstring, f"{package} has no docstring"
    words = docstring.lower()
    assert len(docstring) > 150, f"{package}: say what lives here and what it may import"
    assert "import" in words, f"{package}: say what it may import"


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("ldn_titrate.core.engine", "from ldn_titrate.rules.policy import Policy"),
        ("ldn_titrate.rules.checks", "def f():\n    from ldn_titrate.plans import planning"),
        ("ldn_titrate.render.table", "from ldn_titrate.plans.status import status"),
        ("ldn_titrate.plans.planning", "import typer"),
        ("ldn_titrate.rules.policy", "from rich.table import Table"),
    ],
)
def test_the_layer_check_catches_an_upward_import(module: str, source: str) -> None:
    assert len(layer_violations(module, source)) == 1


def test_the_readme_tree_matches_the_package() -> None:
    """The map of record, "How the code is laid out" (docs/development/layout.md), names every
    subpackage, and only real ones."""
    layout = (ROOT / "docs" / "development" / "layout.md").read_text(encoding="utf-8")
    section = layout.split("# How the code is laid out", 1)[1]
    tree = section.split("```text\n", 1)[1].split("```", 1)[0]
    listed: set[str] = set()
    stack: list[str] = []
    for line in tree.splitlines()[1:]:
        name = line.strip().split()[0]
        depth = (len(line) - len(line.lstrip())) // 2 - 1
        if not name.endswith("/"):
            assert (PACKAGE / "/".join([*stack[:depth], name])).is_file(), name
            continue
        stack[depth:] = [name.rstrip("/")]
        listed.add("/".join(stack))
    packages = {
        str(path.parent.relative_to(PACKAGE))
        for path in PACKAGE.rglob("__init__.py")
        if path.parent != PACKAGE and "kinds" not in path.parent.parts
    }
    assert listed == packages
