"""The same atlas written out as ordinary Markdown: for plain mkdocs-material and for Hugo.
The same pages (initiatives; the lists of each category, country, article, goal and kind of
help, in pages of the same size; the indexes), the same navigation and theme features; only
the atlas plugin is missing."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from builder import pipeline
from builder.data.i18n import SITE_LANGUAGES
from builder.data.model import Atlas, Initiative
from builder.settings import Settings
from builder.site import urls
from builder.site.pages import LIST_LIMIT, paginated

MKDOCS_YML = """site_name: Baseline
use_directory_urls: false
theme:
  name: material
  font: false
  language: !ENV [ATLAS_LANGUAGE, en]
  features:
    - navigation.tabs
    - search.suggest
plugins:
  - search
  - offline
nav:
  - Home: index.md
  - Explore:
      - Map: map.md
      - List: list.md
      - Categories: categories/index.md
      - Countries: countries.md
      - Rights: rights/index.md
      - Goals: goals/index.md
      - Cross-border solidarity: cross-border.md
      - The atlas in numbers: numbers.md
  - Connect:
      - Calls for solidarity: calls.md
      - Who offers what: connect/index.md
  - About:
      - About the atlas: about.md
      - Contribute: contribute.md
      - Privacy and safety: privacy.md
      - Download: download.md
validation:
  nav:
    omitted_files: ignore
"""
"""The atlas's own navigation and theme features, without the atlas plugin."""


def initiative_markdown(initiative: Initiative) -> str:
    countries = ", ".join(c.english_name for c in initiative.countries)
    categories = ", ".join(
        f"[{c.title.english}](../categories/{c.id}.md)" for c in initiative.categories
    )
    rights = "\n".join(f"- UDHR article {a}" for a in initiative.rights)
    pictures = "".join(
        f"![{p.alt}]({initiative.slug}/{Path(p.source).name})\n\n" for p in initiative.pictures
    )
    return (
        f"# {initiative.title}\n\n{initiative.summary}\n\n{categories}\n\n{pictures}"
        f"{initiative.description}\n\n## At a glance\n\n- Where: {countries}\n"
        f"- Kind of solidarity: {initiative.solidarity.title.english}\n- Added by: "
        f"{initiative.contributor}\n\n## Rights and goals\n\n{rights}\n"
    )


def card_list(initiatives: tuple[Initiative, ...], prefix: str) -> str:
    return "\n".join(
        f"- [{i.title}]({prefix}initiatives/{i.slug}.md): {i.summary}" for i in initiatives
    )


def member_pages(
    title: str, members: tuple[Initiative, ...], uri: Callable[[int], str]
) -> Iterator[tuple[str, str]]:
    """One list of initiatives, split into pages as the atlas splits it."""
    for part in paginated(members, uri):
        page = part["pager"][part["number"] - 1]
        yield page, f"# {title}\n\n{card_list(part['members'], '../')}\n"


def lists(atlas: Atlas) -> Iterator[tuple[str, str]]:
    """A page (or pages) of initiatives for each category, country, UDHR article, SDG and
    kind of help, as the atlas has them."""
    vocab = atlas.vocabularies
    for category in vocab.categories.values():
        members = atlas.in_category(category.id)
        yield from member_pages(
            category.title.english, members, partial(urls.category, category.id)
        )
    for country in atlas.countries:
        members = atlas.in_country(country.code)
        yield from member_pages(country.english_name, members, partial(urls.country, country.code))
    for number in range(1, 31):
        yield from member_pages(
            f"Article {number}", atlas.with_right(number), partial(urls.article, number)
        )
    for number in range(1, 18):
        yield from member_pages(
            f"Goal {number}", atlas.with_goal(number), partial(urls.goal, number)
        )
    for term in vocab.help.values():
        members = atlas.offering(term.id) + atlas.seeking(term.id)[:60]
        yield from member_pages(term.title.english, members, partial(urls.help_type, term.id))


def indexes(atlas: Atlas) -> Iterator[tuple[str, str]]:
    vocab = atlas.vocabularies
    categories = "\n".join(f"- [{c.title.english}]({c.id}.md)" for c in vocab.categories.values())
    yield urls.CATEGORIES, f"# Categories\n\n{categories}\n"
    countries = "\n".join(
        f"- [{c.english_name}](countries/{c.code.lower()}.md)" for c in atlas.countries
    )
    yield urls.COUNTRIES, f"# Countries\n\n{countries}\n"
    articles = "\n".join(f"- [Article {n}](article-{n}.md)" for n in range(1, 31))
    yield urls.RIGHTS, f"# Rights\n\n{articles}\n"
    goals = "\n".join(f"- [Goal {n}](sdg-{n}.md)" for n in range(1, 18))
    yield urls.GOALS, f"# Goals\n\n{goals}\n"
    kinds = "\n".join(f"- [{t.title.english}]({t.id}.md)" for t in vocab.help.values())
    yield urls.CONNECT, f"# Who offers what\n\n{kinds}\n"
    yield urls.LIST, f"# List\n\n{card_list(atlas.initiatives[:LIST_LIMIT], '')}\n"
    yield urls.CROSS_BORDER, f"# Cross-border\n\n{card_list(atlas.cross_border[:60], '')}\n"
    calls = tuple(initiative for initiative, _ in atlas.open_calls)
    yield urls.CALLS, f"# Calls\n\n{card_list(calls, '')}\n"
    yield urls.NUMBERS, "# Numbers\n\nThe atlas in numbers.\n"
    yield urls.MAP, "# Map\n\nThe map.\n"


def pages(atlas: Atlas) -> Iterator[tuple[str, str]]:
    for initiative in atlas.initiatives:
        yield urls.initiative(initiative.slug), initiative_markdown(initiative)
    yield from lists(atlas)
    yield from indexes(atlas)


def atlas_of(root: Path) -> Atlas:
    atlas, _ = pipeline.collect(Settings.for_root(root))
    return atlas


def write_baseline(root: Path, target: Path) -> Path:
    """A plain MkDocs project with the same pages and pictures as the atlas at `root`."""
    if target.exists():
        shutil.rmtree(target)
    others = [language for language in SITE_LANGUAGES if (root / "docs" / language).is_dir()]
    shutil.copytree(root / "docs", target / "docs", ignore=shutil.ignore_patterns(*others))
    atlas = atlas_of(root)
    for initiative in atlas.initiatives:
        folder = target / "docs" / "initiatives" / initiative.slug
        for picture in initiative.pictures:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(picture.source, folder / Path(picture.source).name)
    for uri, text in pages(atlas):
        path = target / "docs" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return target


HUGO_LAYOUT = (
    "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    "<body><nav><a href='/'>Home</a></nav><main>{{ .Content }}</main></body></html>"
)


def write_hugo(root: Path, target: Path) -> Path:
    """The same Markdown pages as a minimal Hugo site, as a reference for the fastest tool."""
    if target.exists():
        shutil.rmtree(target)
    for uri, text in pages(atlas_of(root)):
        title, _, body = text.partition("\n")
        path = target / "content" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        escaped = title.removeprefix("# ").replace('"', "'")
        path.write_text(f'---\ntitle: "{escaped}"\n---\n{body}', encoding="utf-8")
    for name in ("single", "list"):
        layout = target / "layouts" / "_default" / f"{name}.html"
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text(HUGO_LAYOUT, encoding="utf-8")
    (target / "hugo.toml").write_text(
        "baseURL = 'https://example.org/'\ntitle = 'Baseline'\nuglyURLs = true\n"
        "disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n",
        encoding="utf-8",
    )
    return target
