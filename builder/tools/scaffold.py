"""Start an initiative: a commented template (`new`) or the answers of an issue form
(`from-issue`). Both write plain YAML that the validator then checks like any other."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.data import images
from builder.data.checks import SLUG
from builder.data.problems import Problem
from builder.data.sources import BIDI_CONTROLS, CONTROL_CHARACTERS, INITIATIVE_FILE, INITIATIVES_DIR
from builder.data.vocabularies import Vocabularies
from builder.tools.github import fenced

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/initiative.schema.json"
NO_RESPONSE = "_No response_"
ATTACHMENT_HOSTS = (
    "https://github.com/user-attachments/",
    "https://user-images.githubusercontent.com/",
    "https://private-user-images.githubusercontent.com/",
)
ATTACHMENT = re.compile(r"""(?:!\[[^\]]*\]\(|src=["'])(https://[^)"'\s]+)""")
MAX_PHOTOS = 12
"""As many pictures as the schema allows under `images`."""


class NameUnusable(Exception):
    """The folder name cannot be used: it is not a valid id, or the folder already exists."""


class IssueUnusable(Exception):
    """The issue's answers cannot become an initiative yet. The message says, in one sentence,
    what the contributor can change in the issue."""


@dataclass
class Answers:
    """An initiative's fields as a contributor gave them; empty where not given."""

    slug: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def yaml_value(value: Any) -> str:
    """A value written as YAML flow text; JSON's quoting is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


TEMPLATE_FIELDS = [
    ("title", "The name of the initiative (at most 120 characters).", ""),
    ("summary", "One or two plain sentences: what the initiative does (at most 300).", ""),
    ("language", "The language you write in, as a code: en, es, fr, ar, pt-BR ...", ""),
    ("categories", "One to three ids from schema/vocabularies.yaml.", []),
    ("solidarity", "preventive (before harm is done) or reactive (after).", ""),
    ("countries", "Where it happens: two-letter codes in capitals, e.g. [KE, UG].", []),
    ("contributor", "An organisation's name or a pseudonym. Never an e-mail or phone.", ""),
]


def added_line() -> str:
    """`added:` with the current day in UTC, for a file written now."""
    return f'added: "{datetime.datetime.now(datetime.UTC).date().isoformat()}"'


def template(slug: str, given: dict[str, Any]) -> str:
    """The text of a new initiative.yaml; fields not given stay empty and fail validation."""
    lines = [
        SCHEMA_LINE,
        "# A new initiative. Fill in every empty value, then check your work with:",
        f"#   python -m builder validate {INITIATIVES_DIR}/{slug}",
        "# Everything in this file is published. Write no e-mail addresses or phone numbers.",
        f"id: {slug}",
        added_line(),
    ]
    for name, comment, empty in TEMPLATE_FIELDS:
        lines += [f"# {comment}", f"{name}: {yaml_value(given.get(name, empty))}"]
    description = given.get("description", "")
    lines += [
        "# The full description, in Markdown (at least 50 characters): paragraphs, lists,",
        "# **bold**, *italics* and https:// links. No HTML.",
        "description: |2",
        *[f"  {line}" if line else "" for line in (description or "").splitlines() or [""]],
        "# A coarse point, at most 2 decimals (about 1 km): the town, not an address.",
        "location:",
        f"  lat: {yaml_value(given.get('lat'))}",
        f"  lon: {yaml_value(given.get('lon'))}",
        "  # country, region, city or approximate",
        f"  precision: {yaml_value(given.get('precision', 'city'))}",
        "# Optional: groups, partner_countries, rights, sdgs, organizations, period, links,",
        "# images. See CONTRIBUTING.md for each field, with an example.",
    ]
    return "\n".join(lines) + "\n"


def prompt_answers(slug: str, ask: Callable[[str], str]) -> dict[str, Any]:
    """Ask for each required field on a terminal; an empty answer leaves the field empty."""
    given: dict[str, Any] = {}
    for name, comment, empty in TEMPLATE_FIELDS:
        answer = ask(f"{name} ({comment}) ").strip()
        if answer:
            given[name] = [a.strip() for a in answer.split(",")] if empty == [] else answer
    for name in ("description", "lat", "lon"):
        answer = ask(f"{name}: ").strip()
        if answer:
            given[name] = _number(answer) if name in ("lat", "lon") else answer
    return given


def write_new(root: Path, slug: str, given: dict[str, Any]) -> Path:
    if not SLUG.fullmatch(slug):
        raise NameUnusable(f"'{slug}' must be lower-case letters a-z, digits and single hyphens")
    folder = root / INITIATIVES_DIR / slug
    if folder.exists():
        raise NameUnusable(f"{INITIATIVES_DIR}/{slug} already exists")
    (folder / "images").mkdir(parents=True)
    path = folder / INITIATIVE_FILE
    path.write_text(template(slug, given), encoding="utf-8")
    return path


def slug_from(title: str, fallback: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:60].strip("-") or fallback


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


QUESTIONS = {
    "title": "Title",
    "summary": "Summary",
    "description": "Description",
    "language": "Language",
    "categories": "Categories",
    "solidarity": "Kind of solidarity",
    "countries": "Countries",
    "lat": "Latitude",
    "lon": "Longitude",
    "precision": "Precision of the point",
    "contributor": "Contributor",
    "partner_countries": "Partner countries",
    "groups": "Who benefits",
    "organizations": "Organisations",
    "links": "Links",
    "start": "Start",
    "photos": "Photos",
    "alts": "Describe each photo",
    "identifiable": "Can anyone be recognised in the photos?",
    "credit": "Photo credit",
    "license": "Photo licence",
    "consent": "Consent",
}
"""The questions of .github/ISSUE_TEMPLATE/new-initiative.yml, by what the answer fills in."""


def issue_answers(body: str) -> dict[str, str]:
    """The answers of a 'New initiative' issue, by the keys of QUESTIONS."""
    sections = issue_sections(body)
    return {key: sections[label] for key, label in QUESTIONS.items() if label in sections}


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _ids(text: str, terms: dict[str, Any]) -> list[str]:
    """Ids from dropdown answers such as 'Education (education), Health (health)'."""
    found = [i for i in re.findall(r"\(([a-z0-9-]+)\)", text) if i in terms]
    return found or _split(text)


def _number(text: str) -> float | str:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _pairs(text: str, first: str, second: str) -> list[dict[str, str]]:
    """Lines such as `Annual report | https://example.org/report`."""
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts[0]:
            rows.append({first: parts[0], second: parts[1] if len(parts) > 1 else ""})
    return rows


def answers_from_issue(body: str, vocab: Vocabularies, number: int) -> Answers:
    """Map the issue form (.github/ISSUE_TEMPLATE/new-initiative.yml) onto the schema."""
    s = issue_answers(body)
    values: dict[str, Any] = {
        "title": s.get("title", ""),
        "summary": " ".join(s.get("summary", "").split()),
        "description": s.get("description", ""),
        "language": s.get("language", ""),
        "categories": _ids(s.get("categories", ""), vocab.categories),
        "solidarity": s.get("solidarity", "").split(" ")[0].lower(),
        "countries": [c.upper() for c in _split(s.get("countries", ""))],
        "location": {
            "lat": _number(s.get("lat", "")),
            "lon": _number(s.get("lon", "")),
            "precision": s.get("precision", "city").lower(),
        },
        "contributor": s.get("contributor", ""),
    }
    optional = {
        "partner_countries": [c.upper() for c in _split(s.get("partner_countries", ""))],
        "groups": _ids(s.get("groups", ""), vocab.groups),
        "organizations": [
            {"name": row["name"], "type": row["type"] or "civil-society"}
            for row in _pairs(s.get("organizations", ""), "name", "type")
        ],
        "links": _pairs(s.get("links", ""), "title", "url"),
    }
    values.update({name: value for name, value in optional.items() if value})
    if s.get("start"):
        values["period"] = {"start": s["start"]}
    slug = slug_from(values["title"], f"initiative-from-issue-{number}")
    return Answers(slug, values)


def image_links(body: str) -> list[str]:
    """Every picture in the Photos answer, attached or linked."""
    return ATTACHMENT.findall(issue_answers(body).get("photos", ""))


def photo_entries(body: str, files: list[str]) -> list[dict[str, Any]]:
    s = issue_answers(body)
    alts = [line.strip() for line in s.get("alts", "").splitlines() if line.strip()]
    identifiable = s.get("identifiable", "No").lower().startswith("yes")
    entries = []
    for index, file in enumerate(files):
        entry = {
            "file": file,
            "alt": alts[index] if index < len(alts) else "",
            "credit": s.get("credit", ""),
            "license": s.get("license", "").split(" ")[0],
            "people_identifiable": identifiable,
        }
        if identifiable:
            entry["consent"] = "[x]" in s.get("consent", "").lower()
        entries.append(entry)
    return entries


def fetch(url: str, limit: int = images.DOWNLOAD_MAX_BYTES) -> bytes:
    """Download one attachment, refusing anything but GitHub's hosts and anything too large.
    Raises IssueUnusable (with `{photo}` for the photo's place in the answer) or OSError."""
    if not url.startswith(ATTACHMENT_HOSTS):
        raise IssueUnusable("{photo} is not attached to the issue; drag the photo into the box")
    with urllib.request.urlopen(url, timeout=30) as response:
        data = response.read(limit + 1)
    if len(data) > limit:
        raise IssueUnusable(
            f"{{photo}} is larger than {limit // 2**20} MB; attach a smaller copy of it"
        )
    return data


@dataclass
class Written:
    """The initiative written from an issue, and what the contributor should know about it."""

    path: Path
    notes: list[str] = field(default_factory=list)


def check_characters(body: str) -> None:
    """Characters that cannot be saved, or that hide what a text says, in any answer: a lone
    surrogate (half an emoji, from some copy-and-paste), a control or a direction override."""
    sections = issue_sections(body)
    for label, text in sections.items():
        surrogate = re.search("[\ud800-\udfff]", text)
        if surrogate:
            raise IssueUnusable(
                f"The answer to '{label}' contains a broken character "
                f"(U+{ord(surrogate.group()):04X}), often left by copying half of an emoji; "
                "type that answer again"
            )
        hidden = BIDI_CONTROLS.search(text) or CONTROL_CHARACTERS.search(text)
        if hidden:
            raise IssueUnusable(
                f"The answer to '{label}' contains an invisible character "
                f"(U+{ord(hidden.group()):04X}); type that answer again instead of pasting it"
            )


def download_photos(
    body: str, folder: Path, download: Callable[[str], bytes]
) -> tuple[list[str], list[str]]:
    """Download, clean and save each attached photo: (the files written, notes for the
    contributor). The number of photos is checked before anything is downloaded."""
    links = image_links(body)
    attached = [url for url in links if url.startswith(ATTACHMENT_HOSTS)]
    if len(attached) > MAX_PHOTOS:
        raise IssueUnusable(
            f"The Photos answer holds {len(attached)} photos; the atlas publishes at most "
            f"{MAX_PHOTOS}: keep the best {MAX_PHOTOS} and remove the others"
        )
    notes = []
    if len(links) > len(attached):
        notes.append(
            "Pictures linked from other websites were left out: only photos attached to the "
            "issue (dragged into the Photos box) can be used."
        )
    files = []
    for number, url in enumerate(attached, start=1):
        photo = f"Photo {number}"
        cleaned = _cleaned_photo(url, photo, download)
        name = f"images/photo-{number}.{cleaned.format.lower().replace('jpeg', 'jpg')}"
        (folder / name).write_bytes(cleaned.data)
        files.append(name)
        notes += photo_notes(photo, cleaned)
    return files, notes


def _cleaned_photo(url: str, photo: str, download: Callable[[str], bytes]) -> images.Cleaned:
    try:
        return images.clean(download(url))
    except IssueUnusable as refused:
        raise IssueUnusable(str(refused).replace("{photo}", photo)) from None
    except images.PictureRefused as refused:
        raise IssueUnusable(
            refused.message(photo).render() + "; attach another photo or a new export of this one"
        ) from None
    except (OSError, urllib.error.URLError) as error:
        reason = getattr(error, "code", None) or getattr(error, "reason", None) or error
        raise IssueUnusable(
            f"{photo} could not be downloaded from GitHub ({reason}); attach it again, then "
            "ask a maintainer to run the conversion again"
        ) from None


def photo_notes(photo: str, cleaned: images.Cleaned) -> list[str]:
    notes = []
    if cleaned.removed:
        notes.append(
            f"{photo} carried hidden data, which the atlas removed from its copy: "
            f"{', '.join(cleaned.removed)}. The file attached to this issue still carries it."
        )
        if images.LOCATION in cleaned.removed:
            notes.append(
                f"{photo} records where it was taken. If that place must stay private, ask "
                "the maintainers privately to have the attachment deleted (see SECURITY.md)."
            )
    if cleaned.after != cleaned.before:
        notes.append(
            f"{photo} was made smaller, from {cleaned.before[0]}x{cleaned.before[1]} to "
            f"{cleaned.after[0]}x{cleaned.after[1]} pixels."
        )
    return notes


def write_from_issue(
    root: Path, body: str, vocab: Vocabularies, number: int, download: Callable | None = None
) -> Written:
    """An initiative folder from an issue's answers. Raises IssueUnusable, with a message for
    the contributor, when nothing sensible can be written."""
    check_characters(body)
    answers = answers_from_issue(body, vocab, number)
    if (root / INITIATIVES_DIR / answers.slug).exists():
        answers.slug = f"{answers.slug}-{number}"
    folder = root / INITIATIVES_DIR / answers.slug
    if folder.exists():
        raise IssueUnusable(
            f"An initiative folder named '{answers.slug}' already exists; change the Title "
            "answer so that it names this initiative differently"
        )
    (folder / "images").mkdir(parents=True)
    files, notes = download_photos(body, folder, download) if download else ([], [])
    values = dict(answers.values)
    if files:
        values["images"] = photo_entries(body, files)
    description = values.pop("description", "")
    lines = [SCHEMA_LINE, f"# Made from issue #{number}.", f"id: {answers.slug}", added_line()]
    lines += [f"{name}: {yaml_value(value)}" for name, value in values.items()]
    lines += [
        "description: |2",
        *[f"  {line}" if line.strip() else "" for line in description.splitlines()],
    ]
    path = folder / INITIATIVE_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Written(path, notes)


FIELD_QUESTIONS = {
    "id": "title", "(folder name)": "title", "location.lat": "lat", "location.lon": "lon",
    "location.precision": "precision", "location": "lat", "period": "start", "alt": "alts",
    "credit": "credit", "license": "license", "file": "photos", "consent": "consent",
    "people_identifiable": "identifiable", "organizations": "organizations", "links": "links",
}  # fmt: skip
"""Fields of initiative.yaml by the question of the issue form that fills them."""


def question_for(problem: Problem) -> str:
    """The question of the issue form a problem is about, as the contributor saw it."""
    field_name = re.sub(r"\[\d+\]", "", problem.field)
    for key in (field_name, field_name.split(".")[-1], field_name.split(".")[0]):
        question = FIELD_QUESTIONS.get(key, key)
        if question in QUESTIONS:
            return QUESTIONS[question]
    return "Description" if problem.field == "(comment)" else "the whole issue"


def issue_comment(problems: list[Problem], notes: list[str], refusal: str = "") -> str:
    """The comment posted on the issue: what to fix, or that a pull request is on its way.
    Everything the contributor wrote stays inside a fence, where it cannot become a link, an
    image, HTML or a mention."""
    lines = []
    if refusal or problems:
        lines += [
            "The atlas could not use these answers yet. Please edit the issue (the ... menu at "
            "its top, then Edit) to fix what is listed below; a maintainer will then run the "
            "conversion again.",
            "",
        ]
        found = [refusal] if refusal else []
        for problem in sorted(set(problems)):
            found.append(f"{question_for(problem)}: {problem.message}")
            if problem.hint:
                found.append(f"    what to do: {problem.hint}")
        lines += [fenced("\n".join(found)), ""]
    else:
        lines += ["Thank you: the answers are valid, and a pull request is being opened.", ""]
    if notes:
        lines += ["About the photos:", "", fenced("\n".join(notes)), ""]
    return "\n".join(lines)
