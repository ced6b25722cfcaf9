"""Start an initiative with `builder new`: a commented template, filled in with the answers
given as options or on a terminal. Each answer is checked as it is given, by the validator's
own rules and with its suggestions ("Philippines" -> PH), so that a wrong answer is said at
once and only that one is asked again; numbers are read as people type them (7,19 or
7.19° N). The file written is plain YAML that the validator then checks like any other.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.data.checks import SLUG, check_precision, check_private_details
from builder.data.i18n import DEFAULT_LANGUAGE
from builder.data.messages import Message, _
from builder.data.problems import Problem, field_path
from builder.data.schema import check_schema
from builder.data.sources import INITIATIVE_FILE, INITIATIVES_DIR, Source
from builder.data.suggestions import latin_slug, suggest_number

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/initiative.schema.json"
LOCATION_FIELDS = ("lat", "lon", "precision")


class NameUnusable(Exception):
    """The folder name cannot be used: it is not a valid id, or the folder already exists."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


def yaml_value(value: Any) -> str:
    """A value written as YAML flow text; JSON's quoting is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Field:
    """One answer `new` takes, as an option (`--name`) or a question."""

    name: str
    question: Message
    """What to write: the question on a terminal, the comment in the template, the option's
    help."""
    example: str
    many: bool = False
    """A list: the option may be repeated, and commas separate entries."""
    number: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return ("location", self.name) if self.name in LOCATION_FIELDS else (self.name,)


def fields() -> tuple[Field, ...]:
    """The answers `new` takes, in the order of the template."""
    return (
        Field(
            "title", _("The name of the initiative (at most 120 characters)."), "Lake Seed Savers"
        ),
        Field(
            "summary",
            _("One or two plain sentences: what the initiative does (20 to 300 characters)."),
            "Farmers around the lake keep and share the seeds of local crops.",
        ),
        Field(
            "language",
            _("The language you write in, as a code: en, es, fr, ar, pt-BR ..."),
            "fr",
        ),
        Field(
            "categories",
            _("One to three category ids from schema/vocabularies.yaml, separated by commas."),
            "food-agriculture-fishing, environment-climate",
            many=True,
        ),
        Field(
            "solidarity",
            _("preventive (before harm is done) or reactive (after)."),
            "reactive",
        ),
        Field(
            "countries",
            _("Where it happens: two-letter country codes in capitals, separated by commas."),
            "KE, UG",
            many=True,
        ),
        Field(
            "contributor",
            _("An organisation's name or a pseudonym. Never an e-mail address or phone number."),
            "Lake Seed Savers",
        ),
        Field(
            "description",
            _("The full description, in Markdown (at least 50 characters). No HTML."),
            "Since 2019, farmers bring back twice the seed they borrow.",
        ),
        Field(
            "lat",
            _(
                "The latitude of the town, not of an address: at most 2 decimals, negative "
                "south of the equator."
            ),
            "-0.09",
            number=True,
        ),
        Field(
            "lon",
            _("The longitude of the town: at most 2 decimals, negative west of Greenwich."),
            "34.77",
            number=True,
        ),
        Field(
            "precision",
            _("What the point stands for: country, region, city or approximate."),
            "city",
        ),
    )


def field_named(name: str) -> Field:
    return next(field for field in fields() if field.name == name)


def option_help(field: Field) -> str:
    """The help of one option of `new`, with an example (for `--help`, in English)."""
    return _(
        "%(question)s For example: %(example)s",
        question=field.question,
        example=(f'--{field.name} "{field.example}"'),
    ).render()


def added_line() -> str:
    """`added:` with the current day in UTC, for a file written now."""
    return f'added: "{datetime.datetime.now(datetime.UTC).date().isoformat()}"'


def template(slug: str, given: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> str:
    """The text of a new initiative.yaml; fields not given stay empty and fail validation."""

    def comment(message: Message) -> list[str]:
        return [f"# {line}" for line in message.render(language).splitlines()]

    lines = [
        SCHEMA_LINE,
        *comment(_("A new initiative. Fill in every empty value, then check your work with:")),
        f"#   python -m builder validate {INITIATIVES_DIR}/{slug}",
        *comment(
            _("Everything in this file is published. Write no e-mail addresses or phone numbers.")
        ),
        f"id: {slug}",
        added_line(),
    ]
    for field in fields():
        if field.path == (field.name,) and field.name != "description":
            value = given.get(field.name, [] if field.many else "")
            lines += [*comment(field.question), f"{field.name}: {yaml_value(value)}"]
    description = given.get("description", "")
    lines += [
        *comment(field_named("description").question),
        "description: |2",
        *[f"  {line}" if line else "" for line in (description or "").splitlines() or [""]],
        *comment(_("A coarse point, at most 2 decimals (about 1 km): the town, not an address.")),
        "location:",
        f"  lat: {yaml_value(given.get('lat'))}",
        f"  lon: {yaml_value(given.get('lon'))}",
        f"  # {field_named('precision').question.render(language)}",
        f"  precision: {yaml_value(given.get('precision', 'city'))}",
        *comment(
            _(
                "Optional: groups, partner_countries, rights, sdgs, organizations, period, "
                "links, images, contact_url, and what the initiative seeks and offers (seeks, "
                "offers, calls) so that other groups find it. See CONTRIBUTING.md for each "
                "field, with an example."
            )
        ),
    ]
    return "\n".join(lines) + "\n"


def answer_value(field: Field, typed: str | Iterable[str]) -> Any:
    """An answer as the template writes it: a list split at commas, a number as people type
    it (7,19 or 7.19° N), else the text (which the checks then explain)."""
    texts = [typed] if isinstance(typed, str) else list(typed)
    if field.many:
        return [part.strip() for text in texts for part in text.split(",") if part.strip()]
    text = " ".join(texts).strip() if field.name != "description" else "\n".join(texts).strip()
    if field.number:
        number = suggest_number(text)
        return text if number is None else number
    return text


def answer_problems(field: Field, value: Any, slug: str, schema_dir: Path) -> list[Problem]:
    """What the validator would say about this one answer: the schema's rules, private details
    and the precision of a point, with the same suggestions."""
    data: dict[str, Any] = (
        {"location": {field.name: value}} if field.path[0] == "location" else {field.name: value}
    )
    source = Source(slug, Path(INITIATIVES_DIR, slug), field.name, data)
    found = [
        *check_schema(source, schema_dir),
        *check_private_details(source, data),
        *check_precision(source, data),
    ]
    where = field_path(field.path)
    return [
        problem
        for problem in found
        if problem.field == where or problem.field.startswith((f"{where}[", f"{where}."))
    ]


def problem_lines(problem: Problem, language: str) -> list[str]:
    lines = [problem.message.render(language)]
    hint = problem.answer_hint()
    if hint.template:
        lines.append("    " + _("what to do: %(hint)s", hint=hint).render(language))
    return lines


def checked_options(
    options: dict[str, Any], slug: str, schema_dir: Path, language: str
) -> tuple[dict[str, Any], list[str]]:
    """The answers given as options, and what is wrong with them (each line names its
    option)."""
    given, report = {}, []
    for name, typed in options.items():
        field = field_named(name)
        value = answer_value(field, typed)
        problems = answer_problems(field, value, slug, schema_dir)
        for problem in problems:
            first, *rest = problem_lines(problem, language)
            report += [f"--{name}: {first}", *rest]
        if not problems:
            given[name] = value
    return given, report


def prompt_answers(
    slug: str,
    ask: Callable[[str], str],
    tell: Callable[[str], None],
    schema_dir: Path,
    language: str = DEFAULT_LANGUAGE,
) -> dict[str, Any]:
    """Ask each question on a terminal; a wrong answer is explained and asked again, an empty
    one leaves the field empty. The end of input (Ctrl-D) or Ctrl-C stops the questions and
    keeps every answer already given."""
    given: dict[str, Any] = {}
    for field in fields():
        prompt = _("%(name)s: %(question)s ", name=field.name, question=field.question)
        while True:
            try:
                typed = ask(prompt.render(language)).strip()
            except (EOFError, KeyboardInterrupt):
                tell(_("Stopped: the answers given so far are kept.").render(language))
                return given
            if not typed:
                break
            value = answer_value(field, typed)
            problems = answer_problems(field, value, slug, schema_dir)
            if not problems:
                given[field.name] = value
                break
            for problem in problems:
                tell("\n".join(problem_lines(problem, language)))
    return given


def check_name(root: Path, slug: str) -> None:
    """Raise NameUnusable, with a name to use instead where there is one."""
    if not SLUG.fullmatch(slug):
        suggestion = latin_slug(slug)
        if suggestion and not (root / INITIATIVES_DIR / suggestion).exists():
            raise NameUnusable(
                _(
                    "'%(name)s' must be lower-case letters a-z, digits and single hyphens: "
                    "choose another name, such as %(suggestion)s",
                    name=slug,
                    suggestion=suggestion,
                )
            )
        raise NameUnusable(
            _(
                "'%(name)s' must be lower-case letters a-z, digits and single hyphens: choose "
                "another name",
                name=slug,
            )
        )
    if (root / INITIATIVES_DIR / slug).exists():
        raise NameUnusable(
            _("%(folder)s already exists: choose another name", folder=f"{INITIATIVES_DIR}/{slug}")
        )


def write_new(
    root: Path, slug: str, given: dict[str, Any], language: str = DEFAULT_LANGUAGE
) -> Path:
    check_name(root, slug)
    folder = root / INITIATIVES_DIR / slug
    (folder / "images").mkdir(parents=True)
    path = folder / INITIATIVE_FILE
    path.write_text(template(slug, given, language), encoding="utf-8")
    return path
