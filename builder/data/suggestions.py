"""What a contributor most likely meant by a value the atlas does not know: the id of a term
typed as its label in any of the six languages or misspelt, the code of a country typed as its
name, a language's code typed as its name, a date or a number typed the way people write them,
a folder name for a title in any script.

Every suggestion is one the validator can stand behind: a guess that could be wrong in two ways
is not offered (a contributor who follows a hint must end up with what they meant).
"""

# Words of the six languages are written in their own scripts.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii
from babel import Locale
from babel.dates import get_month_names

from builder.data.i18n import SITE_LANGUAGES
from builder.data.vocabularies import Term

CLOSE = 0.8
"""How alike (difflib's ratio) a misspelling and a name must be to be suggested."""
_NOT_WORD = re.compile(r"[\W_]+")
_SPLIT = re.compile(
    r",|;|/|&|\+|\band\b|\bet\b|\by\b|\be\b|\bи\b|、|，|和|及|\bو\b|\bwa\b", re.IGNORECASE
)
_MINOR_WORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "a",
        "an",
        "to",
        "in",
        "on",
        "with",
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "del",
        "y",
        "e",
        "et",
        "en",
        "pour",
        "por",
        "para",
        "и",
        "в",
        "на",
        "для",
        "с",
        "по",
        "的",
        "和",
        "与",
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "بين",
        "و",
    ]
)
COUNTRY_VARIANTS = {
    "USA": "US", "U S A": "US", "U S": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "U K": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Holland": "NL",
    "Ivory Coast": "CI", "Cote d Ivoire": "CI", "Burma": "MM", "Swaziland": "SZ",
    "Czech Republic": "CZ", "Macedonia": "MK", "Cape Verde": "CV", "East Timor": "TL",
    "Timor Leste": "TL", "Palestine": "PS", "State of Palestine": "PS", "Gaza": "PS",
    "West Bank": "PS", "DRC": "CD", "DR Congo": "CD", "D R Congo": "CD",
    "Democratic Republic of the Congo": "CD", "Republic of the Congo": "CG",
    "Congo Brazzaville": "CG", "South Korea": "KR", "Republic of Korea": "KR",
    "North Korea": "KP", "DPRK": "KP", "Laos": "LA", "Syria": "SY", "Iran": "IR", "Vietnam": "VN",
    "Viet Nam": "VN", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD",
    "Russia": "RU", "Russian Federation": "RU", "Turkey": "TR", "Turkiye": "TR",
    "Vatican": "VA", "Holy See": "VA", "Brunei": "BN", "Micronesia": "FM",
    "Sao Tome": "ST", "Kyrgyzstan": "KG", "Kirghizia": "KG", "Byelorussia": "BY",
    "Belarus": "BY", "Emirates": "AE", "UAE": "AE", "U A E": "AE", "KSA": "SA",
    "Saudi": "SA", "PRC": "CN", "Mainland China": "CN", "Taiwan": "TW", "Hong Kong": "HK",
    "Macau": "MO", "Bosnia": "BA", "Herzegovina": "BA", "Trinidad": "TT", "Tobago": "TT",
    "Kosovo": "XK", "Western Sahara": "EH", "Sahrawi Republic": "EH",
}  # fmt: skip
"""Common names of countries that CLDR does not list, in English (CLDR gives the names in the
six languages)."""
OFFICIAL_NAMES = {
    "Кыргызстан": "KG", "Республика Беларусь": "BY", "Кот-д'Ивуар": "CI", "Республика Корея": "KR",
    "Côte d Ivoire": "CI", "República Democrática del Congo": "CD", "Türkiye": "TR",
    "Cabo Verde": "CV", "Eswatini": "SZ", "Myanmar": "MM", "Timor-Leste": "TL",
}  # fmt: skip
"""Countries' own or official names, in the six languages, where CLDR lists another."""
AMBIGUOUS_COUNTRIES = frozenset({"congo", "korea", "guinee", "guinea ecuatorial"})
"""Names that people use for two countries: no suggestion, the hint lists the codes instead."""


def folded(text: str) -> str:
    """A text as compared: case and accents ignored, punctuation as spaces, 'the' dropped."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Choices:
    """The values a field accepts, and every name they are known by (folded) with its value."""

    values: tuple[str, ...]
    names: Mapping[str, str]


def choices(values: Iterable[str], labels: Mapping[str, Iterable[str]] = {}) -> Choices:
    """The choices of a vocabulary: each value is known by itself (with '-' as a space) and by
    each of its labels. A name two values share names neither."""
    owners: dict[str, set[str]] = defaultdict(set)
    values = tuple(values)
    for value in values:
        for name in (value, *labels.get(value, ())):
            if folded(name):
                owners[folded(name)].add(value)
    names = {name: next(iter(found)) for name, found in owners.items() if len(found) == 1}
    return Choices(values, names)


def term_choices(terms: Mapping[str, Term]) -> Choices:
    """A vocabulary's ids, known by their titles in every language and their other names."""
    return choices(
        terms,
        {
            value: [*(text for _, text in term.title.texts), *term.aliases]
            for value, term in terms.items()
        },
    )


def suggest(typed: str, among: Choices) -> list[str]:
    """What `typed` most likely stands for: one value, several when it names several ("peace
    education"), or none when it is too unlike anything or could be two things."""
    key = folded(typed)
    if not key:
        return []
    if key in among.names:
        return [among.names[key]]
    whole = _closest(key, among)
    if whole:
        return [whole]
    return _by_parts(typed, among)


def _closest(key: str, among: Choices) -> str | None:
    close = difflib.get_close_matches(key, list(among.names), n=5, cutoff=CLOSE)
    values = {among.names[name] for name in close if _word_by_word(key, name)}
    if len(values) == 1:
        return values.pop()
    # A name followed only by a version ("CC BY" for "CC BY 4.0") stands for that value.
    versions = {
        value
        for name, value in among.names.items()
        if name.startswith(key + " ") and name[len(key) :].replace(" ", "").isdigit()
    }
    return versions.pop() if len(versions) == 1 else None


def _by_parts(typed: str, among: Choices) -> list[str]:
    """Each part of a text that names several things, or the one value whose names share the
    most words with it ("Sustainable agriculture" -> the category "Sustainable agriculture,
    fishing and food")."""
    parts = [folded(part) for part in _SPLIT.split(typed) if folded(part)]
    if len(parts) > 1:
        found = [suggest(part, among) for part in parts]
        if all(found):
            return list(dict.fromkeys(value for values in found for value in values))
    words = [w for w in folded(typed).split() if w not in _MINOR_WORDS and len(w) > 2]
    matched = _words_matched(words, among)
    common = {
        w for w in words if sum(w in found for found in matched.values()) * 3 > len(among.values)
    }
    words = [w for w in words if w not in common and any(w in f for f in matched.values())]
    matched = {value: found - common for value, found in matched.items() if found - common}
    if not matched:
        return []
    most = max(len(found) for found in matched.values())
    best = [value for value, found in matched.items() if len(found) == most]
    if len(best) == 1 and most == len(words):
        return best
    exact = _words_matched(words, among, exact=True)
    singles = []
    for word in words:
        owners = [value for value, found in exact.items() if word in found]
        if len(owners) != 1:
            return []
        singles.append(owners[0])
    return list(dict.fromkeys(singles))


def _word_by_word(key: str, name: str) -> bool:
    """A misspelling keeps the words: each is the same or spelt closely."""
    pairs = list(zip(key.split(), name.split(), strict=False))
    return len(key.split()) == len(name.split()) and all(
        a == b or difflib.SequenceMatcher(None, a, b).ratio() >= CLOSE for a, b in pairs
    )


def _words_matched(words: list[str], among: Choices, exact: bool = False) -> dict[str, set[str]]:
    """For each value, which of `words` one of its names has (unless `exact`, also in another
    form or spelt closely)."""
    matched: dict[str, set[str]] = defaultdict(set)
    for name, value in among.names.items():
        name_words = name.split()
        for word in words:
            if any(w == word or (not exact and _alike(w, word)) for w in name_words):
                matched[value].add(word)
    return matched


def _alike(one: str, other: str) -> bool:
    """The same word in another form or misspelt: "refugee" and "refugees"."""
    if min(len(one), len(other)) < 4:
        return False
    return one.startswith(other) or difflib.SequenceMatcher(None, one, other).ratio() >= 0.85


@cache
def country_choices(codes: tuple[str, ...]) -> Choices:
    """Country codes, known by their names in the six languages and by common variants."""
    labels: dict[str, list[str]] = defaultdict(list)
    for language in SITE_LANGUAGES:
        territories = Locale.parse(language).territories
        for code in codes:
            if code in territories:
                labels[code].append(territories[code])
    for name, code in {**COUNTRY_VARIANTS, **OFFICIAL_NAMES}.items():
        if code in codes:
            labels[code].append(name)
    found = choices(codes, labels)
    names = {n: code for n, code in found.names.items() if n not in AMBIGUOUS_COUNTRIES}
    return Choices(found.values, names)


@cache
def language_choices() -> Choices:
    """Language codes, known by their names in the six languages and in themselves."""
    labels: dict[str, list[str]] = defaultdict(list)
    english = dict(Locale.parse("en").languages)
    codes = [code for code in english if re.fullmatch(r"[a-z]{2,3}", code)]
    for language in SITE_LANGUAGES:
        names = Locale.parse(language).languages
        for code in codes:
            if code in names:
                labels[code].append(names[code])
    for code in SITE_LANGUAGES:
        labels[code].append(str(Locale.parse(code).get_display_name(code) or code))
    return choices(codes, labels)


ANSWERS = {
    True: "yes y true oui sí si да نعم 是 是的 有 vrai verdadero",
    False: "no n false non нет لا 否 没有 不是 faux falso",
}


def suggest_boolean(typed: str) -> bool | None:
    """True or False for a yes or no typed in one of the six languages."""
    key = folded(typed)
    for answer, words in ANSWERS.items():
        if key in words.split():
            return answer
    return None


MINUS = "\u2212"
_DEGREES = re.compile(
    r"^([-+\u2212]?)(\d{1,3})(?:[.,](\d+))?\s*°?\s*([NSEWnsew\u0421\u042e\u0412\u0417]?)$"
)
"""A latitude or longitude as people type it; compass letters also in Russian (С Ю В З)."""


def suggest_number(typed: str) -> float | None:
    """A number typed with a decimal comma (7,19), a degree sign or a compass letter
    (7.19° N, 3,5 S): south and west become negative."""
    match = _DEGREES.match(str(typed).strip())
    if not match:
        return None
    sign, whole, fraction, compass = match.groups()
    number = float(f"{whole}.{fraction or 0}")
    negative = sign in ("-", MINUS) or compass.upper() in ("S", "W", "\u042e", "\u0417")
    return -number if negative else number


_MONTH_WORDS = re.compile(r"[^\W\d_]+")


@cache
def _month_numbers() -> dict[str, int]:
    """Month names and abbreviations in the six languages, folded, with their numbers."""
    months: dict[str, int] = {}
    for language in SITE_LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    months.setdefault(folded(name).rstrip(" ."), number)
    return months


def suggest_date(typed: str) -> str | None:
    """A date the way the atlas writes it (YYYY, YYYY-MM or YYYY-MM-DD), from the ways people
    type one: 03/2019, 15.03.2019, 2019/3, 2019.03, March 2019, 2019年3月, 15 mars 2019."""
    text = unicodedata.normalize("NFKC", str(typed)).strip()
    text = re.sub(r"[年月]", "-", text).replace("日", "").strip("-")
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    month_words = [
        _month_numbers().get(folded(word)) for word in _MONTH_WORDS.findall(text) if folded(word)
    ]
    month_from_word = next((m for m in month_words if m), None)
    years = [n for n in numbers if 1000 <= n <= 2999]
    if len(years) != 1:
        return None
    year = years[0]
    others = [n for n in numbers if n != year]
    if month_from_word:
        return _date(year, month_from_word, others[0] if others else None)
    if not others:
        return f"{year:04d}"
    if len(others) == 1:
        return _date(year, others[0], None)
    if len(others) == 2:
        day, month = (others[1], others[0]) if text.startswith(str(year)) else others
        if day <= 12 and month <= 12 and day != month and not text.startswith(str(year)):
            return None  # 05/03/2019 is 5 March in most places and 3 May in others
        return _date(year, month, day)
    return None


def _date(year: int, month: int, day: int | None) -> str | None:
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


MAX_SLUG = 60
"""The longest folder name suggested: long enough for a title's first words."""


def latin_slug(text: str, keep_digits: bool = True) -> str:
    """A folder name for a text in any script, in Latin letters a reader can say aloud
    ("Речные хранители" -> rechnye-khraniteli, "河流守护者" -> he-liu-shou-hu-zhe): each
    character transliterated (anyascii), and each syllable of a script written without spaces
    (Chinese, Japanese, Korean) a word of its own. Whole words only, up to MAX_SLUG characters;
    '' when nothing is left."""
    pieces = []
    for character in unicodedata.normalize("NFC", text):
        if unicodedata.category(character)[0] not in "LMN":
            pieces.append(" ")  # punctuation and symbols (emoji are not words)
            continue
        latin = anyascii(character)
        wide = unicodedata.east_asian_width(character) in ("W", "F") and len(latin) > 1
        pieces.append(f" {latin} " if wide else latin)
    words = re.findall(r"[a-z0-9]+" if keep_digits else r"[a-z]+", "".join(pieces).lower())
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > MAX_SLUG:
            kept = kept or [word[:MAX_SLUG]]
            break
        kept.append(word)
    return "-".join(kept)
