"""The layers of builder/ keep their direction, read from the source with `ast`: data never
imports the site or the tools, the site never imports the pipeline or the plugin, each heavy
library has one home, and no module imports itself through others."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support import REPO

BUILDER = REPO / "builder"
ALLOWED = {
    "builder.settings": set(),
    "builder.data": {"builder.data"},
    "builder.site": {"builder.data", "builder.site", "builder.settings"},
    "builder.tools": {
        "builder.data", "builder.site", "builder.tools", "builder.settings", "builder.pipeline",
    },
    "builder.pipeline": {"builder.data", "builder.site", "builder.settings"},
    "builder.plugin": {"builder.data", "builder.site", "builder.settings", "builder.pipeline"},
    "builder.__main__": {
        "builder.data", "builder.site", "builder.tools", "builder.settings", "builder.pipeline",
    },
}  # fmt: skip
"""Which parts of builder/ each part may import."""
HOMES = {
    "mkdocs": ("builder.plugin", "builder.tools.publish"),
    "folium": ("builder.site.maps",),
    "branca": ("builder.site.maps",),
    "PIL": ("builder.data.images",),
    "libzim": ("builder.tools.bundles",),
}
"""Libraries that only their homes may import. MkDocs has two: the plugin (its hooks) and
publish (which runs the builds)."""
SITE_ONLY = {"jinja2", "markdown", "nh3", "markupsafe"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function; `from package import
    module` counts as importing the module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                yield child if child in known else node.module


def import_graph(root: Path = BUILDER) -> dict[str, set[str]]:
    files = sorted(root.rglob("*.py"))
    known = {module_name(path) for path in files}
    return {module_name(path): set(imports_of(path, known)) for path in files}


def part_of(module: str) -> str | None:
    return next((part for part in ALLOWED if module == part or module.startswith(part + ".")), None)


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, imported in sorted(graph.items()):
        part = part_of(module)
        for target in sorted(imported):
            top = target.split(".")[0]
            if top == "builder":
                target_part = part_of(target)
                if part and target_part and target_part not in ALLOWED[part]:
                    allowed = ", ".join(sorted(ALLOWED[part])) or "nothing in builder"
                    found.append(f"{module} imports {target}: {part} may import only {allowed}")
            elif top in HOMES and module not in HOMES[top]:
                found.append(f"{module} imports {target}: only {' and '.join(HOMES[top])} may")
            elif top in SITE_ONLY and part == "builder.data":
                found.append(f"{module} imports {target}: the data layer renders nothing")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or around a loop (the strongly
    connected components of the graph with more than one module, or one importing itself)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in graph:
                continue
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph[module]:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return sorted(found)


def test_every_module_belongs_to_a_part() -> None:
    graph = import_graph()
    assert [m for m in graph if m != "builder" and part_of(m) is None] == []


def test_the_layers_keep_their_direction() -> None:
    assert layer_violations(import_graph()) == []


def test_there_is_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_checks_catch_what_they_are_for() -> None:
    graph = {
        "builder.data.checks": {"builder.site.urls", "PIL.Image", "jinja2"},
        "builder.site.pages": {"builder.pipeline", "folium"},
        "builder.site.urls": {"builder.site.pages"},
        "builder.pipeline": {"builder.site.urls"},
    }
    assert layer_violations(graph) == [
        "builder.data.checks imports PIL.Image: only builder.data.images may",
        "builder.data.checks imports builder.site.urls: builder.data may import only builder.data",
        "builder.data.checks imports jinja2: the data layer renders nothing",
        "builder.site.pages imports builder.pipeline: builder.site may import only "
        "builder.data, builder.settings, builder.site",
        "builder.site.pages imports folium: only builder.site.maps may",
    ]
    assert cycles(graph) == [["builder.pipeline", "builder.site.pages", "builder.site.urls"]]


def test_validate_loads_nothing_of_the_site_renderer(tmp_path: Path) -> None:
    code = (
        "import sys;from builder.__main__ import main;"
        f"main(['validate', '--root', {str(tmp_path)!r}]);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'jinja2', 'markdown', 'nh3', 'folium', 'mkdocs'}))"
    )
    (tmp_path / "initiatives").mkdir()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "[]", result.stdout + result.stderr
