"""The controlled vocabularies and the country table, read from schema/ as plain data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARIES_FILE = "vocabularies.yaml"
COUNTRIES_FILE = "countries.tsv"


@dataclass(frozen=True)
class Term:
    id: str
    title: str
    description: str = ""
    url: str = ""


@dataclass(frozen=True)
class Category(Term):
    udhr: tuple[int, ...] = ()
    sdgs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Country:
    code: str
    numeric: str
    name: str
    subregion: str
    region: str
    south: bool


@dataclass(frozen=True)
class Vocabularies:
    categories: dict[str, Category]
    groups: dict[str, Term]
    organization_types: dict[str, Term]
    solidarity: dict[str, Term]
    precisions: dict[str, Term]
    licenses: dict[str, Term]
    udhr: dict[int, str]
    sdgs: dict[int, str]
    countries: dict[str, Country]

    def enum(self, name: str) -> list[str]:
        """The ids of one vocabulary, in file order, as the schema's enums list them."""
        return list(getattr(self, name))


def _terms(entries: list[dict[str, Any]], kind: type[Term] = Term) -> dict[str, Any]:
    terms = {}
    for entry in entries:
        fields = dict(entry)
        if kind is Category:
            fields["udhr"] = tuple(fields["udhr"])
            fields["sdgs"] = tuple(fields["sdgs"])
        terms[fields["id"]] = kind(**fields)
    return terms


@cache
def load_vocabularies(schema_dir: Path) -> Vocabularies:
    with open(schema_dir / VOCABULARIES_FILE, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return Vocabularies(
        categories=_terms(raw["categories"], Category),
        groups=_terms(raw["groups"]),
        organization_types=_terms(raw["organization_types"]),
        solidarity=_terms(raw["solidarity"]),
        precisions=_terms(raw["precisions"]),
        licenses=_terms(raw["licenses"]),
        udhr={int(k): v for k, v in raw["udhr"].items()},
        sdgs={int(k): v for k, v in raw["sdgs"].items()},
        countries=load_countries(schema_dir / COUNTRIES_FILE),
    )


def load_countries(path: Path) -> dict[str, Country]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {
            row["code"]: Country(
                row["code"],
                row["numeric"],
                row["name"],
                row["subregion"],
                row["region"],
                row["south"] == "yes",
            )
            for row in rows
        }
