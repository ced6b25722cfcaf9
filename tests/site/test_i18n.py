"""Languages and writing directions."""

from __future__ import annotations

import pytest

from builder.site.i18n import is_rtl


@pytest.mark.parametrize(
    ("language", "rtl"),
    [("ar", True), ("ckb", True), ("pa-Arab", True), ("ku-Latn", False), ("fa-IR", True),
     ("en", False), ("pt-BR", False), ("az-Arab-IR", True)],
)  # fmt: skip
def test_right_to_left_by_script_then_language(language: str, rtl: bool) -> None:
    assert is_rtl(language) is rtl
