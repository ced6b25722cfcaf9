"""The "New initiative" issue form, in the six languages, from this one description
(`python -m builder forms` writes .github/ISSUE_TEMPLATE/new-initiative*.yml).

Every label, description and option goes through the catalogues (option labels of
vocabularies come from their labels in each language), and every language's form has the
same ids. GitHub writes an issue's answers under `### <label>` headings, in the language of
the form used, so `from-issue` reads the answers with the maps made here: a heading of any of
the six forms names its question, and an option of any of them its value (the id shown in
brackets after each vocabulary option).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, autonym
from builder.data.messages import NO_MESSAGE, Message, _
from builder.data.vocabularies import Vocabularies

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
FORM_LABEL = "new-initiative"
"""The label every form adds to its issue; the workflow checks only issues that carry it."""
HEADER = (
    "# Written by `python -m builder forms` from builder/tools/forms.py: change that file and run\n"
    "# the command again, never this file. The route without Git: the answers become\n"
    "# initiatives/<id>/initiative.yaml (python -m builder from-issue).\n"
)


def form_file(language: str) -> str:
    """new-initiative.yml is the English form; new-initiative-<lang>.yml the others."""
    suffix = "" if language == DEFAULT_LANGUAGE else f"-{language}"
    return f"{FORM_LABEL}{suffix}.yml"


@dataclass(frozen=True)
class Note:
    """Text shown between the questions (Markdown), not part of the answers."""

    text: Message
    heading: Message = NO_MESSAGE


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    """input, textarea, dropdown or checkboxes, as GitHub names them."""
    label: Message
    description: Message = NO_MESSAGE
    placeholder: Message | str = ""
    required: bool = False
    multiple: bool = False
    vocabulary: str = ""
    """The vocabulary whose terms are the options, each shown as 'Label (id)'."""
    choices: tuple[tuple[str, Message], ...] = ()
    """Fixed options: (value, label)."""


def _privacy_guide(language: str) -> str:
    folder = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    return f"../blob/main/docs/{folder}privacy.md"


def elements() -> tuple[Note | Question, ...]:
    """The form, in order. Labels are the questions a contributor sees, and how problems are
    named in the comment on the issue."""
    return (
        Note(
            _(
                "Everything you write here is **public**, now and later. Please read the "
                "[privacy and safety guide](%(guide)s) first. Write no e-mail addresses, phone "
                "numbers or home addresses. An automatic check answers within minutes with "
                "anything that needs fixing; a maintainer then reviews your answers and turns "
                "them into a pull request."
            )
        ),
        Note(
            _(
                "Your texts are published under the [CC BY 4.0 licence]"
                "(https://creativecommons.org/licenses/by/4.0/): anyone may reuse them with "
                "credit to the Solidarity Atlas. Each photo is published under the licence you "
                "choose for it below."
            )
        ),
        Question(
            "title",
            "input",
            _("Title"),
            _("The name of the initiative, at most 120 characters."),
            _("Women Mediators Network"),
            required=True,
        ),
        Question(
            "summary",
            "textarea",
            _("Summary"),
            _(
                "One or two plain sentences that say what the initiative does (20 to 300 "
                "characters)."
            ),
            required=True,
        ),
        Question(
            "description",
            "textarea",
            _("Description"),
            _(
                "The full story, 50 to 5,000 characters. You may use Markdown: paragraphs, "
                "lists, **bold** and https:// links. No HTML."
            ),
            required=True,
        ),
        Question(
            "language",
            "input",
            _("Language"),
            _("The language you write in, as a code: en, es, fr, ar, pt-BR ..."),
            "en",
            required=True,
        ),
        Question(
            "categories",
            "dropdown",
            _("Categories"),
            _("One to three themes. Each is linked to human rights."),
            required=True,
            multiple=True,
            vocabulary="categories",
        ),
        Question(
            "solidarity",
            "dropdown",
            _("Kind of solidarity"),
            _(
                "Preventive: acting before harm is done. Reactive: responding to harm that has "
                "happened."
            ),
            required=True,
            vocabulary="solidarity",
        ),
        Question(
            "countries",
            "input",
            _("Countries"),
            _(
                "Where it happens: two-letter country codes in capitals, separated by commas "
                "(KE for Kenya, BR for Brazil)."
            ),
            "KE, UG",
            required=True,
        ),
        Question(
            "partner_countries",
            "input",
            _("Partner countries"),
            _(
                "Where the solidarity comes from, if from other countries. Two-letter codes, "
                "separated by commas."
            ),
            "BR, ZA",
        ),
        Question(
            "groups",
            "dropdown",
            _("Who benefits"),
            _("Choose any that apply."),
            multiple=True,
            vocabulary="groups",
        ),
        Note(
            _(
                "Give the centre of the **town, region or country**, with at most **2 "
                "decimals** (about 1 km). Never the address of an office, a shelter or a "
                "person: the map is public, and a precise point can put people at risk."
            ),
            _("Location: keep it coarse"),
        ),
        Question(
            "lat",
            "input",
            _("Latitude"),
            _("Degrees north; negative for south. At most 2 decimals."),
            "-1.29",
            required=True,
        ),
        Question(
            "lon",
            "input",
            _("Longitude"),
            _("Degrees east; negative for west. At most 2 decimals."),
            "36.82",
            required=True,
        ),
        Question(
            "precision",
            "dropdown",
            _("Precision of the point"),
            _("What the point stands for."),
            required=True,
            vocabulary="precisions",
        ),
        Question(
            "organizations",
            "textarea",
            _("Organisations"),
            _(
                "One per line: name | type. Types: civil-society, labour-union, "
                "indigenous-organization, academic, faith-based, youth, network, other. No "
                "people's names or contact details."
            ),
            _("Red de Mediadoras | network"),
        ),
        Question(
            "links",
            "textarea",
            _("Links"),
            _("Public pages about the initiative, one per line: title | https://address"),
            _("Annual report 2023 | https://example.org/report"),
        ),
        Question(
            "start",
            "input",
            _("Start"),
            _("When it started: YYYY, YYYY-MM or YYYY-MM-DD."),
            "2019-03",
        ),
        Note(
            _(
                "Photos from phones carry the **GPS position** where they were taken. The "
                "atlas removes it, and all other hidden data, from its own copy, but the file "
                "you attach here stays on GitHub as it is: switch off location on your phone, "
                "or remove it from the photo, before you attach it (CONTRIBUTING.md, section 3, "
                "explains how). Only attach photos of people who can be recognised if **every "
                "one of them agreed** to publication. Up to 12 photos, JPEG, PNG or WebP, at "
                "least 400 pixels on the shorter side; large ones are made smaller."
            ),
            _("Photos: think of the people in them"),
        ),
        Question(
            "photos",
            "textarea",
            _("Photos"),
            _("Drag and drop your photos here (up to 12)."),
        ),
        Question(
            "alts",
            "textarea",
            _("Describe each photo"),
            _(
                "One line per photo, in the same order: what it shows, for people who cannot "
                "see it."
            ),
        ),
        Question(
            "credit",
            "input",
            _("Photo credit"),
            _("Who made the photos: a name, an organisation or a pseudonym."),
        ),
        Question(
            "license",
            "dropdown",
            _("Photo licence"),
            _("Under which licence may the atlas publish them?"),
            vocabulary="licenses",
        ),
        Question(
            "identifiable",
            "dropdown",
            _("Can anyone be recognised in the photos?"),
            _("Faces, or anything else that identifies a person."),
            choices=(("no", _("No")), ("yes", _("Yes"))),
        ),
        Question(
            "consent",
            "checkboxes",
            _("Consent"),
            choices=(
                (
                    "yes",
                    _("Everyone who can be recognised in the photos agreed to their publication."),
                ),
            ),
        ),
        Question(
            "contributor",
            "input",
            _("Contributor"),
            _("Your organisation's name or a pseudonym. Never an e-mail address or phone number."),
            required=True,
        ),
    )


def questions() -> tuple[Question, ...]:
    return tuple(item for item in elements() if isinstance(item, Question))


def _text(value: Message | str, language: str) -> str:
    return value.render(language) if isinstance(value, Message) else value


def vocabulary_options(question: Question, vocab: Vocabularies, language: str) -> list[str]:
    terms = getattr(vocab, question.vocabulary)
    return [f"{term.title.get(language)} ({term_id})" for term_id, term in terms.items()]


def options(question: Question, vocab: Vocabularies, language: str) -> list[tuple[str, str]]:
    """(value, option as shown) for each option of a dropdown or a checkbox."""
    if question.vocabulary:
        terms = getattr(vocab, question.vocabulary)
        return list(zip(terms, vocabulary_options(question, vocab, language), strict=True))
    return [(value, label.render(language)) for value, label in question.choices]


def _note(note: Note, language: str) -> dict[str, Any]:
    value = note.text.with_values(guide=_privacy_guide(language)).render(language)
    if note.heading.template:
        value = f"### {note.heading.render(language)}\n{value}"
    return {"type": "markdown", "attributes": {"value": value}}


def _question(question: Question, vocab: Vocabularies, language: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": question.label.render(language)}
    if question.description.template:
        attributes["description"] = question.description.render(language)
    if question.placeholder:
        attributes["placeholder"] = _text(question.placeholder, language)
    shown = [label for _value, label in options(question, vocab, language)]
    if question.kind == "checkboxes":
        attributes["options"] = [{"label": label} for label in shown]
        return {"type": question.kind, "id": question.id, "attributes": attributes}
    if question.multiple:
        attributes["multiple"] = True
    if shown:
        attributes["options"] = shown
    return {
        "type": question.kind,
        "id": question.id,
        "attributes": attributes,
        "validations": {"required": question.required},
    }


def form(vocab: Vocabularies, language: str) -> dict[str, Any]:
    """The issue form in one language, as GitHub reads it."""
    name = _("New initiative").render(language)
    return {
        "name": f"{name} ({autonym(language)})",
        "description": _(
            "Propose an initiative for the atlas without using Git. A maintainer turns it into "
            "a pull request."
        ).render(language),
        "title": _("New initiative: ").render(language),
        "labels": [FORM_LABEL],
        "body": [
            _note(item, language) if isinstance(item, Note) else _question(item, vocab, language)
            for item in elements()
        ],
    }


def form_text(vocab: Vocabularies, language: str) -> str:
    body = yaml.safe_dump(form(vocab, language), sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def forms(vocab: Vocabularies) -> Iterator[tuple[str, str]]:
    """(file name, text) of the form in each language."""
    for language in SITE_LANGUAGES:
        yield form_file(language), form_text(vocab, language)


def write_forms(root: Path, vocab: Vocabularies) -> list[str]:
    """Write every form that differs from what this module makes; the files written."""
    folder = root / FORMS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in forms(vocab):
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append((FORMS_DIR / name).as_posix())
    return written


@cache
def labels() -> dict[str, dict[str, str]]:
    """For each language, its form's question labels with the id each stands for."""
    return {
        language: {question.label.render(language): question.id for question in questions()}
        for language in SITE_LANGUAGES
    }


def label_of(question_id: str, language: str) -> str:
    return next(label for label, found in labels()[language].items() if found == question_id)


def option_values(vocab: Vocabularies) -> dict[str, dict[str, str]]:
    """For each question with options, every option of the six forms with its value."""
    return {
        question.id: {
            label: value
            for language in SITE_LANGUAGES
            for value, label in options(question, vocab, language)
        }
        for question in questions()
        if question.vocabulary or question.choices
    }


_BRACKETED = re.compile(r"\(([^()]+)\)")


def chosen(text: str, known: dict[str, str], values: list[str]) -> list[str]:
    """The values an answer names: its options (in any language), else the ids written in
    brackets, else an id that starts it (as older forms wrote options: "city",
    "CC-BY-4.0 (CC BY 4.0)"), else nothing (the answer was typed by hand)."""
    text = text.strip()
    if text in known:
        return [known[text]]
    found = list(dict.fromkeys(v for v in _BRACKETED.findall(text) if v in values))
    first = text.split(maxsplit=1)[:1]
    return found or [word for word in first if word in values]
