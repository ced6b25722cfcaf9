"""Private details that must never be published: e-mail addresses and phone numbers.

The validator runs these over contributor text, and the audit over the built site."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-/]{6,}\d(?!\w)")
THOUSANDS = re.compile(r"\d{1,3}([.\s]\d{3})+")
DATE_RANGE = re.compile(r"\d{4}(-\d{2}){0,2}\s*[-/]\s*\d{4}(-\d{2}){0,2}")


def find_private_detail(text: str) -> str | None:
    if "@" in text and EMAIL.search(text):
        return "an e-mail address"
    for match in PHONE.finditer(text):
        digits = sum(char.isdigit() for char in match.group())
        number = match.group().strip()
        if THOUSANDS.fullmatch(number) or DATE_RANGE.fullmatch(number):
            continue
        if digits >= 9 or (number.startswith("+") and digits >= 7):
            return "what looks like a phone number"
    return None
