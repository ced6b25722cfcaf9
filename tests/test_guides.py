"""The repository's own guides: every local link leads to a file, and the contributor's quick
guide exists in each of the six languages with the same sections and safety rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.data.i18n import SITE_LANGUAGES
from tests.support import REPO

GUIDES = ["README.md", "CONTRIBUTING.md", "SECURITY.md", "TRANSLATING.md"]
QUICK_GUIDES = [REPO / "contributing" / f"{language}.md" for language in SITE_LANGUAGES]
CODE = re.compile(r"`[^`\n]*`")
LOCAL_LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)\s#]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize(
    "guide", [REPO / name for name in GUIDES] + QUICK_GUIDES, ids=lambda p: p.name
)
def test_every_local_link_leads_to_a_file(guide: Path) -> None:
    targets = LOCAL_LINK.findall(CODE.sub("", guide.read_text(encoding="utf-8")))
    missing = [t for t in targets if not (guide.parent / t).exists()]
    assert missing == []


def test_contributing_links_the_quick_guide_in_every_language() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert [f"contributing/{p.name}" in text for p in QUICK_GUIDES] == [True] * len(QUICK_GUIDES)


@pytest.mark.parametrize("guide", QUICK_GUIDES, ids=lambda p: p.stem)
def test_each_quick_guide_keeps_the_english_structure(guide: Path) -> None:
    english = (REPO / "contributing" / "en.md").read_text(encoding="utf-8")
    text = guide.read_text(encoding="utf-8")

    def shape(markdown: str) -> list[str]:
        return [line.split(" ", 1)[0] for line in markdown.splitlines() if line[:1] in "#-"]

    assert shape(text) == shape(english)
    assert LOCAL_LINK.findall(text) == LOCAL_LINK.findall(english)
