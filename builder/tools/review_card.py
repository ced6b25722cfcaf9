"""The review card: what a maintainer reads in the job summary of a pull request, one card per
changed initiative: a safety checklist, what changed against the base branch, and everything
CONTRIBUTING asks them to check.

Every contributor value goes through github.py's `markdown_text`, `code_span` or `fenced`; the
description is shown as the text the contributor wrote, in a fence, with the links the site
keeps after sanitising it. The card uses only headings the card itself writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from builder.data.checks import NEAR_KM
from builder.data.messages import Message, _, plural_message
from builder.data.model import Initiative
from builder.data.vocabularies import Vocabularies
from builder.site import urls
from builder.site.sanitise import render_markdown
from builder.tools import differences
from builder.tools.github import code_span, fenced, markdown_text
from builder.tools.onepage import PREVIEW_FOLDER

SAFETY_CHECKLIST = _("Safety checklist")
WHAT_CHANGED = _("What changed")
THE_INITIATIVE = _("The initiative")
NO_FIELD_CHANGED = _("No field changed")
NEW_MARK = _("new in this pull request")
CALL = _("Call")
LINK_IN_DESCRIPTION = _("Link in the description")
PICTURES = _("Pictures")
"""Words of the card's own, outside f-strings so that the catalogue extractor finds them."""


OK, LOOK = "✅", "⚠️"
LONGEST_VALUE = 100
PREVIEW_ARTIFACT = "site-preview"
"""The artifact of the validate workflow that holds the whole site built from the pull request."""
ZOOM_FOR_PRECISION = {"country": 5, "region": 7, "approximate": 9, "city": 11}
"""openstreetmap.org zoom levels that show about as much as the precision claims: a whole
country, a province, the area a rounded point may be in, a town."""


@dataclass(frozen=True)
class PictureFacts:
    """What the original picture file is, read from the pull request's checkout."""

    size: tuple[int, int] | None
    metadata: tuple[str, ...]


@dataclass(frozen=True)
class Subject:
    """One changed initiative: its data at the base and in the pull request."""

    slug: str
    file: str
    base: dict[str, Any] | None
    """None for a new initiative, or when no base was compared."""
    head: dict[str, Any] | None
    """None when the pull request removes the initiative."""
    initiative: Initiative | None
    """The pull request's record, when its file is valid."""
    compared: bool = True
    pictures: dict[str, PictureFacts] = field(default_factory=dict)
    """By the file name written in the YAML (images/...)."""
    km_from_countries: float | None = None
    """0 inside one of its countries; None when a country has no outline to check."""


def _text(value: object) -> str:
    shown = markdown_text(str(value))
    return shown if len(shown) <= LONGEST_VALUE else shown[:LONGEST_VALUE].rstrip("\\") + "…"


def _value(value: str) -> str:
    """An old or new value, as it is written, shortened."""
    shown = " ".join(value.split())
    return code_span(shown if len(shown) <= LONGEST_VALUE else shown[:LONGEST_VALUE] + "…")


def _line(mark: str, message: Message, language: str) -> str:
    return f"- {mark} {message.render(language)}"


def _status(subject: Subject) -> Message:
    if subject.head is None:
        return _("removed")
    if not subject.compared:
        return _("checked")
    return _("new initiative") if subject.base is None else _("edited")


def osm_link(lat: float, lon: float, precision: str) -> str:
    zoom = ZOOM_FOR_PRECISION.get(precision, 9)
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"


def card(subject: Subject, outside: list[str], vocab: Vocabularies, language: str) -> str:
    """The Markdown card for one initiative."""
    data = subject.head if subject.head is not None else subject.base or {}
    title = markdown_text(str(data.get("title", subject.slug)))
    heading = _("Review: %(title)s", title=title).render(language)
    status = _status(subject).render(language)
    lines = [f"### {heading}", "", f"{code_span(subject.file)} · {status}"]
    lines += ["", f"**{SAFETY_CHECKLIST.render(language)}**", ""]
    lines += checklist(subject, outside, language)
    if subject.compared:
        lines += ["", f"**{WHAT_CHANGED.render(language)}**", ""]
        lines += what_changed(subject, language)
    if subject.initiative is not None:
        lines += ["", f"**{THE_INITIATIVE.render(language)}**", ""]
        lines += facts(subject, vocab, language)
        lines += ["", *description(subject.initiative.description, language)]
        lines += pictures(subject, language)
        lines.append(preview(subject.slug, language))
    return "\n".join(lines) + "\n"


def preview(slug: str, language: str) -> str:
    where = _(
        "Preview: download the artifact %(artifact)s of this run, unzip it and open %(folder)s "
        "(this page alone, with its pictures and map) or %(page)s (in the whole site; other "
        "languages in their own folders, such as fr/).",
        artifact=code_span(PREVIEW_ARTIFACT),
        folder=code_span(f"{PREVIEW_FOLDER}/{slug}/index.html"),
        page=code_span(urls.site_path(urls.initiative(slug))),
    )
    return where.render(language)


def checklist(subject: Subject, outside: list[str], language: str) -> list[str]:
    lines = []
    if subject.initiative is not None:
        lines.append(_location_check(subject, language))
        lines += _picture_checks(subject, language)
        passed = _("Private-data checks passed: the validator found nothing to fix in this file")
        lines.append(_line(OK, passed, language))
    if outside:
        paths = ", ".join(code_span(path) for path in outside)
        message = _("Files outside initiatives/ change too; review each: %(paths)s", paths=paths)
        lines.append(_line(LOOK, message, language))
    else:
        lines.append(_line(OK, _("No file outside initiatives/ changes"), language))
    if subject.initiative is not None:
        by_eye = _(
            "Check by eye: faces in the pictures, backgrounds that give a place away (street "
            "signs, house numbers, landmarks), and that the point is not someone's home"
        )
        lines.append(f"- 👁 {by_eye.render(language)}")
    return lines


def _location_check(subject: Subject, language: str) -> str:
    assert subject.initiative is not None
    precision = subject.initiative.location.precision
    label = precision.title.get(language)
    distance = subject.km_from_countries
    if distance is None:
        where = _("whether it lies in its countries cannot be checked (a country has no outline)")
    elif distance == 0:
        where = _("it lies in its countries")
    else:
        where = _(
            "it lies %(km)s km outside its countries (the validator allows %(near)s km)",
            km=round(distance, 1),
            near=NEAR_KM,
        )
    message = _("Location precision: %(precision)s; %(where)s", precision=label, where=where)
    return _line(OK if distance == 0 else LOOK, message, language)


def _picture_checks(subject: Subject, language: str) -> list[str]:
    assert subject.initiative is not None
    images = list(differences.images_by_file(subject.head or {}).values())
    if not images:
        return [_line(OK, _("No pictures"), language)]
    people = [i for i in images if i.get("people_identifiable") is True]
    without = [i for i in people if i.get("consent") is not True]
    message = _(
        "%(pictures)s, %(people)s, %(consent)s",
        pictures=plural_message("%(count)s picture", "%(count)s pictures", len(images)),
        people=plural_message(
            "%(count)s shows people who can be recognised",
            "%(count)s show people who can be recognised",
            len(people),
        ),
        consent=plural_message(
            "%(count)s of them without consent", "%(count)s of them without consent", len(without)
        ),
    )
    lines = [_line(LOOK if without else OK, message, language)]
    carrying = {f: p.metadata for f, p in subject.pictures.items() if p.metadata}
    if carrying:
        found = "; ".join(f"{code_span(f)}: {_kinds(kinds)}" for f, kinds in carrying.items())
        hidden = _("Original pictures carry metadata: %(found)s", found=found)
        lines.append(_line(LOOK, hidden, language))
    else:
        lines.append(_line(OK, _("No original picture carries metadata"), language))
    return lines


def _kinds(kinds: tuple[str, ...]) -> str:
    """Kinds of metadata: some name a block by the bytes the file gives it."""
    return markdown_text(", ".join(kinds))


def what_changed(subject: Subject, language: str) -> list[str]:
    if subject.head is None:
        return _removal(subject.base or {}, subject.slug, language)
    if subject.base is None:
        count = len(differences.images_by_file(subject.head))
        added = _(
            "A new page, %(pictures)s and a new point on the map",
            pictures=plural_message("%(count)s picture", "%(count)s pictures", count),
        )
        return [f"- {added.render(language)}"]
    return _highlights(subject.base, subject.head, language) + _field_lines(
        differences.field_changes(subject.base, subject.head), language
    )


def _removal(base: dict[str, Any], slug: str, language: str) -> list[str]:
    files = list(differences.images_by_file(base))
    point = differences.point(base)
    page = _(
        "Its page %(page)s disappears from the site, in every language",
        page=code_span(urls.site_path(urls.initiative(slug))),
    )
    lines = [f"- {page.render(language)}"]
    if files:
        gone = plural_message(
            "%(count)s picture disappears: %(files)s",
            "%(count)s pictures disappear: %(files)s",
            len(files),
            files=", ".join(code_span(f) for f in files),
        )
        lines.append(f"- {gone.render(language)}")
    if point:
        where = _("Its point at %(lat)s, %(lon)s leaves the map", lat=point[0], lon=point[1])
        lines.append(f"- {where.render(language)}")
    return lines


def _highlights(base: dict[str, Any], head: dict[str, Any], language: str) -> list[str]:
    lines = []
    moved = differences.moved_km(base, head)
    if moved is not None:
        message = _("The point moved %(km)s km", km=round(moved, 1))
        lines.append(_line(LOOK, message, language))
    for file in differences.consent_removed(base, head):
        message = _("Consent was removed for %(file)s", file=code_span(file))
        lines.append(_line(LOOK, message, language))
    for file in differences.newly_identifiable(base, head):
        image = differences.images_by_file(head)[file]
        consent = _("yes") if image.get("consent") is True else _("no")
        message = _(
            "%(file)s now shows people who can be recognised (consent: %(consent)s)",
            file=code_span(file),
            consent=consent,
        )
        lines.append(_line(LOOK, message, language))
    return lines


def _field_lines(changes: list[differences.FieldChange], language: str) -> list[str]:
    if not changes:
        return [f"- {NO_FIELD_CHANGED.render(language)}"]
    lines = []
    for change in changes:
        if change.old is None and change.new is not None:
            what = _("added: %(new)s", new=_value(change.new))
        elif change.new is None and change.old is not None:
            what = _("removed (was %(old)s)", old=_value(change.old))
        elif change.field == "description":
            what = _(
                "changed (%(old)s → %(new)s characters)",
                old=len(change.old or ""),
                new=len(change.new or ""),
            )
        else:
            old, new = _value(change.old or ""), _value(change.new or "")
            what = _("%(old)s → %(new)s", old=old, new=new)
        lines.append(f"- {code_span(change.field)}: {what.render(language)}")
    return lines


def facts(subject: Subject, vocab: Vocabularies, language: str) -> list[str]:
    initiative = subject.initiative
    assert initiative is not None
    base_links = {str(link.get("url")) for link in (subject.base or {}).get("links", [])}
    base_sites = {str(o.get("website")) for o in (subject.base or {}).get("organizations", [])}
    location = initiative.location
    osm = osm_link(location.lat, location.lon, location.precision.id)
    point = _(
        "%(lat)s, %(lon)s (%(precision)s): %(link)s",
        lat=location.lat,
        lon=location.lon,
        precision=location.precision.title.get(language),
        link=f"[openstreetmap.org]({osm})",
    )
    rows: list[tuple[Message, str]] = [
        (_("Summary"), markdown_text(initiative.summary)),
        (_("Categories"), ", ".join(c.title.get(language) for c in initiative.categories)),
        (_("Rights (UDHR articles)"), _numbered(initiative.rights, vocab.udhr, language)),
        (_("Sustainable Development Goals"), _numbered(initiative.sdgs, vocab.sdgs, language)),
        (_("Countries"), _countries(initiative.countries, language)),
        (_("Partner countries"), _countries(initiative.partner_countries, language)),
        (_("Point"), point.render(language)),
    ]
    lines = [f"- **{name.render(language)}**: {value}" for name, value in rows if value]
    new = f" **{NEW_MARK.render(language)}**" if subject.base is not None else ""
    for organization in initiative.organizations:
        site = f" {code_span(organization.website)}" if organization.website else ""
        mark = new if organization.website and organization.website not in base_sites else ""
        name = _("Organisation").render(language)
        lines.append(f"- **{name}**: {markdown_text(organization.name)}{site}{mark}")
    for link in initiative.links:
        mark = new if link.url not in base_links else ""
        name = _("Link").render(language)
        lines.append(f"- **{name}**: {markdown_text(link.title)} {code_span(link.url)}{mark}")
    lines += _help_lines(initiative, language)
    return lines


def _numbered(numbers: tuple[int, ...], labels: dict[int, Any], language: str) -> str:
    return ", ".join(f"{n} ({labels[n].get(language)})" if n in labels else str(n) for n in numbers)


def _countries(countries: tuple[Any, ...], language: str) -> str:
    return ", ".join(f"{c.name(language)} ({c.code})" for c in countries)


def _help_lines(initiative: Initiative, language: str) -> list[str]:
    lines = []
    for name, needs in ((_("Seeks"), initiative.seeks), (_("Offers"), initiative.offers)):
        for need in needs:
            detail = f": {markdown_text(need.detail)}" if need.detail else ""
            label = need.type.title.get(language)
            lines.append(f"- **{name.render(language)}**: {label}{detail}")
    for call in initiative.calls:
        sought = ", ".join(term.title.get(language) for term in call.seeks)
        text = _(
            "%(title)s (until %(until)s, seeks %(sought)s)",
            title=markdown_text(call.title),
            until=markdown_text(call.until),
            sought=sought,
        )
        lines.append(f"- **{CALL.render(language)}**: {text.render(language)}")
    return lines


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if tag == "a" and name == "href" and value]


def kept_links(description: str) -> list[str]:
    """The links the site shows in the description, after rendering and sanitising it."""
    parser = _Hrefs()
    parser.feed(str(render_markdown(description)))
    return parser.found


def description(text: str, language: str) -> list[str]:
    summary = _(
        "Description: %(characters)s, %(links)s",
        characters=plural_message("%(count)s character", "%(count)s characters", len(text)),
        links=plural_message("%(count)s link", "%(count)s links", len(kept_links(text))),
    )
    written = fenced(text.rstrip("\n"))
    lines = ["<details>", f"<summary>{summary.render(language)}</summary>", "", written, ""]
    for url in kept_links(text):
        lines.append(f"- {LINK_IN_DESCRIPTION.render(language)}: {code_span(url)}")
    return [*lines, "", "</details>", ""]


def pictures(subject: Subject, language: str) -> list[str]:
    images = differences.images_by_file(subject.head or {})
    if not images:
        return []
    lines = [f"**{PICTURES.render(language)}**", ""]
    for file, image in images.items():
        facts = subject.pictures.get(file, PictureFacts(None, ()))
        size = (
            _("%(width)s by %(height)s pixels", width=facts.size[0], height=facts.size[1])
            if facts.size
            else _("size unknown")
        )
        metadata = _kinds(facts.metadata) or _("none").render(language)
        about = _(
            "%(size)s; licence %(licence)s; credit %(credit)s; people can be recognised: "
            "%(people)s; consent: %(consent)s; metadata in the original: %(metadata)s",
            size=size,
            licence=code_span(str(image.get("license"))),
            credit=_text(image.get("credit", "")),
            people=_yes_no(image.get("people_identifiable")),
            consent=_consent(image),
            metadata=metadata,
        )
        lines.append(f"- {code_span(file)}: {about.render(language)}")
        alt = _("alt text: %(alt)s", alt=markdown_text(str(image.get("alt", ""))))
        lines.append(f"  - {alt.render(language)}")
    return [*lines, ""]


def _consent(image: dict[str, Any]) -> Message:
    if image.get("consent") is None and image.get("people_identifiable") is not True:
        return _("not needed")
    return _yes_no(image.get("consent"))


def _yes_no(value: object) -> Message:
    return _("yes") if value is True else _("no")
