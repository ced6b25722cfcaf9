"""Page rendering: long lists are split into pages; pieces many pages repeat are kept."""

from __future__ import annotations

from jinja2 import Environment

from builder.site.pages import fragment_memo, paginated


def test_long_lists_are_split_into_pages() -> None:
    members = tuple(range(130))
    parts = list(paginated(members, lambda n: f"categories/health-{n}.md"))  # type: ignore[arg-type]
    assert [len(p["members"]) for p in parts] == [60, 60, 10]
    assert parts[2]["pager"] == [f"categories/health-{n}.md" for n in (1, 2, 3)]
    assert {p["total"] for p in parts} == {130}
    assert [p["members"] for p in paginated((), str)] == [()]


def test_a_repeated_piece_is_rendered_once_for_each_folder() -> None:
    """`once` keeps a piece by its key and the folder of the page, so that a link inside it
    stays right for every page that shows it."""
    rendered: list[str] = []

    def note(here: str) -> str:
        rendered.append(here)
        return here

    template = Environment(autoescape=True).from_string(
        '{% call once("card", slug) %}<a href="{{ note(here) }}">{{ slug }}</a>{% endcall %}'
    )
    once = fragment_memo()
    pages = ["categories/a.md", "categories/b.md", "countries/ke.md", "list.md"]
    shown = [template.render(once=once, note=note, slug="x", here=here) for here in pages]
    assert rendered == ["categories/a.md", "countries/ke.md", "list.md"]
    assert shown[1] == shown[0] == '<a href="categories/a.md">x</a>'
    assert template.render(once=once, note=note, slug="y", here="list.md") == (
        '<a href="list.md">y</a>'
    )
    assert template.render(once=fragment_memo(), note=note, slug="x", here="categories/b.md") == (
        '<a href="categories/b.md">x</a>'
    )
