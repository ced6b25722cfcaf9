"""The translation catalogues: find every message in the code, templates and mkdocs.yml, and
bring each language's `.po` file in step (`python -m builder catalogues`).

New messages arrive empty in each catalogue for a translator to fill in; messages no longer
used are dropped; a changed English text keeps its old translation marked fuzzy (shown in
English until a translator checks it). See TRANSLATING.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from builder.data.i18n import DEFAULT_LANGUAGE, DOMAIN, LOCALES_DIR, SITE_LANGUAGES, catalogue_path

PACKAGE = Path(__file__).resolve().parent.parent
METHODS = [
    ("**/templates/**.html", "jinja2"),
    ("**/theme/**.html", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "plural_message": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
TRANSLATED_LANGUAGES = [language for language in SITE_LANGUAGES if language != DEFAULT_LANGUAGE]
TEAM = "the Solidarity Atlas translators (see TRANSLATING.md)"
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
"""Catalogues carry no timestamps of their own, so that an update without new messages
changes nothing (Git shows every real change, and only those)."""


@dataclass(frozen=True)
class Message:
    id: str | tuple[str, ...]
    context: str | None
    where: str


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags need no meaning here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_messages(config_file: Path) -> Iterator[Message]:
    """The site's name, description and navigation titles in mkdocs.yml."""
    config: dict[str, Any] = yaml.load(config_file.read_text(encoding="utf-8"), _AnyTagLoader)
    where = config_file.name
    for key in ("site_name", "site_description"):
        if config.get(key):
            yield Message(config[key], None, where)
    for title in nav_titles(config.get("nav") or []):
        yield Message(title, None, where)


def nav_titles(nav: list[Any]) -> Iterator[str]:
    """Every title in a navigation, sections and pages, at any depth."""
    for entry in nav:
        if isinstance(entry, dict):
            for title, target in entry.items():
                yield title
                if isinstance(target, list):
                    yield from nav_titles(target)


def code_messages() -> Iterator[Message]:
    for filename, _line, message, _comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True
    ):
        yield Message(message, context, filename)


def new_catalog(language: str | None = None) -> Catalog:
    return Catalog(
        locale=language,
        domain=DOMAIN,
        header_comment=f"# Solidarity Atlas, {language or 'English'}: see TRANSLATING.md",
        project="Solidarity Atlas",
        version="1",
        copyright_holder="the Solidarity Atlas contributors",
        msgid_bugs_address=TEAM,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        last_translator=TEAM,
        language_team=TEAM,
        fuzzy=False,
    )


def template(config_file: Path) -> Catalog:
    """Every message the site and the tools show, with where each comes from."""
    catalog = new_catalog()
    for message in [*code_messages(), *site_messages(config_file)]:
        catalog.add(message.id, locations=[(message.where, 0)], context=message.context)
    return catalog


def update(config_file: Path, locales_dir: Path = LOCALES_DIR) -> dict[str, int]:
    """Bring every language's catalogue in step; returns how many messages each lacks."""
    pot = template(config_file)
    missing = {}
    for language in TRANSLATED_LANGUAGES:
        path = catalogue_path(language, locales_dir)
        if path.exists():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
        else:
            catalog = new_catalog(language)
        catalog.update(pot, update_header_comment=False, update_creation_date=False)
        catalog.revision_date = FIXED_DATE
        catalog.fuzzy = False
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            write_po(
                handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True
            )
        missing[language] = len(untranslated(catalog))
    return missing


def untranslated(catalog: Catalog) -> list[str]:
    """Messages with no translation, or a fuzzy one (shown in English until checked)."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            found.append(message.id if isinstance(message.id, str) else message.id[0])
    return found
