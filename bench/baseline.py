"""The same atlas written out as ordinary Markdown: for plain mkdocs-material and for Hugo."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from builder import pipeline
from builder.data.model import Atlas, Initiative
from builder.settings import Settings

MKDOCS_YML = """site_name: Baseline
use_directory_urls: false
theme:
  name: material
  font: false
  language: !ENV [ATLAS_LANGUAGE, en]
plugins:
  - search
  - offline
nav:
  - Home: index.md
  - Map: map.md
  - Categories: categories/index.md
  - Countries: countries.md
  - List: list.md
  - About: about.md
  - Contribute: contribute.md
  - Privacy: privacy.md
validation:
  nav:
    omitted_files: ignore
"""


def initiative_markdown(initiative: Initiative) -> str:
    countries = ", ".join(c.english_name for c in initiative.countries)
    categories = ", ".join(
        f"[{c.title.english}](../categories/{c.id}.md)" for c in initiative.categories
    )
    rights = "\n".join(f"- UDHR article {a}" for a in initiative.rights)
    return (
        f"# {initiative.title}\n\n{initiative.summary}\n\n{categories}\n\n"
        f"{initiative.description}\n\n## At a glance\n\n- Where: {countries}\n"
        f"- Kind of solidarity: {initiative.solidarity.title.english}\n- Added by: "
        f"{initiative.contributor}\n\n## Rights and goals\n\n{rights}\n"
    )


def card_list(initiatives: tuple[Initiative, ...], prefix: str) -> str:
    return "\n".join(
        f"- [{i.title}]({prefix}initiatives/{i.slug}.md): {i.summary}" for i in initiatives
    )


def pages(atlas: Atlas) -> Iterator[tuple[str, str]]:
    for initiative in atlas.initiatives:
        yield f"initiatives/{initiative.slug}.md", initiative_markdown(initiative)
    categories = atlas.vocabularies.categories.values()
    for category in categories:
        members = atlas.in_category(category.id)
        yield (
            f"categories/{category.id}.md",
            f"# {category.title.english}\n\n{category.description.english}\n\n"
            f"{card_list(members, '../')}\n",
        )
    index = "\n".join(f"- [{c.title.english}]({c.id}.md)" for c in categories)
    yield "categories/index.md", f"# Categories\n\n{index}\n"
    for country in atlas.countries:
        members = atlas.in_country(country.code)
        yield (
            f"countries/{country.code.lower()}.md",
            f"# {country.english_name}\n\n{card_list(members, '../')}\n",
        )
    links = "\n".join(
        f"- [{c.english_name}](countries/{c.code.lower()}.md)" for c in atlas.countries
    )
    yield "countries.md", f"# Countries\n\n{links}\n"
    yield "list.md", f"# List\n\n{card_list(atlas.initiatives[:2000], '')}\n"
    yield "map.md", "# Map\n\nThe map.\n"


def atlas_of(root: Path) -> Atlas:
    atlas, _ = pipeline.collect(Settings.for_root(root))
    return atlas


def write_baseline(root: Path, target: Path) -> Path:
    """A plain MkDocs project with the same pages as the atlas at `root`."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root / "docs", target / "docs")
    for uri, text in pages(atlas_of(root)):
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
