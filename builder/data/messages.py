"""Messages for contributors, written once in English and shown in each reader's language.

A check does not format its message: it names a catalogue message and its values
(`_("'%(value)s' is not a country code", value=typed)`), and the report renders it in the
language of the initiative, or the one asked for, when it is shown. Values may themselves be
messages, rendered in the same language. Problems stay language-free, so one verdict in the
cache serves every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder.data.i18n import DEFAULT_LANGUAGE, country_name, translations


@dataclass(frozen=True, order=True)
class Message:
    template: str
    values: tuple[tuple[str, Any], ...] = ()
    plural: str = ""
    """The plural template, for a message whose form depends on `count`."""

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        catalogue = translations(language)
        values = {name: _shown(value, language) for name, value in self.values}
        if self.plural:
            count = int(dict(self.values)["count"])
            text = catalogue.ngettext(self.template, self.plural, count)
        else:
            text = catalogue.gettext(self.template)
        return text % values if values else text

    def with_values(self, **values: Any) -> Message:
        return Message(
            self.template, tuple(sorted({**dict(self.values), **values}.items())), self.plural
        )

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)

    def to_json(self) -> dict[str, Any]:
        values = [[k, v.to_json() if isinstance(v, Message) else v] for k, v in self.values]
        return {"template": self.template, "values": values, "plural": self.plural}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Message:
        if raw.get("codes"):
            return CountryNames("", codes=tuple((code, name) for code, name in raw["codes"]))
        values = tuple(
            (k, cls.from_json(v) if isinstance(v, dict) else v) for k, v in raw["values"]
        )
        return Message(raw["template"], values, raw.get("plural", ""))


def _shown(value: Any, language: str) -> Any:
    return value.render(language) if isinstance(value, Message) else value


@dataclass(frozen=True, order=True)
class CountryNames(Message):
    """Countries by code, named in the language the message is shown in (CLDR)."""

    codes: tuple[tuple[str, str], ...] = ()
    """(code, English name) pairs; the English name is shown where CLDR has none."""

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        separator = translations(language).pgettext("list separator", ", ")
        return separator.join(country_name(code, language, name) for code, name in self.codes)

    def to_json(self) -> dict[str, Any]:
        return {"template": "", "values": [], "plural": "", "codes": [list(c) for c in self.codes]}


def country_names(pairs: list[tuple[str, str]]) -> CountryNames:
    return CountryNames("", codes=tuple(pairs))


def _(template: str, **values: Any) -> Message:
    """A message from the catalogues, with its values (extracted by `builder catalogues`)."""
    return Message(template, tuple(sorted(values.items())))


def plural_message(singular: str, plural: str, count: int, **values: Any) -> Message:
    """A message whose wording follows `count`, by each language's plural rules."""
    return Message(singular, tuple(sorted({**values, "count": count}.items())), plural)


NO_MESSAGE = Message("")
