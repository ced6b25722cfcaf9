"""The private-data detectors, each on its own: what they must find in every disguise, what
ordinary text in several languages and scripts they must leave alone, and that no pattern can
take more than linear time. How long 256 KiB of text crafted against each detector takes is
measured in `make bench` (bench/detectors.py), as a ratio against ordinary text."""

# The texts below are written with the look-alike characters they test.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import re._parser as parser
from typing import Any

import pytest

from builder.data import privacy
from builder.data.privacy import (
    BOUNDARY,
    EMAIL,
    LOCATION,
    PAYMENT,
    PHONE,
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


@pytest.mark.parametrize(
    "text",
    [
        "IBAN: DE89 3704 0044 0532 0130 00",
        "Transfer to GB82WEST12345698765432, reference 'seeds'",
        "ES91 2100 0418 4502 0005 1332",
        "Card 4111 1111 1111 1111 (exp. 12/29)",
        "Card 5500-0000-0000-0004",
        "Send to paypal.me/someone or https://www.paypal.com/paypalme/someone",
        "Cash App: https://cash.app/$someone",
        "BTC: 1A1zP1eP5QGefi2DMPTfTL5SMv7DivfNa",
        "ETH 0x52908400098527886E0F7030069857D2E4169EE7",
        "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "M-Pesa paybill 247247, account no. 123456",
        "Till number 5 123 456",
        "Número de cuenta: 0123 4567 8901 2345",
        "Numéro de compte 30004 00550 00010",
        "Номер счёта 40817810099910004312",
        "رقم الحساب ١٢٣٤٥٦٧٨",
        "银行卡 6222 0212 3456 7890",
        "I\\B\\A\\N DE89&#32;3704&#32;0044&#32;0532&#32;0130&#32;00",
    ],
)
def test_payment_details_are_found(text: str) -> None:
    assert PAYMENT in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Donate at https://example.org/donate or https://www.paypal.com/donate/?hosted_button_id=X",
        "L'association compte 120 000 membres; cuenta con 150 000 voluntarios.",
        "It accounts for 150 000 people; over 4,000,000 accounts were reached.",
        "за счёт 150 000 рублей; на карте 123456 точек",
        "Agenda UN2030 and SDG 16; ISBN 978-3-16-148410-0",
        "https://drive.google.com/file/d/1A1zP1eP5QGefi2DMPTfTL5SMv7DivfNa/view",
        "Order 4111 1111 1111 1112 is not a card (its Luhn sum is wrong).",
        "The fund was 1 250 000 USD; until 202611 nothing changed.",
    ],
)
def test_ordinary_money_talk_is_left_alone(text: str) -> None:
    assert PAYMENT not in found(text)


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


def test_groups_in_brackets_beside_years_are_read_without_failing() -> None:
    """Counts in brackets beside years (a chart's table: 2019 (49) 2020 (1234)) once made the
    date reading fail on '(49)'; whatever the verdict, the detector must give one."""
    for text in ("2019 (49) 2020 (1234)", "(49) 2019 (12)", "1999 (7) 2000"):
        found = privacy.find_phone(text)
        assert found is None or text[found.start : found.end].strip()
