"""Languages and writing directions of the text the site shows."""

from __future__ import annotations

RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"}
LTR_SCRIPTS = {"Latn", "Cyrl"}


def is_rtl(language: str) -> bool:
    """Right-to-left by the script subtag when there is one (pa-Arab, ku-Latn), else by language."""
    parts = language.split("-")
    scripts = {part for part in parts[1:] if len(part) == 4}
    if scripts & RTL_SCRIPTS:
        return True
    return not scripts & LTR_SCRIPTS and parts[0] in RTL_LANGUAGES


def direction(language: str) -> str:
    return "rtl" if is_rtl(language) else "ltr"
