"""Turn the answers of a "New initiative" issue into an initiative folder (`from-issue`), and
write the comment that answers the contributor.

The issue may come from the form in any of the six languages (builder/tools/forms.py): its
headings name the questions and its options the values, whatever the language. Answers are
kept as the contributor typed them ("kenya" stays "kenya"), so that the validator's messages
quote them and its suggestions name the code. The comment speaks to someone who answered
questions and never saw a YAML file: in the language of the form they used (or the one they
write in), each problem named by its question, with the hint for answers, and what to do next.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.data import images
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, primary
from builder.data.messages import Message, _, plural_message
from builder.data.problems import COMMENT_FIELD, Problem, one_line
from builder.data.sources import BIDI_CONTROLS, CONTROL_CHARACTERS, INITIATIVE_FILE, INITIATIVES_DIR
from builder.data.suggestions import (
    language_choices,
    latin_slug,
    suggest,
    suggest_boolean,
    suggest_number,
)
from builder.data.vocabularies import Vocabularies
from builder.tools import forms
from builder.tools.github import fenced
from builder.tools.scaffold import SCHEMA_LINE, added_line, yaml_value

NO_RESPONSE = "_No response_"
"""What GitHub writes for a question left empty (in English, whatever the form's language)."""
ATTACHMENT_HOSTS = (
    "https://github.com/user-attachments/",
    "https://user-images.githubusercontent.com/",
    "https://private-user-images.githubusercontent.com/",
)
ATTACHMENT = re.compile(r"""(?:!\[[^\]]*\]\(|src=["'])(https://[^)"'\s]+)""")
MAX_PHOTOS = 12
"""As many pictures as the schema allows under `images`."""


class IssueUnusable(Exception):
    """The issue's answers cannot become an initiative yet. The message says, in one sentence,
    what the contributor can change in the issue."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclass(frozen=True)
class Issue:
    """The answers of an issue by question id, and the language of the form used."""

    answers: dict[str, str]
    language: str
    headings: dict[str, str] = field(default_factory=dict)
    """The heading each answer was under, as the contributor saw it, by question id."""

    def get(self, question: str, default: str = "") -> str:
        return self.answers.get(question, default)


def issue_sections(body: str) -> dict[str, str]:
    """An issue form's answers: `### Label` headings, each followed by its text."""
    sections: dict[str, str] = {}
    label = None
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = re.fullmatch(r"### (.+)", line.strip())
        if heading:
            label = heading.group(1).strip()
            sections[label] = ""
        elif label:
            sections[label] += line + "\n"
    return {k: v.strip() for k, v in sections.items() if v.strip() != NO_RESPONSE}


def typed_language(typed: str) -> str:
    """One of the six languages from the Language answer, written as a code or a name."""
    if primary(typed) in SITE_LANGUAGES:
        return primary(typed)
    found = suggest(typed, language_choices()) if typed else []
    return found[0] if len(found) == 1 and found[0] in SITE_LANGUAGES else ""


def form_language(headings: Iterable[str], language_answer: str) -> str:
    """The language of the form whose labels the headings are. Until the forms are translated,
    several share their labels: then the language the contributor writes in, if it is among
    them, else English."""
    headings = set(headings)
    scores = {
        language: len(headings & set(forms.labels()[language])) for language in SITE_LANGUAGES
    }
    best = max(scores.values())
    candidates = [language for language, score in scores.items() if score == best]
    for preferred in (typed_language(language_answer), DEFAULT_LANGUAGE):
        if preferred in candidates:
            return preferred
    return candidates[0]


def _question_of(heading: str, language: str) -> str | None:
    labels = forms.labels()
    for candidate in (language, *SITE_LANGUAGES):
        if heading in labels[candidate]:
            return labels[candidate][heading]
    return None


def read_issue(body: str) -> Issue:
    sections = issue_sections(body)
    language_answer = next(
        (text for heading, text in sections.items() if _question_of(heading, "en") == "language"),
        "",
    )
    language = form_language(sections, language_answer)
    answers: dict[str, str] = {}
    headings: dict[str, str] = {}
    for heading, text in sections.items():
        question = _question_of(heading, language)
        if question and question not in answers:
            answers[question], headings[question] = text, heading
    return Issue(answers, language, headings)


@dataclass
class Answers:
    """An initiative's fields as a contributor gave them; empty where not given."""

    slug: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _chosen(issue: Issue, question: str, values: Iterable[str], vocab: Vocabularies) -> list[str]:
    """The values chosen in a dropdown; what was typed, entry by entry, if it was edited by
    hand (the validator then says what each entry should be)."""
    text = issue.get(question)
    found = forms.chosen(text, forms.option_values(vocab)[question], list(values))
    return found or _split(text)


def _one(issue: Issue, question: str, values: Iterable[str], vocab: Vocabularies) -> str:
    found = _chosen(issue, question, values, vocab)
    return found[0] if len(found) == 1 else issue.get(question)


def _number(text: str) -> float | str:
    number = suggest_number(text)
    return text if number is None else number


def _pairs(text: str, first: str, second: str) -> list[dict[str, str]]:
    """Lines such as `Annual report | https://example.org/report`."""
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts[0]:
            rows.append({first: parts[0], second: parts[1] if len(parts) > 1 else ""})
    return rows


def answers_from_issue(issue: Issue, vocab: Vocabularies, number: int) -> Answers:
    """Map the answers of the issue form onto the schema, as they were typed."""
    values: dict[str, Any] = {
        "title": issue.get("title"),
        "summary": " ".join(issue.get("summary").split()),
        "description": issue.get("description"),
        "language": issue.get("language"),
        "categories": _chosen(issue, "categories", vocab.categories, vocab),
        "solidarity": _one(issue, "solidarity", vocab.solidarity, vocab),
        "countries": _split(issue.get("countries")),
        "location": {
            "lat": _number(issue.get("lat")),
            "lon": _number(issue.get("lon")),
            "precision": _one(issue, "precision", vocab.precisions, vocab) or "city",
        },
        "contributor": issue.get("contributor"),
    }
    optional = {
        "partner_countries": _split(issue.get("partner_countries")),
        "groups": _chosen(issue, "groups", vocab.groups, vocab),
        "organizations": [
            {"name": row["name"], "type": row["type"] or "civil-society"}
            for row in _pairs(issue.get("organizations"), "name", "type")
        ],
        "links": _pairs(issue.get("links"), "title", "url"),
    }
    values.update({name: value for name, value in optional.items() if value})
    if issue.get("start"):
        values["period"] = {"start": issue.get("start")}
    slug = latin_slug(values["title"]) or f"initiative-from-issue-{number}"
    return Answers(slug, values)


def image_links(issue: Issue) -> list[str]:
    """Every picture in the Photos answer, attached or linked."""
    return ATTACHMENT.findall(issue.get("photos"))


def photo_entries(issue: Issue, files: list[str], vocab: Vocabularies) -> list[dict[str, Any]]:
    alts = [line.strip() for line in issue.get("alts").splitlines() if line.strip()]
    identifiable = _chosen(issue, "identifiable", ("yes", "no"), vocab)
    people = identifiable == ["yes"] or suggest_boolean(issue.get("identifiable")) is True
    entries = []
    for index, file in enumerate(files):
        entry = {
            "file": file,
            "alt": alts[index] if index < len(alts) else "",
            "credit": issue.get("credit"),
            "license": _one(issue, "license", vocab.licenses, vocab),
            "people_identifiable": people,
        }
        if people:
            entry["consent"] = "[x]" in issue.get("consent").lower()
        entries.append(entry)
    return entries


def fetch(url: str, limit: int = images.DOWNLOAD_MAX_BYTES) -> bytes:
    """Download one attachment, refusing anything but GitHub's hosts and anything too large.
    Raises IssueUnusable (whose message has the photo's place, `photo`, left to fill in) or
    OSError."""
    if not url.startswith(ATTACHMENT_HOSTS):
        raise IssueUnusable(
            _("%(photo)s is not attached to the issue; drag the photo into the box")
        )
    with urllib.request.urlopen(url, timeout=30) as response:
        data = response.read(limit + 1)
    if len(data) > limit:
        raise IssueUnusable(
            _(
                "%(photo)s is larger than %(size)s MB; attach a smaller copy of it",
                size=limit // 2**20,
            )
        )
    return data


@dataclass
class Written:
    """The initiative written from an issue, and what the contributor should know about it:
    notes, and the photos that could not be used (the initiative is written without them)."""

    path: Path
    notes: list[Message] = field(default_factory=list)
    refusals: list[Message] = field(default_factory=list)


def check_characters(issue: Issue) -> None:
    """Characters that cannot be saved, or that hide what a text says, in any answer: a lone
    surrogate (half an emoji, from some copy-and-paste), a control or a direction override."""
    for question, text in issue.answers.items():
        label = issue.headings.get(question, question)
        surrogate = re.search("[\ud800-\udfff]", text)
        if surrogate:
            raise IssueUnusable(
                _(
                    "The answer to '%(question)s' contains a broken character (%(code)s), often "
                    "left by copying half of an emoji; type that answer again",
                    question=label,
                    code=f"U+{ord(surrogate.group()):04X}",
                )
            )
        hidden = BIDI_CONTROLS.search(text) or CONTROL_CHARACTERS.search(text)
        if hidden:
            raise IssueUnusable(
                _(
                    "The answer to '%(question)s' contains an invisible character (%(code)s); "
                    "type that answer again instead of pasting it",
                    question=label,
                    code=f"U+{ord(hidden.group()):04X}",
                )
            )


@dataclass
class Photos:
    files: list[str] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    refusals: list[Message] = field(default_factory=list)


def download_photos(issue: Issue, folder: Path, download: Callable[[str], bytes]) -> Photos:
    """Download, clean and save each attached photo. The number of photos is checked before
    anything is downloaded; a photo that cannot be used is left out and said why, and the
    others are still checked, so that one round of edits can fix them all."""
    links = image_links(issue)
    attached = [url for url in links if url.startswith(ATTACHMENT_HOSTS)]
    photos = Photos()
    if len(attached) > MAX_PHOTOS:
        photos.refusals.append(
            _(
                "The Photos answer holds %(count)s photos; the atlas publishes at most "
                "%(most)s: keep the best %(most)s and remove the others",
                count=len(attached),
                most=MAX_PHOTOS,
            )
        )
        return photos
    if len(links) > len(attached):
        photos.notes.append(
            _(
                "Pictures linked from other websites were left out: only photos attached to "
                "the issue (dragged into the Photos box) can be used."
            )
        )
    for number, url in enumerate(attached, start=1):
        photo = _("Photo %(number)s", number=number)
        try:
            cleaned = _cleaned_photo(url, photo, download)
        except IssueUnusable as refused:
            photos.refusals.append(refused.message)
            continue
        name = f"images/photo-{number}.{cleaned.format.lower().replace('jpeg', 'jpg')}"
        (folder / name).write_bytes(cleaned.data)
        photos.files.append(name)
        photos.notes += photo_notes(photo, cleaned)
    return photos


def _cleaned_photo(url: str, photo: Message, download: Callable[[str], bytes]) -> images.Cleaned:
    try:
        return images.clean(download(url))
    except IssueUnusable as refused:
        raise IssueUnusable(refused.message.with_values(photo=photo)) from None
    except images.PictureRefused as refused:
        raise IssueUnusable(
            _(
                "%(reason)s; attach another photo or a new export of this one",
                reason=refused.reason.with_values(name=photo),
            )
        ) from None
    except (OSError, urllib.error.URLError) as error:
        reason = getattr(error, "code", None) or getattr(error, "reason", None) or error
        raise IssueUnusable(
            _(
                "%(photo)s could not be downloaded from GitHub (%(reason)s); attach it again, "
                "then edit the issue so that the check runs again",
                photo=photo,
                reason=str(reason),
            )
        ) from None


def photo_notes(photo: Message, cleaned: images.Cleaned) -> list[Message]:
    notes = []
    if cleaned.removed:
        notes.append(
            _(
                "%(photo)s carried hidden data, which the atlas removed from its copy: "
                "%(removed)s. The file attached to this issue still carries it.",
                photo=photo,
                removed=", ".join(cleaned.removed),
            )
        )
        if images.LOCATION in cleaned.removed:
            notes.append(
                _(
                    "%(photo)s records where it was taken. If that place must stay private, "
                    "ask the maintainers privately to have the attachment deleted (see "
                    "SECURITY.md).",
                    photo=photo,
                )
            )
    if cleaned.after != cleaned.before:
        notes.append(
            _(
                "%(photo)s was made smaller, from %(before)s to %(after)s pixels.",
                photo=photo,
                before="x".join(map(str, cleaned.before)),
                after="x".join(map(str, cleaned.after)),
            )
        )
    return notes


def write_from_issue(
    root: Path, body: str, vocab: Vocabularies, number: int, download: Callable | None = None
) -> Written:
    """An initiative folder from an issue's answers. Raises IssueUnusable, with a message for
    the contributor, when nothing sensible can be written."""
    issue = read_issue(body)
    check_characters(issue)
    answers = answers_from_issue(issue, vocab, number)
    if (root / INITIATIVES_DIR / answers.slug).exists():
        answers.slug = f"{answers.slug}-{number}"
    folder = root / INITIATIVES_DIR / answers.slug
    if folder.exists():
        raise IssueUnusable(
            _(
                "An initiative folder named '%(name)s' already exists; change the answer to "
                "'%(question)s' so that it names this initiative differently",
                name=answers.slug,
                question=forms.label_of("title", issue.language),
            )
        )
    (folder / "images").mkdir(parents=True)
    photos = download_photos(issue, folder, download) if download else Photos()
    values = dict(answers.values)
    if photos.files:
        values["images"] = photo_entries(issue, photos.files, vocab)
    description = values.pop("description", "")
    lines = [SCHEMA_LINE, f"# Made from issue #{number}.", f"id: {answers.slug}", added_line()]
    lines += [f"{name}: {yaml_value(value)}" for name, value in values.items()]
    lines += [
        "description: |2",
        *[f"  {line}" if line.strip() else "" for line in description.splitlines()],
    ]
    path = folder / INITIATIVE_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Written(path, photos.notes, photos.refusals)


FIELD_QUESTIONS = {
    "id": "title", "(folder name)": "title", "location.lat": "lat", "location.lon": "lon",
    "location.precision": "precision", "location": "lat", "period": "start", "alt": "alts",
    "credit": "credit", "license": "license", "file": "photos", "consent": "consent",
    "people_identifiable": "identifiable", "organizations": "organizations", "links": "links",
    COMMENT_FIELD: "description",
}  # fmt: skip
"""Fields of initiative.yaml by the question of the issue form that fills them, where their
names differ."""


def question_for(problem: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """The question of the issue form a problem is about, as the contributor saw it."""
    field_name = re.sub(r"\[\d+\]", "", problem.field)
    known = {question.id for question in forms.questions()}
    for key in (field_name, field_name.split(".")[-1], field_name.split(".")[0]):
        question = FIELD_QUESTIONS.get(key, key)
        if question in known:
            return forms.label_of(question, language)
    return _("the whole issue").render(language)


def problem_lines(problem: Problem, language: str) -> list[str]:
    """A problem as the comment says it: its question, what is wrong, what to do."""
    lines = [
        _(
            "%(question)s: %(problem)s",
            question=question_for(problem, language),
            problem=problem.message,
        ).render(language)
    ]
    hint = problem.answer_hint()
    if hint.template:
        lines.append("    " + _("what to do: %(hint)s", hint=hint).render(language))
    return [one_line(line) for line in lines]


def issue_comment(
    problems: Iterable[Problem],
    notes: Iterable[Message] = (),
    refusals: Iterable[Message] = (),
    language: str = DEFAULT_LANGUAGE,
    proposing: bool = False,
) -> str:
    """The comment posted on the issue: what to change and how, or that the answers are valid
    (and, when `proposing`, that a pull request is on its way). Everything the contributor
    wrote stays inside a fence, where it cannot become a link, an image, HTML or a mention."""
    problems, notes, refusals = sorted(set(problems)), list(notes), list(refusals)
    lines = []
    if problems or refusals:
        found = [one_line(refusal.render(language)) for refusal in refusals]
        for problem in problems:
            found += problem_lines(problem, language)
        count = len(problems) + len(refusals)
        lines += [
            plural_message(
                "The atlas cannot use these answers yet: %(count)s thing to change.",
                "The atlas cannot use these answers yet: %(count)s things to change.",
                count,
            ).render(language),
            "",
            fenced("\n".join(found)),
            "",
            _(
                "What to do next: edit this issue (the ··· menu at its top, then Edit), change "
                "the answers named above, and save. The check then runs again by itself and "
                "answers here."
            ).render(language),
            "",
        ]
    elif proposing:
        lines += [
            _("Thank you: the answers are valid, and a pull request is being opened.").render(
                language
            ),
            "",
        ]
    else:
        lines += [
            _(
                "Thank you: every answer is valid. A maintainer will now review the initiative "
                "and turn it into a pull request."
            ).render(language),
            "",
        ]
    if notes:
        shown = "\n".join(one_line(note.render(language)) for note in notes)
        lines += [_("About the photos:").render(language), "", fenced(shown), ""]
    return "\n".join(lines)
