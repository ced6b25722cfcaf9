"""The atlas as templates see it: frozen records built only from data that passed every check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder.data.i18n import best_translation
from builder.data.sources import Source
from builder.data.vocabularies import Category, Country, Term, Vocabularies


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    precision: Term


@dataclass(frozen=True)
class Organization:
    name: str
    type: Term
    website: str


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Picture:
    source: str
    """The original file on disk; only images.py ever opens it."""
    alt: str
    caption: str
    credit: str
    license: Term


@dataclass(frozen=True)
class Period:
    start: str
    end: str


@dataclass(frozen=True)
class Text:
    """An initiative's words in one language: the original, or a translation of it."""

    language: str
    title: str
    summary: str
    description: str
    """Markdown written by the contributor: untrusted until sanitise.render_markdown has run.
    Empty in a translation that leaves the description untranslated."""


@dataclass(frozen=True)
class Initiative:
    slug: str
    title: str
    summary: str
    description: str
    """Markdown written by the contributor: untrusted until pages.render_markdown has run."""
    language: str
    categories: tuple[Category, ...]
    solidarity: Term
    rights: tuple[int, ...]
    sdgs: tuple[int, ...]
    groups: tuple[Term, ...]
    countries: tuple[Country, ...]
    partner_countries: tuple[Country, ...]
    location: Location
    organizations: tuple[Organization, ...]
    period: Period | None
    links: tuple[Link, ...]
    pictures: tuple[Picture, ...]
    contributor: str
    translations: tuple[Text, ...] = ()

    @property
    def original(self) -> Text:
        return Text(self.language, self.title, self.summary, self.description)

    def text_for(self, language: str) -> Text:
        """What a reader of `language` sees: the original when it is in that language, else a
        translation into it, else the original."""
        tags = [text.language for text in self.translations]
        chosen = best_translation(self.language, tags, language)
        return next((t for t in self.translations if t.language == chosen), self.original)

    def description_for(self, language: str) -> Text:
        """The text whose description a reader of `language` sees."""
        shown = self.text_for(language)
        return shown if shown.description else self.original

    @property
    def regions(self) -> tuple[str, ...]:
        """The ids of the M49 regions where the initiative happens."""
        return tuple(sorted({c.region_id for c in self.countries}))

    @property
    def south_south(self) -> bool:
        """Solidarity that flows between countries of the Global South."""
        partners = self.partner_countries
        return bool(partners) and all(c.south for c in self.countries + partners)

    @property
    def sort_key(self) -> tuple[str, str]:
        start = self.period.start if self.period else ""
        return start, self.slug


@dataclass(frozen=True)
class Atlas:
    initiatives: tuple[Initiative, ...]
    vocabularies: Vocabularies

    def in_category(self, category_id: str) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if category_id in {c.id for c in i.categories})

    def in_country(self, code: str) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if code in {c.code for c in i.countries})

    @property
    def countries(self) -> tuple[Country, ...]:
        """Every country with an initiative, by code; pages sort them by name in their language."""
        codes = sorted({c.code for i in self.initiatives for c in i.countries})
        return tuple(self.vocabularies.countries[code] for code in codes)

    @property
    def used_categories(self) -> tuple[Category, ...]:
        used = {c.id for i in self.initiatives for c in i.categories}
        return tuple(c for c in self.vocabularies.categories.values() if c.id in used)

    @property
    def newest(self) -> tuple[Initiative, ...]:
        return tuple(sorted(self.initiatives, key=lambda i: i.sort_key, reverse=True))


def _unique(values: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(values)))


def build_initiative(source: Source, vocab: Vocabularies) -> Initiative:
    """Turn one checked source into its record. Only call this on data with no problems."""
    data: dict[str, Any] = source.data or {}
    categories = tuple(vocab.categories[c] for c in data["categories"])
    location = data["location"]
    period = data.get("period")
    return Initiative(
        slug=source.slug,
        title=data["title"],
        summary=data["summary"],
        description=data["description"],
        language=data["language"],
        categories=categories,
        solidarity=vocab.solidarity[data["solidarity"]],
        rights=_unique(
            data["rights"] if "rights" in data else [a for c in categories for a in c.udhr]
        ),
        sdgs=_unique(data["sdgs"] if "sdgs" in data else [g for c in categories for g in c.sdgs]),
        groups=tuple(vocab.groups[g] for g in data.get("groups", [])),
        countries=tuple(vocab.countries[c] for c in data["countries"]),
        partner_countries=tuple(vocab.countries[c] for c in data.get("partner_countries", [])),
        location=Location(
            float(location["lat"]), float(location["lon"]), vocab.precisions[location["precision"]]
        ),
        organizations=tuple(
            Organization(o["name"], vocab.organization_types[o["type"]], o.get("website", ""))
            for o in data.get("organizations", [])
        ),
        period=Period(str(period["start"]), str(period.get("end", ""))) if period else None,
        links=tuple(Link(link["title"], link["url"]) for link in data.get("links", [])),
        pictures=tuple(
            Picture(
                str(source.folder / image["file"]),
                image["alt"],
                image.get("caption", ""),
                image["credit"],
                vocab.licenses[image["license"]],
            )
            for image in data.get("images", [])
        ),
        contributor=data["contributor"],
        translations=tuple(
            Text(language, text["title"], text["summary"], text.get("description", ""))
            for language, text in sorted(data.get("translations", {}).items())
        ),
    )


def build_atlas(sources: list[Source], vocab: Vocabularies) -> Atlas:
    initiatives = sorted((build_initiative(s, vocab) for s in sources), key=lambda i: i.slug)
    return Atlas(tuple(initiatives), vocab)
