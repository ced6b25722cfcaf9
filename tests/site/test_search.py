"""What search reads of a page: the parts marked as left out of search are kept out of the HTML
the theme's search parses, and put back, unchanged, in the page readers get."""

from __future__ import annotations

from pathlib import Path

from builder import pipeline
from builder.settings import Settings
from builder.site import pages, pictures, record, search
from tests.site.test_matching import write

OPEN, CLOSE = "<!--atlas:unsearched-->", "<!--/atlas:unsearched-->"


def test_left_out_parts_are_set_aside_and_put_back_in_place() -> None:
    html = f"<h1>Title</h1>{OPEN}<ul><li>Other</li></ul>{CLOSE}<p>Text</p>{OPEN}<nav>2</nav>{CLOSE}"
    searched, asides = search.set_aside(html)
    assert "Other" not in searched and "<nav>" not in searched
    assert "<h1>Title</h1>" in searched and "<p>Text</p>" in searched
    assert asides == ["<ul><li>Other</li></ul>", "<nav>2</nav>"]
    page = f"<html><body>{searched}</body></html>"
    expected = "<h1>Title</h1><ul><li>Other</li></ul><p>Text</p><nav>2</nav>"
    assert search.put_back(page, asides) == f"<html><body>{expected}</body></html>"


def test_nested_parts_go_aside_as_one_and_lose_their_marks() -> None:
    html = f"a{OPEN}b{OPEN}c{CLOSE}d{CLOSE}e"
    searched, asides = search.set_aside(html)
    assert asides == ["bcd"]
    assert search.put_back(searched, asides) == "abcde"


def test_unbalanced_marks_leave_the_whole_page_to_search() -> None:
    for html in (f"a{OPEN}b", f"a{OPEN}b{OPEN}c{CLOSE}d"):
        assert search.set_aside(html) == (html.replace(OPEN, "").replace(CLOSE, ""), [])
    assert search.set_aside(f"a{CLOSE}b") == ("ab", [])


def test_a_placeholder_without_its_part_is_dropped() -> None:
    assert search.put_back("x<!--atlas:aside 3-->y", ["only one"]) == "xy"
    assert search.put_back("x<!--atlas:aside 0-->y", []) == "x<!--atlas:aside 0-->y"


def test_search_reads_an_initiative_but_not_its_neighbours(
    atlas_root: Path, settings: Settings
) -> None:
    write(atlas_root, "needs-lawyers", "seeks:\n  - type: legal-support\n")
    write(atlas_root, "lawyers-abroad", "offers:\n  - type: legal-support\n", uganda=True)
    atlas, _ = pipeline.collect(settings)
    sizes = pictures.publish_pictures(atlas, settings.cache_dir).sizes
    records = {i.slug: record.public_record(i, sizes, atlas.today) for i in atlas.initiatives}
    rendered = pages.render_pages(atlas, records, sizes, True, pages.Build("en"))
    page = next(p for p in rendered if p.uri == "initiatives/needs-lawyers.md")
    searched, asides = search.set_aside(page.html)
    shown = search.put_back(searched, asides)
    needs = next(i for i in atlas.initiatives if i.slug == "needs-lawyers")
    assert needs.summary in searched and needs.summary in shown
    assert "lawyers-abroad.html" in shown and "lawyers-abroad" not in searched
    assert "Could help this initiative" in shown and "atlas:" not in shown
