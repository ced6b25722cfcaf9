"""The accessibility and HTML checkers that `make test` installs from npm (package.json):
axe-core, run inside Chromium on a page, and the Nu HTML Checker (vnu.jar, on Java)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from tests.support import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
_RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, iframes: false,
                   resultTypes: ['violations']})
  .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));
"""
"""Frames are left out: each map document is checked as a page of its own."""


def load_axe_in_every_page(driver: WebDriver) -> None:
    """axe-core in every document the browser opens from now on, sent to it once."""
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": AXE.read_text(encoding="utf-8")}
    )


def axe_violations(driver: WebDriver) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page the browser shows, each with its
    impact, rule, how many elements it found and the first of them."""
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = json.loads(driver.execute_async_script(_RUN_AXE, WCAG))
    if isinstance(found, dict):
        raise RuntimeError(found["error"])
    return [
        {
            "impact": v["impact"],
            "rule": v["id"],
            "nodes": len(v["nodes"]),
            "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]][:5],
        }
        for v in found
    ]


def vnu_errors(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu HTML Checker's errors in HTML files, with file, line and message."""
    java = shutil.which("java") or "java"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        {
            "file": m.get("url", "").removeprefix("file:"),
            "line": m.get("lastLine"),
            "message": m.get("message", ""),
            "extract": m.get("extract", ""),
        }
        for m in messages
        if m.get("type") == "error"
    ]


@dataclass(frozen=True)
class ThemeError:
    """An error the checker finds in markup that only mkdocs-material writes, and why the atlas
    leaves it: each is recognised by its message and by the theme's own markup around it."""

    message: re.Pattern[str]
    markup: re.Pattern[str]
    reason: str


THEME_ERRORS = (
    ThemeError(
        re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"'),
        "base.html's two hidden checkboxes that open the menu and the search carry "
        "autocomplete=off so that browsers do not restore them open; browsers ignore it on a "
        "checkbox, and changing it means copying the theme's whole base template",
    ),
    ThemeError(
        re.compile(r"Bad value “” for attribute “tabindex” on element “label”"),
        re.compile(r'<label class="md-nav__link" for="__nav_\d+(_\d+)*" id="__nav_[\d_]+_label"'),
        "partials/nav-item.html writes an empty tabindex on the labels of navigation sections; "
        "browsers treat it as no tabindex (the sections stay reachable), and the partial is "
        "150 lines of the theme's navigation to copy",
    ),
    ThemeError(
        re.compile(r"The value of the “for” attribute of the “label” element must be the ID"),
        re.compile(r'<label class="md-nav__title" for="__toc">'),
        "partials/toc.html names the table of contents with a label for the checkbox that "
        "partials/nav-item.html writes only for pages in the navigation; the design note "
        "(docs/design.md) is left out of the readers' menus on purpose, so its label has no "
        "checkbox, and the page's contents work without it",
    ),
)


def ours(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors in markup of ours: every error but those of THEME_ERRORS."""
    return [
        error
        for error in errors
        if not any(
            known.message.search(error["message"]) and known.markup.search(error["extract"])
            for known in THEME_ERRORS
        )
    ]
