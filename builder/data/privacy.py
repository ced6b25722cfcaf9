"""Private details that must never be published: e-mail addresses, phone numbers and exact
locations, in whatever disguise a contributor or an attacker gives them.

Every text goes through `normalise` first, so that one detector sees every disguise of the
same thing: Markdown escapes, HTML entities and percent-encoding are decoded; compatibility
forms (full-width at signs and digits) become plain; digits of every script become 0-9; every
dash becomes `-`; invisible characters (zero-width, text-direction, soft hyphen, combining
marks) are dropped; Markdown emphasis (`*`, `~`, backticks) becomes a space; words such as
`[at]` and `(dot)` become `@` and `.`. The validator runs the detectors over every text value,
comment and folder name; the audit over every page, data file and feed of the built site.

Every pattern runs in linear time: no nested quantifiers, and no unbounded quantifier that can
start again at every position of a long run (the old e-mail pattern took 65 s on 80 KB).
Anything subtler than a pattern (how digits group, what surrounds them) is decided in Python
over the few candidates the patterns find.
"""

# Words of the six languages are written in their own scripts.
# ruff: noqa: RUF001

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

BOUNDARY = "\0"
"""Separates texts searched together: no detector looks across it, and `normalise` keeps it
(a NUL cannot be written in an initiative, and `%00` is read as a space)."""

EMAIL, PHONE, LOCATION, PAYMENT = "email", "phone", "location", "payment"


@dataclass(frozen=True)
class Found:
    """One private detail in a normalised text: its kind and where it is."""

    kind: str
    start: int
    end: int


# Normalisation ------------------------------------------------------------------------------

_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BEFORE_NFKC = str.maketrans({"º": "°", "˚": "°"})
"""NFKC turns the ordinal indicator, often typed as a degree sign, into the letter o."""
_ASCII = str.maketrans(dict.fromkeys("*~`\t\n\r\v\f", " "))
_LOOK_ALIKES = {
    "\u2212": "-", "\u2043": "-", "\u3002": ".", "\u2032": "'", "\u2019": "'", "\u2018": "'",
    "\u00b4": "'", "\u02b9": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u02ba": '"',
}  # fmt: skip
_SPACES = re.compile(r" {2,}")
_AT_BRACKETED = re.compile(r" ?[\[({<] ?(?:at|arroba|@) ?[\])}>] ?", re.IGNORECASE)
_DOT_BRACKETED = re.compile(
    r" ?[\[({<] ?(?:dot|punto|point|punkt|ponto|\.) ?[\])}>] ?", re.IGNORECASE
)
_AT_SPACED = re.compile(r" @ ?|@ ")
_AT_DOT_WORDS = re.compile(r"(?<=\w) at ([\w-]{1,63}) dot (?=[^\W\d_])", re.IGNORECASE)
_DOT_SPACED = re.compile(r"(?<=\w) \. (?=\w)")
_AT_DOMAIN = re.compile(r" at (?=[\w-]{1,63}\.[^\W\d_]{2})", re.IGNORECASE)
_MAILBOX = re.compile(r"[\w.+-]{1,64}")
_MAILBOXES = frozenset(
    {"info", "contact", "hello", "office", "admin", "mail", "email", "team", "press", "media",
     "secretariat", "support"}
)  # fmt: skip


@cache
def _unicode_table() -> dict[int, str | None]:
    """Drop invisible characters and marks; plain digits, dashes and spaces for every script.
    Built on first use (about 50 ms): ASCII text never needs it."""
    table: dict[int, str | None] = {}
    planes = (range(0x20000), range(0xE0000, 0xE1000))
    for point in (p for plane in planes for p in plane):
        if 0xD800 <= point < 0xE000:
            continue
        category = unicodedata.category(chr(point))
        if point == ord(BOUNDARY):
            continue
        if category in ("Cf", "Mn", "Me"):
            table[point] = None
        elif category == "Nd":
            table[point] = str(unicodedata.decimal(chr(point)))
        elif category == "Pd":
            table[point] = "-"
        elif category in ("Zs", "Zl", "Zp"):
            table[point] = " "
    table.update({ord(k): v for k, v in _LOOK_ALIKES.items()})
    table.update(_ASCII)
    return table


def normalise(text: str) -> str:
    """The one form every detector reads (see the module's docstring)."""
    if "\\" in text:
        text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text.replace("%00", " "))
    if text.isascii():
        text = text.translate(_ASCII)
    else:
        text = unicodedata.normalize("NFKC", text.translate(_BEFORE_NFKC))
        text = text.translate(_unicode_table())
    return _undisguise(_SPACES.sub(" ", text.replace("''", '"')))


def _undisguise(text: str) -> str:
    """`name [at] example (dot) org`, `name @ example . org`, `name at example dot org`. Each
    pattern runs only where its words are, which keeps ordinary text fast."""
    lowered = text.lower()
    if "at" in lowered and any(bracket in text for bracket in "[({<"):
        text = _AT_BRACKETED.sub("@", text)
        text = _DOT_BRACKETED.sub(".", text)
    if " @" in text or "@ " in text:
        text = _AT_SPACED.sub("@", text)
    if " at " in lowered:
        if " dot " in lowered:
            text = _AT_DOT_WORDS.sub(r"@\1.", text)
        text = _mailbox_at(text)
    return _DOT_SPACED.sub(".", text) if "@" in text and " . " in text else text


def _mailbox_at(text: str) -> str:
    """`name at domain.org` is an address only when `name` looks like a mailbox (`jane.doe`,
    `info`): in `find us at example.org`, the words name a website."""
    pieces, done = [], 0
    for match in _AT_DOMAIN.finditer(text):
        space = text.rfind(" ", done, match.start())
        name = text[space + 1 if space >= 0 else done : match.start()]
        if not _MAILBOX.fullmatch(name):
            continue
        if name.lower() in _MAILBOXES or any(c in "._+" or c.isdigit() for c in name):
            pieces += [text[done : match.start()], "@"]
            done = match.end()
    return "".join(pieces) + text[done:]


# Detectors ----------------------------------------------------------------------------------


def find_private(text: str) -> list[Found]:
    """The first detail of each kind in a text already passed through `normalise`."""
    found = [find_email(text), find_phone(text), find_location(text), find_payment(text)]
    return [detail for detail in found if detail]


def find(kind: str, text: str) -> Found | None:
    """The first detail of one kind in a normalised text."""
    detectors = {
        EMAIL: find_email,
        PHONE: find_phone,
        LOCATION: find_location,
        PAYMENT: find_payment,
    }
    return detectors[kind](text)


def kinds_in(text: str) -> set[str]:
    return {detail.kind for detail in find_private(text)}


_EMAIL_AT = re.compile(r"[\w+-]@[\w-]{1,63}\.\w")
_LOCAL_PART = re.compile(r"[\w.+-]{0,64}")
_DOMAIN = re.compile(r"[\w.-]{0,253}")


def _run(pattern: re.Pattern[str], text: str, position: int) -> str:
    match = pattern.match(text, position)
    return match.group() if match else ""


def find_email(text: str) -> Found | None:
    """An address around an `@` that has a mailbox before it and a label and a dot after it:
    the whole mailbox and domain are then read with bounded patterns, and the domain must end
    in a top-level domain of letters."""
    if "@" not in text:
        return None
    reversed_text = text[::-1]
    for candidate in _EMAIL_AT.finditer(text):
        at = candidate.start() + 1
        left = _run(_LOCAL_PART, reversed_text, len(text) - at).strip(".")
        right = _run(_DOMAIN, text, at + 1).rstrip(".-")
        labels = right.split(".")
        if left and all(labels) and len(labels[-1]) >= 2 and labels[-1].isalpha():
            return Found(EMAIL, at - len(left), at + 1 + len(right))
    return None


_PHONE_TOKEN = re.compile(r"\(\+?\d{1,5}\)|\+?\d+")
_PHONE_GAPS = frozenset({"", " ", "-", ".", "/", "_", " - ", " / ", " -", "- "})
_NOT_DIGITS = re.compile(r"\D+")
MAX_PHONE_CHARS = 40
"""15 digits (the most a phone number has) with a separator between each."""
_PHONE_WORDS = re.compile(
    r"tel|tél|phone|call|mobile|mob|cell|whats ?app|signal|telegram|viber|sms|fax|contact|"
    r"teléfono|telefono|telefone|telefon|llame|llama|appel|numéro|número|телефон|тел|звоните|"
    r"هاتف|جوال|اتصل|电话|手机|☎|📞|📱"
)
"""Words that announce a phone number, in lower case, in the UN languages and others."""
_MESSENGER = re.compile(
    r"(?:tel|sms|callto|skype|viber|whatsapp|signal|facetime):|wa\.me/|t\.me/|signal\.me/|"
    r"(?:phone|number|tel|mobile|whatsapp)="
)
_LABELS = re.compile(
    r"(?<![^\W\d_])(?:isbn|issn|doi|iso|iban|no|nr|nº|n°|№|ref|art|article|case|reg)\.? ?:? ?$",
    re.IGNORECASE,
)
_URL_MARK = re.compile(r"://|\.[^\W\d_]{2,24}/|[^\W\d_]/")
"""Where a word becomes a web address or a path: ids in addresses are not phone numbers."""
_CURRENCY_CODE = re.compile(r"(?<![^\W\d_])[A-Z]{3} ?$")
_CURRENCY_AFTER = re.compile(r" ?[A-Z]{3}(?![^\W\d_])")


def _window(text: str, start: int, size: int) -> str:
    """Up to `size` characters before `start`, never across a BOUNDARY."""
    low = max(0, start - size)
    cut = text.rfind(BOUNDARY, low, start)
    return text[cut + 1 if cut >= 0 else low : start]


def _phone_sequences(text: str) -> Iterator[tuple[int, int]]:
    """Digit groups joined the way phone numbers are written (spaces, dashes, dots, slashes,
    a bracketed area code), as (start, end); never longer than a phone number can be."""
    start = end = -1
    for token in _PHONE_TOKEN.finditer(text):
        begin, finish = token.span()
        joined = (
            end >= 0
            and finish - start <= MAX_PHONE_CHARS
            and text[begin] != "+"
            and text[end:begin] in _PHONE_GAPS
        )
        if not joined:
            if end >= 0:
                yield start, end
            start = begin
        end = finish
    if end >= 0:
        yield start, end


class _Context:
    """What surrounds the candidates in one text: the word (run without spaces) each one sits
    in, whether that word is a web address, and where phone words and messenger links end.
    Candidates come in increasing order and each word and pattern is read once, so that a long
    text costs one pass, however many candidates it holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen = 0
        self.start = 0
        self.url_from: int | None = None
        self.ends: dict[re.Pattern[str], list[int]] = {}

    def word_start(self, position: int) -> int:
        text = self.text
        space = max(text.rfind(" ", self.seen, position), text.rfind(BOUNDARY, self.seen, position))
        self.seen = position
        start = space + 1 if space >= 0 else self.start
        if start != self.start or self.url_from is None:
            self.start = start
            ends = (text.find(" ", start), text.find(BOUNDARY, start))
            end = min((e for e in ends if e >= 0), default=len(text))
            mark = _URL_MARK.search(text, start, end)
            www = text.startswith(("www.", "(www."), start)
            self.url_from = start if www else (mark.start() if mark else end)
        return start

    def in_url(self, position: int) -> bool:
        self.word_start(position)
        return self.url_from is not None and self.url_from < position

    def ends_near(
        self, pattern: re.Pattern[str], position: int, distance: int, stop: str = BOUNDARY
    ) -> bool:
        """Whether a match of `pattern` (in lower case, starting a word) ends within `distance`
        characters before `position`, with no BOUNDARY (or `stop`) between."""
        if pattern not in self.ends:
            self.ends[pattern] = self._match_ends(pattern)
        ends = self.ends[pattern]
        index = bisect.bisect_right(ends, position) - 1
        if index < 0 or ends[index] < position - distance:
            return False
        between = self.text[ends[index] : position]
        return BOUNDARY not in between and stop not in between

    def _match_ends(self, pattern: re.Pattern[str]) -> list[int]:
        """Searching a lower-case copy is five times faster than ignoring case, and is exact
        when lowering keeps every position (it does not for a few letters such as İ)."""
        lowered = self.text.lower()
        if len(lowered) != len(self.text):
            lowered, pattern = self.text, re.compile(pattern.pattern, re.IGNORECASE)
        return [
            match.end()
            for match in pattern.finditer(lowered)
            if match.start() == 0 or not lowered[match.start() - 1].isalpha()
        ]


def find_phone(text: str) -> Found | None:
    context = _Context(text)
    for start, end in _phone_sequences(text):
        if end - start < 6:
            continue
        groups = _PHONE_TOKEN.findall(text, start, end)
        digits = len(_NOT_DIGITS.sub("", text[start:end]))
        if digits >= 6 and _looks_like_phone(text, start, end, groups, digits, context):
            return Found(PHONE, start, end)
    return None


def _looks_like_phone(
    text: str, start: int, end: int, groups: list[str], digits: int, context: _Context
) -> bool:
    international = groups[0].lstrip("(").startswith("+")
    if context.ends_near(_MESSENGER, start, 40, stop=" "):
        return True
    gaps = _PHONE_TOKEN.split(text[start:end])[1:-1]
    if digits <= 8 and not international:
        local = not (_is_decimal(groups, gaps) or _is_date(groups))
        return local and context.ends_near(_PHONE_WORDS, start, 30)
    if context.in_url(start):
        return international and digits >= 8
    if digits > 15:
        return False
    if international:
        return digits >= 7
    if any(group.startswith("(") for group in groups):
        return True
    return not (
        _is_decimal(groups, gaps)
        or _is_number_list(groups, gaps)
        or _is_date(groups)
        or _is_amount(text, start, end, groups, gaps)
        or _LABELS.search(_window(text, start, 12))
    )


def _is_decimal(groups: list[str], gaps: list[str]) -> bool:
    return gaps == ["."] and len(groups[0]) <= 3


def _is_number_list(groups: list[str], gaps: list[str]) -> bool:
    """Small numbers in a row (articles 20 23 24 25 27 28): phone numbers written in pairs of
    digits start with 0 (06 12 34 56 78) or with a country code after a `+`."""
    return set(gaps) == {" "} and all(len(g) <= 2 for g in groups) and groups[0][0] != "0"


def _is_date(groups: list[str]) -> bool:
    """Years, and days and months around them: 2019-2023, 15.03.2019, 2019-03-15/2021-06-30."""
    years = [g for g in groups if len(g) == 4 and g.isdigit() and 1000 <= int(g) <= 2999]
    small = [g for g in groups if len(g) <= 2 and g.isdigit() and int(g) <= 31]
    return bool(years) and len(years) + len(small) == len(groups)


def _is_amount(text: str, start: int, end: int, groups: list[str], gaps: list[str]) -> bool:
    """Thousands written with spaces or dots (1 250 000 000) that end in 000 or stand next to
    a currency; `612 345 678`, grouped the same way, is a Spanish mobile number."""
    if len(set(gaps)) != 1 or gaps[0] not in (" ", "."):
        return False
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return False
    if groups[-1] == "000":
        return True
    before, after = _window(text, start, 5), text[end : end + 5].split(BOUNDARY)[0]
    near = before.rstrip()[-1:] + after.lstrip()[:1]
    return (
        any(unicodedata.category(c) == "Sc" for c in near)
        or bool(_CURRENCY_CODE.search(before))
        or bool(_CURRENCY_AFTER.match(after))
    )


_DECIMAL = re.compile(r"\d{1,3}[.,]\d+(?!\d|\.\d)")
"""A number with a fraction, not part of a longer dotted number such as 1.250.000 (nor, as
`_decimals` checks, one that starts inside a longer number)."""
_DEGREES = re.compile(
    r"(?<!\d)\d{1,3} ?° ?\d{1,2} ?' ?\d{1,2}[.,]?\d{0,6} ?[\"NSEW]"
    r"|(?<!\d)\d{1,3} ?° ?\d{1,2}[.,]\d{2,6} ?'"
)
_PLUS_CODE = re.compile(
    r"(?<![0-9A-Z+])[2-9CFGHJMPQRVWX]{4,8}\+[2-9CFGHJMPQRVWX]{2,3}(?![0-9A-Za-z])"
)
_WORDS_ADDRESS = re.compile(
    r"(?:///|w3w\.co/|what3words\.com/)[^\W\d_]{1,30}\.[^\W\d_]{1,30}\.[^\W\d_]{1,30}"
)
_SHORT_MAP_LINK = re.compile(
    r"maps\.app\.goo\.gl/|goo\.gl/maps/|osm\.org/go/|openstreetmap\.org/(?:node|way)/|"
    r"yandex\.[a-z]{2,3}/maps/-/|maps\.apple/p/|her\.is/|binged\.it/",
    re.IGNORECASE,
)
_LOCATION_SIGNS = (
    (_DEGREES, ("°",)),
    (_WORDS_ADDRESS, ("///", "w3w.co/", "what3words.com/")),
    (_SHORT_MAP_LINK, ("goo.gl/", "osm.org/", "openstreetmap.org/", "yandex.", "maps.apple/",
                       "her.is/", "binged.it/")),
)  # fmt: skip
"""What each pattern needs in a text before it is worth running over all of it."""
_MAP_CONTEXT = re.compile(r"[@=]|geo:|!3d|lat", re.IGNORECASE)
"""What map links and coordinates write just before a point: `@`, `ll=`, `geo:`, `!3d`."""
MAX_DECIMALS = 2
"""`location:` allows 2 decimals (about 1 km); a point given more precisely is exact."""


def find_location(text: str) -> Found | None:
    """A point more precise than `location:` allows: a decimal pair (as typed, or in the
    links of Google, OpenStreetMap, Apple, Bing, Here, Yandex and geo: URIs, which all write
    the two numbers close together), degrees-minutes-seconds, a plus code, a what3words
    address, or a short map link that hides a point."""
    lowered = text.lower()
    for pattern, signs in _LOCATION_SIGNS:
        match = pattern.search(text) if any(s in lowered for s in signs) else None
        if match:
            return Found(LOCATION, match.start(), match.end())
    for match in _PLUS_CODE.finditer(text) if "+" in text else ():
        if not match.group().replace("+", "").isdigit():
            return Found(LOCATION, match.start(), match.end())
    return _decimal_pair(text)


def _decimals(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each number with a fraction, with its sign. The pattern starts with a
    digit, which the engine finds fast; what comes before is checked here."""
    for match in _DECIMAL.finditer(text):
        start = match.start()
        if start and text[start - 1] in "0123456789.":
            continue
        yield (start - 1 if start and text[start - 1] in "+-" else start), match.end()


def _decimal_pair(text: str) -> Found | None:
    previous = None
    for current in _decimals(text):
        if previous and current[0] - previous[1] <= 24:
            gap = text[previous[1] : current[0]]
            if BOUNDARY not in gap and _is_exact_point(text, previous, current):
                return Found(LOCATION, previous[0], current[1])
        previous = current
    return None


def _is_exact_point(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    numbers = []
    for start, end in (first, second):
        whole, separator, fraction = re.split(r"([.,])", text[start:end].lstrip("+-"), maxsplit=1)
        if separator == "," and len(fraction) < 4:
            return False
        numbers.append((abs(float(f"{whole}.{fraction}")), len(fraction)))
    (a, places_a), (b, places_b) = numbers
    if not ((a <= 90 and b <= 180) or (a <= 180 and b <= 90)):
        return False
    if min(places_a, places_b) < MAX_DECIMALS or max(places_a, places_b) <= MAX_DECIMALS:
        return False
    if max(places_a, places_b) >= 4:
        return True
    signed = text[first[0]] in "+-" or text[second[0]] in "+-"
    after = text[first[1] : first[1] + 3] + text[second[1] : second[1] + 3]
    marked = any(c in "°NSEW" for c in after)
    return signed or marked or bool(_MAP_CONTEXT.search(_window(text, first[0], 6)))


# Payment details ----------------------------------------------------------------------------

_IBAN = re.compile(r"(?<![^\W_])[A-Z]{2}\d{2}[ A-Z\d]{11,38}")
"""An IBAN candidate and what follows it, up to the longest an IBAN can be with spaces."""
_IBAN_LENGTHS = dict(
    (entry[:2], int(entry[2:]))
    for entry in [
        "AD24",
        "AE23",
        "AL28",
        "AT20",
        "AZ28",
        "BA20",
        "BE16",
        "BG22",
        "BH22",
        "BI27",
        "BR29",
        "BY28",
        "CH21",
        "CR22",
        "CY28",
        "CZ24",
        "DE22",
        "DJ27",
        "DK18",
        "DO28",
        "EE20",
        "EG29",
        "ES24",
        "FI18",
        "FK18",
        "FO18",
        "FR27",
        "GB22",
        "GE22",
        "GI23",
        "GL18",
        "GR27",
        "GT28",
        "HR21",
        "HU28",
        "IE22",
        "IL23",
        "IQ23",
        "IS26",
        "IT27",
        "JO30",
        "KW30",
        "KZ20",
        "LB28",
        "LC32",
        "LI21",
        "LT20",
        "LU20",
        "LV21",
        "LY25",
        "MC27",
        "MD24",
        "ME22",
        "MK19",
        "MN20",
        "MR27",
        "MT31",
        "MU30",
        "NI28",
        "NL18",
        "NO15",
        "OM23",
        "PK24",
        "PL28",
        "PS29",
        "PT25",
        "QA29",
        "RO24",
        "RS22",
        "RU33",
        "SA24",
        "SC31",
        "SD18",
        "SE24",
        "SI19",
        "SK24",
        "SM27",
        "SO23",
        "ST25",
        "SV28",
        "TL23",
        "TN24",
        "TR26",
        "UA29",
        "VA22",
        "VG24",
        "XK20",
        "YE30",
    ]
)
"""The length of an IBAN in each country of the IBAN registry; elsewhere (several African
countries use IBANs outside it) any length from 15 to 34 is tried."""
_CARD = re.compile(r"(?<![\d-])\d{4}[ -]?\d{4}[ -]?\d{4}[\d -]{0,11}")
"""A card number: three groups of four digits and up to seven more (19 in all)."""
_PAYMENT_LINK = re.compile(
    r"paypal\.me/|paypal\.com/paypalme/|cash\.app/\$|venmo\.com/|revolut\.me/|monzo\.me/|"
    r"wise\.com/pay/me/|buymeacoffee\.com/|ko-fi\.com/|(?:bitcoin|ethereum|monero|lightning):",
    re.IGNORECASE,
)
"""Links that pay a person's own account; an organisation's donation page is fine."""
_WALLET = re.compile(
    r"(?<![^\W_])(?:bc1[02-9ac-hj-np-z]{25,59}|0x[\da-fA-F]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34})"
    r"(?![^\W_])"
)
_ACCOUNT_WORDS = re.compile(
    r"account n|acct|a/c|bank account|iban|swift|bic|routing|sort code|paybill|till n|m-pesa|"
    r"mpesa|mobile money|de cuenta|cuenta bancaria|clabe|cbu|rib|de compte|compte bancaire|"
    r"счёта|счета|расчётный счёт|расчетный счет|р/с|реквизиты|رقم الحساب|حساب بنكي|"
    r"حساب مصرفي|الآيبان|账号|账户|帐号|银行卡|支付宝|微信支付"
)
"""Words that announce an account number, in lower case, in the UN languages and others."""
_ACCOUNT_NUMBER = re.compile(r"\d[\d -]{4,}\d")
_CARD_STARTS = ("4", "51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27", "34",
                "37", "35", "6011", "62", "64", "65")  # fmt: skip


def find_payment(text: str) -> Found | None:
    """Bank and payment details: an IBAN (its check digits verified), a card number (a card
    network's prefix and a valid Luhn sum), a personal payment link, a crypto wallet address
    outside a web address, or a number of 6 digits or more just after a word such as
    "account", "M-Pesa" or "cuenta"."""
    found = [_first_iban(text), _first_card(text), _first_link(text), _first_wallet(text)]
    found.append(_first_account(text))
    return min((f for f in found if f), key=lambda f: f.start, default=None)


def _first_iban(text: str) -> Found | None:
    if not re.search(r"[A-Z]{2}\d{2}", text):
        return None
    for match in _IBAN.finditer(text):
        start, candidate = match.start(), match.group()
        for end in _iban_ends(candidate):
            if _iban_is_valid(candidate[:end].replace(" ", "")):
                return Found(PAYMENT, start, start + end)
    return None


def _iban_ends(candidate: str) -> Iterator[int]:
    """Where an IBAN at the start of `candidate` could end: at the end of a word, after as
    many letters and digits as its country's IBANs have."""
    length = _IBAN_LENGTHS.get(candidate[:2])
    counted = 0
    for end, character in enumerate(candidate, 1):
        counted += character != " "
        at_word_end = character != " " and (end == len(candidate) or candidate[end] == " ")
        if at_word_end and counted >= 15 and counted == (length or counted):
            yield end
        if counted >= (length or 34):
            return


def _iban_is_valid(iban: str) -> bool:
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _first_card(text: str) -> Found | None:
    for match in _CARD.finditer(text):
        digits = _NOT_DIGITS.sub("", match.group().rstrip(" -"))
        if 13 <= len(digits) <= 19 and digits.startswith(_CARD_STARTS) and _luhn(digits):
            return Found(PAYMENT, *match.span())
    return None


def _luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0 and len(set(digits)) > 1


def _first_link(text: str) -> Found | None:
    match = _PAYMENT_LINK.search(text)
    return Found(PAYMENT, *match.span()) if match else None


def _first_wallet(text: str) -> Found | None:
    context = _Context(text)
    for match in _WALLET.finditer(text):
        if not context.in_url(match.start()):
            return Found(PAYMENT, *match.span())
    return None


def _first_account(text: str) -> Found | None:
    if not _ACCOUNT_WORDS.search(text.lower()):
        return None
    context = _Context(text)
    for match in _ACCOUNT_NUMBER.finditer(text):
        if not context.in_url(match.start()) and context.ends_near(
            _ACCOUNT_WORDS, match.start(), 30
        ):
            return Found(PAYMENT, *match.span())
    return None
