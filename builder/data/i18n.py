"""The six UN languages: translation catalogues, writing directions, and the names, numbers
and dates that CLDR (through Babel) knows in every language.

Every string a person reads is an English message id in `builder/locales/<lang>/LC_MESSAGES/
atlas.po`, compiled in memory when first used; English needs no catalogue. Country and
language names, plural rules, numbers and dates come from CLDR, never from our own tables.
"""

from __future__ import annotations

import datetime
import gettext
import io
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.units import format_unit

SITE_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official languages of the United Nations, in the order the UN lists them."""
DEFAULT_LANGUAGE = "en"
DOMAIN = "atlas"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"

RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"}
LTR_SCRIPTS = {"Latn", "Cyrl"}


def catalogue_path(language: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of one language (fuzzy entries left out); English has none."""
    path = catalogue_path(language)
    if language == DEFAULT_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def is_rtl(language: str) -> bool:
    """Right-to-left by the script subtag when there is one (pa-Arab, ku-Latn), else by language."""
    parts = language.split("-")
    scripts = {part for part in parts[1:] if len(part) == 4}
    if scripts & RTL_SCRIPTS:
        return True
    return not scripts & LTR_SCRIPTS and parts[0] in RTL_LANGUAGES


def direction(language: str) -> str:
    return "rtl" if is_rtl(language) else "ltr"


def primary(language: str) -> str:
    """The language subtag of a BCP 47 tag: 'pt' of 'pt-BR'."""
    return language.split("-")[0].lower()


def best_translation(original: str, translated: list[str], language: str) -> str | None:
    """Which translation a reader of `language` sees: none when the original is already in
    that language, else the first (sorted) translation into it, if any."""
    if primary(original) == language:
        return None
    return next((tag for tag in sorted(translated) if primary(tag) == language), None)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


def country_name(code: str, language: str, fallback: str) -> str:
    return _locale(language).territories.get(code) or fallback


def territory_name(m49: str, language: str) -> str | None:
    """CLDR's name of a UN M49 region such as '014' (Eastern Africa)."""
    return _locale(language).territories.get(m49)


def language_name(tag: str, language: str) -> str:
    """The name of the language `tag` in `language`, such as 'portugais (Brésil)'."""
    try:
        return _locale(tag).get_display_name(_locale(language)) or tag
    except (UnknownLocaleError, ValueError):
        return tag


def autonym(language: str) -> str:
    """A language's name in itself, as a language menu shows it: 'Français', 'العربية'."""
    name = _locale(language).get_display_name(_locale(language)) or language
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=4096, typed=True)
def format_number(number: int | float, language: str) -> str:
    """Kept: pages print the same counts again and again, and CLDR formatting is slow."""
    return format_decimal(number, locale=_locale(language))


def format_partial_date(text: str, language: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD written the way the language writes such a date."""
    parts = [int(part) for part in text.split("-")]
    day = datetime.date(parts[0], *[*parts[1:], 1, 1][:2])
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return format_skeleton("yMMMM", day, locale=_locale(language))
    return format_date(day, "long", locale=_locale(language))


def format_size(size: int, language: str) -> str:
    """A file's size the way the language writes it: '840 kB', '12.5 MB' (CLDR units)."""
    if size >= 1_000_000:
        return format_unit(
            round(size / 1_000_000, 1), "digital-megabyte", "short", locale=_locale(language)
        )
    return format_unit(
        max(1, round(size / 1000)), "digital-kilobyte", "short", locale=_locale(language)
    )
