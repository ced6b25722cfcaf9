"""Trust in what is published: byte-identical and atomic builds, and properties that must hold
for any input."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from builder import pipeline
from builder.data.sources import read_source
from builder.settings import Settings
from builder.site.pages import Build
from builder.site.sanitise import render_markdown, sanitise_html
from builder.tools.audit import audit_site
from tests.support import REPO, SCHEMA, copy_site_setup, png_bytes, run_builder, write_initiative
from tests.support.html_scan import active_content, elements
from tests.support.small_atlas import SOURCE_DATE_EPOCH, make_site


def build(root: Path, site: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return run_builder("build", "--root", root, "--site-dir", site, "--zim", env=environment)


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical_whatever_the_folder_order(
    tmp_path: Path, small_site: Path
) -> None:
    """The small site was built from folders made in one order; this one from the reverse."""
    reverse = make_site(tmp_path / "first")
    second = copy_site_setup(tmp_path / "second")
    for folder in sorted((reverse / "initiatives").iterdir(), reverse=True):
        shutil.copytree(folder, second / "initiatives" / folder.name)
    result = build(second, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    one, two = site_bytes(small_site), site_bytes(second / "site")
    assert len(one) > 50
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_failed_build_leaves_the_previous_site_untouched(
    tmp_path: Path, small_site: Path
) -> None:
    root = make_site(tmp_path)
    shutil.copytree(small_site, root / "site")
    before = site_bytes(root / "site")
    (root / "docs" / "about.md").write_text("# About\n\n[broken](missing-page.md)\n")
    result = build(root, "site")
    assert result.returncode == 1
    assert "is unchanged" in result.stderr
    assert site_bytes(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
HOSTILE_BITS = st.sampled_from(
    ["<script>", "javascript:", "<img src=x onerror=a()>", "[x](", ")", "](", "<!--", "`", "${",
     "&#106;", "data:", "<iframe", "//evil.example", "![a](https://e.x/p.png)", "\n\n", "<a href='"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PRINTABLE, HOSTILE_BITS), max_size=12).map("".join))
def test_sanitised_markdown_has_no_active_content_and_is_stable(text: str) -> None:
    html = str(render_markdown(text))
    assert active_content(html) == []
    for _tag, attributes in elements(html):
        assert not [value for name, value in attributes.items() if name == "src"]
        if "href" in attributes:
            assert attributes["href"].startswith("https://")
    assert sanitise_html(html) == html


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=3000))
def test_the_validator_reports_arbitrary_bytes_and_never_raises(
    tmp_path: Path, data: bytes
) -> None:
    folder = tmp_path / "initiatives" / "x"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "initiative.yaml").write_bytes(data)
    source = read_source(tmp_path, folder / "initiative.yaml")
    assert source.data is not None or source.problems


YAML_TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"))
SAFE_TEXT = st.text(YAML_TEXT, min_size=50, max_size=200)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=SAFE_TEXT, summary=SAFE_TEXT, description=SAFE_TEXT)
def test_any_schema_valid_initiative_renders_pages_that_pass_the_audit(
    tmp_path: Path, title: str, summary: str, description: str
) -> None:
    root = tmp_path / "atlas"
    shutil.rmtree(root, ignore_errors=True)
    folder = write_initiative(root, "generated")
    text = (folder / "initiative.yaml").read_text().split("\n")
    fields = {"title": title[:120], "summary": summary, "description": description}
    text = [
        line
        for line in text
        if not line.startswith(("title:", "summary:", "description:", "  A fict"))
    ]
    text += [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in fields.items()]
    (folder / "initiative.yaml").write_text("\n".join(text) + "\n")
    settings_ = Settings(root.resolve(), SCHEMA, root / ".cache")
    atlas, checked = pipeline.collect(settings_)
    if checked.problems:
        assert all(p.field in ("title", "summary", "description") for p in checked.problems)
        return
    made = pipeline.outputs(atlas, settings_, Build("en"))
    site = root / "site"
    for page in made.pages:
        path = site / page.uri.replace(".md", ".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        head = f'<title>{page.title}</title><meta name="description" content="{page.description}">'
        path.write_text(head + page.html)
    for uri, data in made.files:
        (site / uri).parent.mkdir(parents=True, exist_ok=True)
        (site / uri).write_bytes(data if isinstance(data, bytes) else data.read_bytes())
    # The scripts the map documents load, as MkDocs copies them from docs/.
    shutil.copytree(REPO / "docs" / "assets", site / "assets", dirs_exist_ok=True)
    assert audit_site(site) == []


def test_png_helper_is_a_real_picture() -> None:
    assert Image.open(io.BytesIO(png_bytes())).size == (400, 400)


@pytest.fixture(autouse=True)
def _quiet_mkdocs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
