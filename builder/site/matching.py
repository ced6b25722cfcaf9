"""Connect initiatives: who could help whom (seeks met by offers), and what is related (shared
categories and rights).

Every match comes from an index by term (kind of help, category, article), so the cost grows
with the number of matches shown, not with the square of the atlas: each term's members are
kept in a fixed, shuffled-by-hash order, and an initiative looks at no more than
`CANDIDATES_PER_TERM` of them per term before ranking.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from builder.data.model import Atlas, Initiative

SHOWN = 6
CANDIDATES_PER_TERM = 24


@dataclass(frozen=True)
class Match:
    initiative: Initiative
    shared: tuple[str, ...]
    """The ids of what connects the two: kinds of help, or categories."""
    south_south: bool


@dataclass(frozen=True)
class Connections:
    could_help: tuple[Match, ...]
    """Initiatives whose offers meet this one's seeks."""
    could_be_helped: tuple[Match, ...]
    """Initiatives whose seeks this one's offers meet."""
    related: tuple[Match, ...]
    """Initiatives that share categories and rights with this one."""


def _order(slug: str) -> str:
    """A fixed order that does not favour the start of the alphabet."""
    return hashlib.sha256(slug.encode()).hexdigest()


def index_by(
    initiatives: Iterable[Initiative], terms_of: Callable[[Initiative], Iterable[str]]
) -> dict[str, list[Initiative]]:
    members: dict[str, list[Initiative]] = defaultdict(list)
    for initiative in initiatives:
        for term in terms_of(initiative):
            members[term].append(initiative)
    return {term: sorted(found, key=lambda i: _order(i.slug)) for term, found in members.items()}


def both_south(one: Initiative, other: Initiative) -> bool:
    """Both ends of the link in the Global South."""
    return all(c.south for c in one.countries + other.countries)


def _rank(one: Initiative, found: dict[str, tuple[Initiative, set[str]]]) -> tuple[Match, ...]:
    """Initiatives in other countries first, then the most shared, then the fixed order."""
    here = {c.code for c in one.countries}

    def key(item: tuple[Initiative, set[str]]) -> tuple[bool, int, str]:
        other, shared = item
        same_country = bool(here & {c.code for c in other.countries})
        return same_country, -len(shared), _order(other.slug)

    best = sorted(found.values(), key=key)[:SHOWN]
    return tuple(Match(other, tuple(sorted(shared)), both_south(one, other)) for other, shared in best)


def _candidates(
    one: Initiative, terms: Iterable[str], index: dict[str, list[Initiative]]
) -> dict[str, tuple[Initiative, set[str]]]:
    found: dict[str, tuple[Initiative, set[str]]] = {}
    for term in terms:
        for other in index.get(term, [])[: CANDIDATES_PER_TERM + 1]:
            if other.slug != one.slug:
                found.setdefault(other.slug, (other, set()))[1].add(term)
    return found


class Matcher:
    """The indexes of one atlas, built once, and the connections of each initiative."""

    def __init__(self, atlas: Atlas) -> None:
        initiatives = atlas.initiatives
        self.offering = index_by(initiatives, lambda i: {n.type.id for n in i.offers})
        self.seeking = index_by(initiatives, lambda i: {n.type.id for n in i.seeks})
        self.by_category = index_by(initiatives, lambda i: {c.id for c in i.categories})
        self.by_right = index_by(initiatives, lambda i: {f"udhr-{a}" for a in i.rights})

    def connections(self, one: Initiative) -> Connections:
        seeks = {n.type.id for n in one.seeks}
        offers = {n.type.id for n in one.offers}
        categories = {c.id for c in one.categories}
        related = _candidates(one, sorted(categories), self.by_category)
        for slug, (other, shared) in _candidates(
            one, sorted(f"udhr-{a}" for a in one.rights), self.by_right
        ).items():
            related.setdefault(slug, (other, set()))[1].update(shared)
        return Connections(
            could_help=_rank(one, _candidates(one, sorted(seeks), self.offering)),
            could_be_helped=_rank(one, _candidates(one, sorted(offers), self.seeking)),
            related=_rank(one, related),
        )
