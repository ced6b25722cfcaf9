"""The six languages: every message and label translated, placeholders and markup kept, and
CLDR's names, plural rules and dates used as each language writes them."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from builder.data.i18n import (
    SITE_LANGUAGES,
    autonym,
    best_translation,
    catalogue_path,
    format_partial_date,
    translations,
)
from builder.data.vocabularies import load_vocabularies, missing_labels
from builder.tools import catalogues
from tests.support import REPO, SCHEMA

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?(\w+)[^>]*>")


@pytest.fixture(scope="module")
def template() -> dict[tuple[str, str | None], object]:
    catalog = catalogues.template(REPO / "mkdocs.yml")
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in catalog if m.id}


def read(language: str):
    with open(catalogue_path(language), "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", catalogues.TRANSLATED_LANGUAGES)
def test_every_message_is_translated(language: str, template: dict) -> None:
    catalog = read(language)
    found = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in catalog if m.id}
    assert sorted(set(template) - set(found)) == [], "run: python -m builder catalogues"
    assert catalogues.untranslated(catalog) == []


@pytest.mark.parametrize("language", catalogues.TRANSLATED_LANGUAGES)
def test_translations_keep_placeholders_and_markup(language: str) -> None:
    for message in read(language):
        if not message.id:
            continue
        originals = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected_names = set(PLACEHOLDER.findall(originals[-1]))
        expected_tags = sorted(TAG.findall(originals[0]))
        for string in strings:
            if string:
                assert set(PLACEHOLDER.findall(string)) <= expected_names | {"count"}, string
                assert sorted(TAG.findall(string)) == expected_tags, string


def test_every_vocabulary_term_has_a_label_in_every_language() -> None:
    assert list(missing_labels(load_vocabularies(SCHEMA))) == []


def test_plural_forms_follow_each_language() -> None:
    arabic = translations("ar")
    forms = {
        arabic.ngettext("%(count)s country", "%(count)s countries", n)
        for n in (0, 1, 2, 3, 11, 100)
    }
    assert len(forms) == 6, "Arabic has six plural forms"
    russian = translations("ru")
    one, few, many = (
        russian.ngettext("%(count)s country", "%(count)s countries", n) for n in (1, 3, 5)
    )
    assert len({one, few, many}) == 3
    chinese = translations("zh")
    assert chinese.ngettext("%(count)s country", "%(count)s countries", 1) == chinese.ngettext(
        "%(count)s country", "%(count)s countries", 7
    )


def test_names_and_dates_come_from_cldr() -> None:
    assert [autonym(language) for language in SITE_LANGUAGES] == [
        "العربية", "中文", "English", "Français", "Русский", "Español",
    ]  # fmt: skip
    assert format_partial_date("2021-04", "fr") == "avril 2021"
    assert format_partial_date("2021-04-07", "es") == "7 de abril de 2021"
    assert format_partial_date("2019", "zh") == "2019"
    vocab = load_vocabularies(SCHEMA)
    assert vocab.countries["CI"].name("fr") == "Côte d\u2019Ivoire"
    assert vocab.countries["CN"].name("ar") == "الصين"


@pytest.mark.parametrize(
    ("original", "translated", "language", "shown"),
    [
        ("es", ["en", "fr"], "fr", "fr"),
        ("es", ["en", "fr"], "es", None),
        ("en", ["pt-BR", "zh-Hans"], "zh", "zh-Hans"),
        ("pt-BR", ["en"], "fr", None),
        ("fr-CA", ["en"], "fr", None),
    ],
)
def test_a_reader_sees_a_translation_into_their_language(
    original: str, translated: list[str], language: str, shown: str | None
) -> None:
    assert best_translation(original, translated, language) == shown
