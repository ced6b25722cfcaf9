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
class Need:
    """A kind of help an initiative seeks or offers."""

    type: Term
    detail: str


@dataclass(frozen=True)
class Call:
    """A time-bound call for solidarity; shown until the end of its `until` day."""

    title: str
    detail: str
    seeks: tuple[Term, ...]
    until: str

    def is_open(self, today: str) -> bool:
        return self.until >= today


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
    seeks: tuple[Need, ...] = ()
    offers: tuple[Need, ...] = ()
    calls: tuple[Call, ...] = ()
    contact_url: str = ""
    added: str = ""
    """The day the entry was added (YYYY-MM-DD)."""
    updated: str = ""
    """The day the entry last changed in substance; empty until it does."""

    @property
    def changed(self) -> str:
        """The day of the latest news about the entry: updated, else added."""
        return self.updated or self.added

    def open_calls(self, today: str) -> tuple[Call, ...]:
        return tuple(call for call in self.calls if call.is_open(today))

    def sought(self, today: str) -> tuple[str, ...]:
        """The ids of the kinds of help it seeks, in its list or in an open call."""
        calls = {term.id for call in self.open_calls(today) for term in call.seeks}
        return tuple(sorted({need.type.id for need in self.seeks} | calls))

    @property
    def cross_border(self) -> bool:
        """Solidarity that spans more than one country: where it happens and where it comes
        from, together."""
        return len({c.code for c in self.countries + self.partner_countries}) > 1

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


@dataclass(frozen=True)
class Atlas:
    initiatives: tuple[Initiative, ...]
    vocabularies: Vocabularies
    today: str = "1970-01-01"
    """The build's date (YYYY-MM-DD): SOURCE_DATE_EPOCH's day, so that a build is repeatable."""

    @property
    def open_calls(self) -> tuple[tuple[Initiative, Call], ...]:
        """Every open call with its initiative, the soonest to close first."""
        found = [(i, c) for i in self.initiatives for c in i.open_calls(self.today)]
        return tuple(sorted(found, key=lambda pair: (pair[1].until, pair[0].slug)))

    def in_category(self, category_id: str) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if category_id in {c.id for c in i.categories})

    def in_country(self, code: str) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if code in {c.code for c in i.countries})

    def with_right(self, article: int) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if article in i.rights)

    def with_goal(self, goal: int) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if goal in i.sdgs)

    def offering(self, help_id: str) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if help_id in {n.type.id for n in i.offers})

    def seeking(self, help_id: str) -> tuple[Initiative, ...]:
        """Initiatives that seek this help, in what they list or in an open call."""
        return tuple(i for i in self.initiatives if help_id in i.sought(self.today))

    @property
    def cross_border(self) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if i.cross_border)

    def region_links(self) -> dict[tuple[str, str], tuple[int, int]]:
        """For each pair of regions (ids, in order), how many initiatives link a country of
        one with a country of the other, and how many of those links are South-South. An
        initiative links its partner countries with its countries, and its countries with
        each other."""
        counts: dict[tuple[str, str], tuple[int, int]] = {}
        for initiative in self.cross_border:
            south_by_pair: dict[tuple[str, str], bool] = {}
            for one, other in _linked_countries(initiative):
                first, second = sorted((one.region_id, other.region_id))
                south = one.south and other.south
                south_by_pair[(first, second)] = south_by_pair.get((first, second), False) or south
            for pair, south in south_by_pair.items():
                total, southern = counts.get(pair, (0, 0))
                counts[pair] = (total + 1, southern + int(south))
        return counts

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
        """The latest added first; entries added on the same day by id. (The initiatives are
        already in id order, and the sort is stable.)"""
        return tuple(sorted(self.initiatives, key=lambda i: i.added, reverse=True))


def _linked_countries(initiative: Initiative) -> set[tuple[Country, Country]]:
    """The pairs of distinct countries an initiative links."""
    pairs = set()
    places = initiative.countries
    for partner in initiative.partner_countries:
        pairs |= {(partner, place) for place in places if place.code != partner.code}
    for n, one in enumerate(places):
        pairs |= {(one, other) for other in places[n + 1 :]}
    return pairs


def country_links(initiative: Initiative) -> list[tuple[str, str]]:
    """The pairs of country codes an initiative links, for lines on the map."""
    return sorted(
        (min(a.code, b.code), max(a.code, b.code)) for a, b in _linked_countries(initiative)
    )


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
        seeks=_needs(data.get("seeks", []), vocab),
        offers=_needs(data.get("offers", []), vocab),
        calls=tuple(
            Call(
                call["title"],
                call.get("detail", ""),
                tuple(vocab.help[kind] for kind in call["seeks"]),
                call["until"],
            )
            for call in data.get("calls", [])
        ),
        contact_url=data.get("contact_url", ""),
        added=data["added"],
        updated=data.get("updated", ""),
    )


def _needs(entries: list[dict[str, Any]], vocab: Vocabularies) -> tuple[Need, ...]:
    return tuple(Need(vocab.help[entry["type"]], entry.get("detail", "")) for entry in entries)


def build_atlas(sources: list[Source], vocab: Vocabularies, today: str) -> Atlas:
    initiatives = sorted((build_initiative(s, vocab) for s in sources), key=lambda i: i.slug)
    return Atlas(tuple(initiatives), vocab, today)
