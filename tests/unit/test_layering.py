"""The module map's layering rules (README, "Code map"), held over the import graph:
every ``import`` in ``src/fmcat``, at module level or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src" / "fmcat"


def _module_name(path: Path) -> str:
    parts = ["fmcat", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[tuple[str, str]]:
    """``(module, name)`` pairs imported from fmcat (name "" for ``import x``)."""
    found = set()
    package = _module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {(alias.name, "") for alias in node.names if alias.name.startswith("fmcat")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                if path.name != "__init__.py":
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("fmcat"):
                found |= {(base, alias.name) for alias in node.names}
    return found


MODULES = {_module_name(path): _imports(path) for path in sorted(SRC.rglob("*.py"))}


def _targets(module: str) -> set[str]:
    """The fmcat modules ``module`` imports (``from fmcat import store`` is ``fmcat.store``)."""
    targets = set()
    for base, name in MODULES[module]:
        targets.add(f"{base}.{name}" if f"{base}.{name}" in MODULES else base)
    return targets - {module}


GRAPH = {module: _targets(module) for module in MODULES}


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_graph_is_read():
    assert len(GRAPH) > 40 and "fmcat.store" in GRAPH["fmcat.add"]


def test_no_import_cycle_even_through_imports_inside_functions():
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


CORE = {"fmcat.model", "fmcat.ids", "fmcat.errors", "fmcat.sources.record", "fmcat"}


@pytest.mark.parametrize("module", sorted(CORE - {"fmcat"}))
def test_the_core_imports_nothing_above_it(module):
    assert GRAPH[module] <= CORE


def test_store_knows_nothing_of_the_network_or_rendering():
    assert not {t for t in GRAPH["fmcat.store"] if _under(t, "fmcat.sources", "fmcat.render")}


WRITES = {"edit", "save", "locked"}


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if _under(m, "fmcat.sources", "fmcat.render"))
)
def test_sources_and_render_never_write_through_store(module):
    text = (SRC.parent / Path(*module.split("."))).with_suffix(".py")
    if not text.exists():
        text = SRC.parent / Path(*module.split(".")) / "__init__.py"
    tree = ast.parse(text.read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "store"
    }
    imported = {name for base, name in MODULES[module] if base == "fmcat.store"}
    assert not (used | imported) & WRITES


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _under(m, "fmcat.importers")))
def test_importers_reach_matching_through_match_and_build_through_the_model(module):
    assert not GRAPH[module] & {"fmcat.dedupe", "fmcat.store"}


def test_the_cli_never_builds_entries_records_or_resolvers():
    builders = {
        (base, name)
        for base, name in MODULES["fmcat.cli"]
        if _under(base, "fmcat.sources", "fmcat.normalize")
        or (base == "fmcat.model" and name in {"Entry", "Catalog"})
    }
    assert builders == set()
