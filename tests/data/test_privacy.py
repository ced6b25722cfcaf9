"""The private-data detectors, each on its own: what they must find in every disguise, what
ordinary text in several languages and scripts they must leave alone, and how long 256 KiB of
text crafted against each of them takes (the one timed test the project allows: it guards the
linear time that a quadratic pattern once broke, at 65 s for 80 KB)."""

# The texts below are written with the look-alike characters they test.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import re._parser as parser
import time
from collections.abc import Callable
from typing import Any

import pytest

from builder.data import privacy
from builder.data.privacy import (
    BOUNDARY,
    EMAIL,
    LOCATION,
    PHONE,
    find_email,
    find_location,
    find_phone,
    kinds_in,
    normalise,
)


def found(text: str) -> set[str]:
    return kinds_in(normalise(text))


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("+254\\-712\\-345", "+254-712-345"),
        ("a&#64;b &amp; c", "a@b & c"),
        ("%2B254%20712", "+254 712"),
        ("＋２５４ ７１２", "+254 712"),
        ("٠٧١٢ ۳۴۵ २०१९", "0712 345 2019"),
        ("07\u200b12\u00ad34\u2060\u202e5", "0712345"),
        ("0712–345—678−9", "0712-345-678-9"),
        ("0712 **345** ~~678~~", "0712 345 678 "),
        ("a\n\n\t b", "a b"),
        ("1º17′44″", "1°17'44\""),
        ("name [at] example [dot] org", "name@example.org"),
        ("name (at) example (dot) org", "name@example.org"),
        ("name @ example . org", "name@example.org"),
        ("name at example dot org", "name@example.org"),
        ("jane.doe at example.org", "jane.doe@example.org"),
        ("find us at example.org", "find us at example.org"),
    ],
)
def test_normalisation_undoes_every_disguise(written: str, reads: str) -> None:
    assert normalise(written) == reads


@pytest.mark.parametrize(
    "text",
    [
        "write to keepers@example.org",
        "name [at] example [dot] org",
        "name＠example.org",
        "na\u200bme@exa\u200bmple.org",
        "https://example.org/c?to=name%40example.org",
        "name&#64;example.org",
        "keepers at example dot org",
        "info at example.org",
        "name (at) example (dot) org",
        "name @ example . org",
        "name\\@example.org",
        "NAME AT EXAMPLE DOT ORG",
        "пишите: почта@пример.рф",
    ],
)
def test_email_addresses_are_found(text: str) -> None:
    assert found(text) == {EMAIL}


@pytest.mark.parametrize(
    "text",
    [
        "Call +254 712 345 678 today",
        "tel. (020) 7946 0958",
        "phone 0712-345-678",
        "612 345 678",
        "0712–345–678",
        "WhatsApp+254712345678",
        "+254\\ 712\\-345\\-678",
        "+254&#32;712&#8209;345&#8209;678",
        "0712 **345** 678",
        "https://wa.me/%2B254712345678",
        "https://wa.me/254712345678",
        "https://api.whatsapp.com/send?phone=254712345678",
        "tel:%2B254712345678",
        "[news](https://t.me/+254712345678)",
        "٠٧١٢٣٤٥٦٧٨",
        "＋２５４ ７１２ ３４５ ６７８",
        "0712\u200b345\u200b678",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "+44 (0)20 7946 0958",
        "(+254) 712-345-678",
        "+7 (495) 123-45-67",
        "+86 138 0013 8000",
        "Tel: 345 6789",
        "Llame al 345 6789",
        "телефон 345-67-89",
        "电话 1380 013 8000",
        "call0712345678",
    ],
)
def test_phone_numbers_are_found(text: str) -> None:
    assert found(text) == {PHONE}


@pytest.mark.parametrize(
    "text",
    [
        "-1.2921, 36.8219",
        "1°17'44\"S 36°49'18\"E",
        "1° 17′ 44″ S, 36° 49′ 18″ E",
        "1º17'44\"S",
        "1°17.735'S",
        "https://www.google.com/maps/@-1.2921,36.8219,17z",
        "https://www.google.com/maps/place/X/data=!3m1!4b1!8m2!3d-1.2921!4d36.8219",
        "https://www.openstreetmap.org/?mlat=-1.29213&mlon=36.82193",
        "https://www.openstreetmap.org/#map=17/-1.29213/36.82193",
        "https://www.openstreetmap.org/node/123456",
        "geo:-1.2921,36.8219",
        "https://yandex.ru/maps/?ll=36.8219%2C-1.2921&z=17",
        "https://www.bing.com/maps?cp=-1.2921~36.8219&lvl=17",
        "https://wego.here.com/?map=-1.2921,36.8219,15",
        "https://maps.apple.com/?ll=-1.292,36.822&q=Office",
        "https://maps.app.goo.gl/AbCdEf123",
        "6GCRPR6C+24",
        "///filled.count.soap",
        "lat -1,29213; lon 36,82193",
    ],
)
def test_exact_locations_are_found(text: str) -> None:
    assert found(text) == {LOCATION}


@pytest.mark.parametrize(
    "text",
    [
        "From 2019-2023 the network grew.",
        "It raised 1.000.000 shillings for 12 villages.",
        "Founded 2019-03-15, ended 2021-06-30.",
        "Article 25(1) of the UDHR and SDG 13; SDG indicator 13.2.1",
        "ISO 3166-1 alpha-2, ISO 14001:2015 and ISO/IEC 27001:2013",
        "ISBN 978-92-1-101417-5; DOI 10.18356/9789210010962",
        "KES 12,500,000; €1.250.000; USD 2.5 million; 1 250 000 000 FCFA; £1 250 345",
        "Resolution 2250 (2015) and 2419 (2018); S/RES/1325 (2000); A/RES/76/300",
        "between 1990 and 2020 (1 250 000 people); in 2019 (1 250 000 people)",
        "from 01.01.2020 to 31.12.2023; 01/01/2020 - 31/12/2023; 2020-2021-2022",
        "version 10.15.7; pH 7.4; 1.234, 5.678 and 9.123 people",
        "articles 20 23 24 25 27 28 and goals 1 3 5 7 10 16 17",
        "The coarse point -1.29, 36.82 and the map https://www.openstreetmap.org/#map=9/-1.29/36.82",
        "Find us at example.org, read more at www.example.org and follow us @ourgroup.",
        "See https://example.org/reports/2023/annual-report-12345",
        "https://zenodo.org/records/10012345 and https://doi.org/10.5281/zenodo.1234567",
        "https://www.facebook.com/groups/123456789012345/",
        "https://twitter.com/x/status/1234567890123456789",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "Phones open geo:-1.29,36.82 in a map; a hotel 1234567",
        # Spanish, French, Arabic, Chinese, Russian and Hindi, with their own digits.
        "En 2019–2023, 1 250 000 personas; resolución 76/300 de la Asamblea General (2022).",
        "De 06/2019 à 12/2023, 12 345 678 personnes; loi n° 2016-1547 du 18 novembre 2016.",
        "في الفترة ٢٠١٩–٢٠٢٣ استفاد ١٢٥٠٠٠٠ شخص من ١٢ قرية.",
        "从2015年到2023年，超过120万人参与，覆盖12个省。",
        "В 2019–2023 гг. помощь получили 1 250 000 человек в 12 районах.",
        "२०१९ से २०२३ तक १२ गाँवों में काम हुआ।",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert found(text) == set()


def test_no_detector_looks_across_a_boundary() -> None:
    assert found("Tel:") == set()
    assert kinds_in(normalise("Tel:") + BOUNDARY + normalise("345 6789")) == set()
    assert kinds_in(normalise("Tel: 345 6789")) == {PHONE}


REPEATS = (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT)


def nests_quantifiers(tree: Any, inside: bool = False) -> bool:
    """Whether a parsed pattern repeats something that itself repeats, as (a+)+ does."""
    for operation, argument in tree:
        if operation in REPEATS:
            children, repeated = [argument[2]], True
        elif operation == parser.SUBPATTERN:
            children, repeated = [argument[-1]], inside
        elif operation == parser.BRANCH:
            children, repeated = argument[1], inside
        elif operation in (parser.ASSERT, parser.ASSERT_NOT):
            children, repeated = [argument[1]], inside
        else:
            continue
        if (operation in REPEATS and inside) or any(
            nests_quantifiers(child, repeated) for child in children
        ):
            return True
    return False


def test_no_pattern_nests_quantifiers() -> None:
    patterns = [v for v in vars(privacy).values() if isinstance(v, re.Pattern)]
    assert len(patterns) > 20
    assert [p.pattern for p in patterns if nests_quantifiers(parser.parse(p.pattern))] == []
    for nested in (r"(a+)+", r"(?:\w+\.)*x", r"(?=(a*)*)"):
        assert nests_quantifiers(parser.parse(nested)), nested


KIB_256 = 256 * 1024


def repeat(unit: str) -> str:
    return (unit * (KIB_256 // len(unit) + 1))[:KIB_256]


CRAFTED = {
    "letters": repeat("a"),
    "digits": repeat("1"),
    "spaces": repeat(" "),
    "at signs": repeat("a@"),
    "at and dots": repeat("@a."),
    "long mailboxes": repeat("a" * 70 + "@"),
    "dotted mailbox": repeat("a." * 40 + "@"),
    "bracketed at": repeat(" [at] "),
    "words at and dot": repeat("a at b dot "),
    "mailbox at": repeat("info at b.cc "),
    "spaced digits": repeat("1 "),
    "dashed digits": repeat("1-"),
    "plus digits": repeat("+1"),
    "bracketed digits": repeat("(1) "),
    "six digits": repeat("123456 "),
    "glued seven digits": repeat("1234567x"),
    "phone words": repeat("tel 1234567 "),
    "url ids": repeat("https://a.b/123456789 "),
    "decimals": repeat("1.2345 "),
    "degrees": repeat("1°2'3\" "),
    "plus codes": repeat("CFGH+"),
    "three words": repeat("///a.b."),
    "entities": repeat("&#x202E;"),
    "percent": repeat("%E2%80%AE"),
    "zero width": repeat("\u200b"),
    "arabic digits": repeat("٠"),
    "mixed": repeat("tel 1234567 a@b.co -1.2345,2.3456 "),
}
DETECTORS: dict[str, Callable[[str], object]] = {
    "normalise": normalise,
    "email": find_email,
    "phone": find_phone,
    "location": find_location,
}


@pytest.mark.parametrize("detector", DETECTORS)
def test_every_detector_reads_256_kib_of_crafted_text_in_under_a_second(detector: str) -> None:
    """Measured in this process's CPU time, so that other work on the machine does not count:
    the property is how the work grows with the text, which a quadratic pattern breaks."""
    slowest = ("", 0.0)
    for name, text in CRAFTED.items():
        for given in (text, normalise(text)):
            started = time.process_time()
            DETECTORS[detector](given)
            elapsed = time.process_time() - started
            slowest = max(slowest, (name, elapsed), key=lambda pair: pair[1])
    assert slowest[1] < 1.0, slowest
