"""A small atlas for end-to-end tests: one ordinary initiative and one whose every text field
tries to break out of the place it is shown in."""

from __future__ import annotations

from pathlib import Path

from tests.support import copy_site_setup, write_initiative

HOSTILE_TITLE = "`${window.__pwned=1}` </script><script>window.__pwned=1</script> ${alert(1)}"
PAYLOADS = {
    "title": HOSTILE_TITLE,
    "summary": '"><img src=x onerror=alert(1)> Example summary for the test atlas.',
    "description": (
        "`<img src=x onerror=alert(1)>`\n\n[x](javascript:alert(1)) <javascript:alert(1)> "
        "``</code><script>alert(1)</script>``"
    ),
    "organization": "</bdi><script>alert(1)</script>",
    "alt": '" onmouseover="alert(1)',
    "contributor": "{{ config }} {% raw %} --8<-- '/etc/passwd'",
}
SOURCE_DATE_EPOCH = "1700000000"


def hostile_yaml(slug: str) -> str:
    quoted = {k: v.replace("\\", "\\\\").replace('"', '\\"') for k, v in PAYLOADS.items()}
    description = PAYLOADS["description"].replace("\n", "\n  ")
    return f"""id: {slug}
title: "{quoted["title"]}"
summary: "{quoted["summary"]}"
description: |
  {description}
  A fictional example that tries to break out of every place its text appears.
language: en
categories: [environment-climate, health]
solidarity: reactive
countries: [KE]
location: {{lat: -4.04, lon: 39.67, precision: city}}
organizations:
  - {{name: "{quoted["organization"]}", type: network, website: "https://example.org"}}
links:
  - {{title: "{quoted["title"]}", url: "https://example.org/a"}}
images:
  - file: images/river.png
    alt: "{quoted["alt"]}"
    caption: "{quoted["title"]}"
    credit: "{quoted["organization"]}"
    license: CC0-1.0
    people_identifiable: false
contributor: "{quoted["contributor"]}"
added: "2025-06-02"
"""


def make_site(root: Path) -> Path:
    copy_site_setup(root)
    write_initiative(root, "river-keepers")
    write_initiative(root, "hostile-text", text=hostile_yaml("hostile-text"))
    return root
