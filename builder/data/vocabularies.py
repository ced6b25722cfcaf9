"""The controlled vocabularies and the country table, read from schema/ as plain data.

English labels live in `vocabularies.yaml`, beside the ids; each other site language has a
file `labels/<lang>.yaml` with the same structure by id, so that a translator edits one file.
Country and M49 sub-region names come from CLDR (Babel); the UN regions as the atlas groups
them (such as "Latin America and the Caribbean") are not in CLDR and are labelled here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.data.i18n import (
    DEFAULT_LANGUAGE,
    SITE_LANGUAGES,
    country_name,
    primary,
    territory_name,
)

VOCABULARIES_FILE = "vocabularies.yaml"
COUNTRIES_FILE = "countries.tsv"
LABELS_DIR = "labels"
TERM_VOCABULARIES = (
    "categories",
    "groups",
    "organization_types",
    "solidarity",
    "precisions",
    "help",
    "licenses",
    "regions",
)
NUMBERED_VOCABULARIES = ("udhr", "sdgs")


@dataclass(frozen=True)
class Label:
    """One text in each site language; English is always there."""

    texts: tuple[tuple[str, str], ...]

    def get(self, language: str) -> str:
        found = dict(self.texts)
        return found.get(primary(language)) or found[DEFAULT_LANGUAGE]

    @property
    def english(self) -> str:
        return self.get(DEFAULT_LANGUAGE)

    def languages(self) -> set[str]:
        return {language for language, text in self.texts if text}

    @classmethod
    def of(cls, texts: dict[str, str]) -> Label:
        return cls(tuple(sorted((k, v) for k, v in texts.items() if v)))


NO_LABEL = Label(((DEFAULT_LANGUAGE, ""),))


@dataclass(frozen=True)
class Term:
    id: str
    title: Label
    description: Label = NO_LABEL
    url: str = ""
    aliases: tuple[str, ...] = ()
    """Other names people give the term, in any language, for the validator's suggestions."""


@dataclass(frozen=True)
class Category(Term):
    udhr: tuple[int, ...] = ()
    sdgs: tuple[int, ...] = ()
    icon: str = ""
    """One of the icons bundled with the site's theme, as `material/peace` (see docs/design.md)."""


@dataclass(frozen=True)
class Region(Term):
    m49: str = ""


@dataclass(frozen=True)
class Country:
    code: str
    numeric: str
    english_name: str
    subregion: Label
    region: Label
    region_id: str
    """The region's id in vocabularies.yaml (its English name, as in countries.tsv)."""
    south: bool
    names: Label = field(default=NO_LABEL)

    def name(self, language: str) -> str:
        return self.names.get(language)


@dataclass(frozen=True)
class Vocabularies:
    categories: dict[str, Category]
    groups: dict[str, Term]
    organization_types: dict[str, Term]
    solidarity: dict[str, Term]
    precisions: dict[str, Term]
    help: dict[str, Term]
    licenses: dict[str, Term]
    regions: dict[str, Region]
    udhr: dict[int, Label]
    sdgs: dict[int, Label]
    countries: dict[str, Country]

    def enum(self, name: str) -> list[str]:
        """The ids of one vocabulary, in file order, as the schema's enums list them."""
        return list(getattr(self, name))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it: the labels files are read on every check."""


def _read_yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER) or {}


def _label(english: str, translated: dict[str, Any], key: str | int, part: str) -> Label:
    """A term's title or description from every language's labels file."""
    texts = {DEFAULT_LANGUAGE: english}
    for language, labels in translated.items():
        entry = labels.get(key)
        text = entry.get(part) if isinstance(entry, dict) else entry if part == "title" else None
        if isinstance(text, str):
            texts[language] = text
    return Label.of(texts)


def _terms(
    entries: list[dict[str, Any]], translated: dict[str, Any], kind: type[Term]
) -> dict[str, Any]:
    terms = {}
    for entry in entries:
        fields = dict(entry)
        fields["title"] = _label(entry["title"], translated, entry["id"], "title")
        if "description" in entry:
            fields["description"] = _label(
                entry["description"], translated, entry["id"], "description"
            )
        fields["aliases"] = tuple(entry.get("aliases") or ())
        for numbers in ("udhr", "sdgs"):
            if numbers in fields:
                fields[numbers] = tuple(fields[numbers])
        terms[entry["id"]] = kind(**fields)
    return terms


def _labels_files(schema_dir: Path) -> dict[str, dict[str, Any]]:
    """Each other language's labels file, read once."""
    found = {}
    for language in SITE_LANGUAGES:
        path = schema_dir / LABELS_DIR / f"{language}.yaml"
        if language != DEFAULT_LANGUAGE and path.exists():
            found[language] = _read_yaml(path)
    return found


def _translated(files: dict[str, dict[str, Any]], vocabulary: str) -> dict[str, Any]:
    """Each other language's labels for one vocabulary, by language."""
    return {language: labels.get(vocabulary) or {} for language, labels in files.items()}


@cache
def load_vocabularies(schema_dir: Path) -> Vocabularies:
    raw = _read_yaml(schema_dir / VOCABULARIES_FILE)
    files = _labels_files(schema_dir)
    kinds: dict[str, type[Term]] = {"categories": Category, "regions": Region}
    terms = {
        name: _terms(raw[name], _translated(files, name), kinds.get(name, Term))
        for name in TERM_VOCABULARIES
    }
    numbered = {}
    for name in NUMBERED_VOCABULARIES:
        labels = _translated(files, name)
        numbered[name] = {int(k): _label(v, labels, int(k), "title") for k, v in raw[name].items()}
    regions: dict[str, Region] = terms["regions"]
    return Vocabularies(
        categories=terms["categories"],
        groups=terms["groups"],
        organization_types=terms["organization_types"],
        solidarity=terms["solidarity"],
        precisions=terms["precisions"],
        help=terms["help"],
        licenses=terms["licenses"],
        regions=regions,
        udhr=numbered["udhr"],
        sdgs=numbered["sdgs"],
        countries=load_countries(schema_dir / COUNTRIES_FILE, regions, raw["subregions"]),
    )


def _cldr_label(m49: str, english: str) -> Label:
    return Label.of(
        {language: territory_name(m49, language) or english for language in SITE_LANGUAGES}
    )


def load_countries(
    path: Path, regions: dict[str, Region], subregions: dict[str, str]
) -> dict[str, Country]:
    """Countries with their names in every site language (CLDR), their M49 region as the atlas
    groups them, and their sub-region."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(
            csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        )
    return {
        row["code"]: Country(
            code=row["code"],
            numeric=row["numeric"],
            english_name=row["name"],
            subregion=_cldr_label(subregions.get(row["subregion"], ""), row["subregion"]),
            region=regions[row["region"]].title,
            region_id=row["region"],
            south=row["south"] == "yes",
            names=Label.of(
                {
                    language: country_name(row["code"], language, row["name"])
                    for language in SITE_LANGUAGES
                }
            ),
        )
        for row in rows
    }


def missing_labels(vocab: Vocabularies) -> Iterator[str]:
    """Every vocabulary term without a label in one of the site languages."""
    every = set(SITE_LANGUAGES)
    for name in TERM_VOCABULARIES:
        for term in getattr(vocab, name).values():
            for part in ("title", "description"):
                label = getattr(term, part)
                if label is not NO_LABEL and every - label.languages():
                    for language in sorted(every - label.languages()):
                        yield f"{name}: {term.id} has no {part} in {language}"
    for name in NUMBERED_VOCABULARIES:
        for number, label in getattr(vocab, name).items():
            for language in sorted(every - label.languages()):
                yield f"{name}: {number} has no title in {language}"
