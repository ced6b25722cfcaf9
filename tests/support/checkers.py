"""The accessibility and HTML checkers that `make test` installs from npm (package.json):
axe-core, run inside Chromium on a page, and the Nu HTML Checker (vnu.jar, on Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from tests.support import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


def axe_violations(driver: WebDriver) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page the browser shows, each with its
    impact, rule and the elements it found."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(JSON.stringify(r.violations)),"
        " e => done(JSON.stringify({error: String(e)})));",
        WCAG,
    )
    found = json.loads(result)
    if isinstance(found, dict):
        raise RuntimeError(found["error"])
    return [
        {
            "impact": v["impact"],
            "rule": v["id"],
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
