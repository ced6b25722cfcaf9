"""Page rendering: long lists are split into pages."""

from __future__ import annotations

from builder.site.pages import paginated


def test_long_lists_are_split_into_pages() -> None:
    members = tuple(range(130))
    parts = list(paginated(members, lambda n: f"categories/health-{n}.md"))  # type: ignore[arg-type]
    assert [len(p["members"]) for p in parts] == [60, 60, 10]
    assert parts[2]["pager"] == [f"categories/health-{n}.md" for n in (1, 2, 3)]
    assert {p["total"] for p in parts} == {130}
    assert [p["members"] for p in paginated((), str)] == [()]
