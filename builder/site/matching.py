"""Connect initiatives: who could help whom (seeks met by offers), and what is related (shared
categories and rights).

Every match comes from an index by term (kind of help, category, article), so the cost grows
with the number of matches shown, not with the square of the atlas: each term's members are
kept in a fixed, shuffled-by-hash order, and an initiative looks at no more than
`CANDIDATES_PER_TERM` of them per term before ranking.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from builder.data.model import Atlas, Initiative

SHOWN = 6
CANDIDATES_PER_TERM = 12


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


@dataclass(frozen=True)
class _Facts:
    """What matching needs of an initiative, computed once."""

    order: str
    codes: frozenset[str]
    south: bool
    seeks: tuple[str, ...]
    offers: tuple[str, ...]
    related: tuple[str, ...]
    """Its categories, then its articles ("udhr-N")."""


class Matcher:
    """The indexes of one atlas, built once, and the connections of each initiative."""

    def __init__(self, atlas: Atlas) -> None:
        self.today = atlas.today
        self.facts = {i.slug: self._facts(i) for i in atlas.initiatives}
        facts = self.facts
        self.offering = self._index(atlas.initiatives, lambda i: facts[i.slug].offers)
        self.seeking = self._index(atlas.initiatives, lambda i: facts[i.slug].seeks)
        self.related = self._index(atlas.initiatives, lambda i: facts[i.slug].related)

    def _facts(self, one: Initiative) -> _Facts:
        return _Facts(
            order=_order(one.slug),
            codes=frozenset(c.code for c in one.countries),
            south=all(c.south for c in one.countries),
            seeks=one.sought(self.today),
            offers=tuple(sorted({n.type.id for n in one.offers})),
            related=(*sorted(c.id for c in one.categories), *(f"udhr-{a}" for a in one.rights)),
        )

    def _index(
        self, initiatives: Iterable[Initiative], terms_of: Callable[[Initiative], Iterable[str]]
    ) -> dict[str, list[Initiative]]:
        """For each term, its initiatives in the fixed order; only the first few are read."""
        members: dict[str, list[Initiative]] = defaultdict(list)
        for initiative in initiatives:
            for term in terms_of(initiative):
                members[term].append(initiative)
        order = self.facts
        return {
            term: sorted(found, key=lambda i: order[i.slug].order)[: CANDIDATES_PER_TERM + 1]
            for term, found in members.items()
        }

    def _candidates(
        self, one: Initiative, terms: Iterable[str], index: dict[str, list[Initiative]]
    ) -> dict[str, tuple[Initiative, set[str]]]:
        found: dict[str, tuple[Initiative, set[str]]] = {}
        for term in terms:
            for other in index.get(term, ()):
                if other.slug != one.slug:
                    found.setdefault(other.slug, (other, set()))[1].add(term)
        return found

    def _rank(
        self, one: Initiative, found: dict[str, tuple[Initiative, set[str]]]
    ) -> tuple[Match, ...]:
        """Initiatives in other countries first, then the most shared, then the fixed order."""
        mine = self.facts[one.slug]

        def key(item: tuple[Initiative, set[str]]) -> tuple[bool, int, str]:
            facts = self.facts[item[0].slug]
            return bool(mine.codes & facts.codes), -len(item[1]), facts.order

        best = heapq.nsmallest(SHOWN, found.values(), key=key)
        return tuple(
            Match(other, tuple(sorted(shared)), mine.south and self.facts[other.slug].south)
            for other, shared in best
        )

    def connections(self, one: Initiative) -> Connections:
        facts = self.facts[one.slug]
        return Connections(
            could_help=self._rank(one, self._candidates(one, facts.seeks, self.offering)),
            could_be_helped=self._rank(one, self._candidates(one, facts.offers, self.seeking)),
            related=self._rank(one, self._candidates(one, facts.related, self.related)),
        )
