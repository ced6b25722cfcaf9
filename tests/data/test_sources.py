"""Reading initiative files: safe YAML, values kept as text, positions for every value."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.data.sources import YamlRefused, decode, discover, parse, read_source


def test_positions_point_at_values_and_keys() -> None:
    data, positions, keys = parse("title: River\nlocation:\n  lat: -1.29\nitems:\n  - a\n  - b\n")
    assert data == {"title": "River", "location": {"lat": -1.29}, "items": ["a", "b"]}
    assert positions[("title",)] == (1, 8)
    assert keys[("location", "lat")] == (3, 3)
    assert positions[("location", "lat")] == (3, 8)
    assert positions[("items", 1)] == (6, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: NO", "NO"),
        ("v: yes", "yes"),
        ("v: off", "off"),
        ("v: 2019-03-15", "2019-03-15"),
        ("v: 2019-03-15T10:00:00Z", "2019-03-15T10:00:00Z"),
        ("v: '12'", "12"),
        ("v: 12", 12),
        ("v: -1.25", -1.25),
        ("v: true", True),
        ("v: ~", None),
        ("v: .inf", ".inf"),
        ("v: 0x1F", "0x1F"),
    ],
)
def test_scalars_resolve_as_a_contributor_expects(text: str, expected: object) -> None:
    assert parse(text)[0]["v"] == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object/apply:os.system ['true']", "YAML tags"),
        ("a: !custom x", "YAML tags"),
        ("a: &x 1\nb: *x", "anchors and aliases"),
        ("a: {<<: {b: 1}}", "merge keys"),
        ("a: 1\na: 2", "'a' appears twice (first on line 1)"),
        ("a: " + "[" * 20 + "]" * 20, "nested more than"),
        ("a: [unclosed", "is never closed"),
        ("a: 1\n---\nb: 2", "more than one YAML document"),
        ("- a\n- b", "must be a set of fields"),
        ("", "the file is empty"),
        ("{a: 1}: b", "a field name must be a single word"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(text: str, message: str) -> None:
    with pytest.raises(YamlRefused) as refused:
        parse(text)
    assert message in str(refused.value.message)


def test_alias_bomb_is_refused_before_expansion() -> None:
    lines = ['a: &a ["x", "x"]'] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}]" for i in range(9)
    ]
    with pytest.raises(YamlRefused):
        parse("\n".join(lines))


def test_decode_strips_a_byte_order_mark_and_refuses_bidi_controls() -> None:
    assert decode("\ufefftitle: x".encode()) == "title: x"
    with pytest.raises(YamlRefused) as refused:
        decode("title: ab\u2066c".encode())
    assert (refused.value.line, refused.value.column) == (1, 10)


def test_invalid_utf8_reports_the_line(tmp_path: Path) -> None:
    with pytest.raises(YamlRefused) as refused:
        decode(b"a: 1\nb: caf\xe9\n")
    assert (refused.value.line, refused.value.column) == (2, 7)


def test_read_source_refuses_a_linked_file(tmp_path: Path) -> None:
    folder = tmp_path / "initiatives" / "x"
    folder.mkdir(parents=True)
    (tmp_path / "elsewhere.yaml").write_text("id: x\n")
    (folder / "initiative.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    source = read_source(tmp_path, folder / "initiative.yaml")
    assert source.data is None
    assert "not a link" in str(source.problems[0].message)


def test_discover_sorts_and_skips_the_readme(tmp_path: Path) -> None:
    for slug in ("b-one", "a-two"):
        (tmp_path / "initiatives" / slug).mkdir(parents=True)
    (tmp_path / "initiatives" / "README.md").write_text("about this folder")
    files, problems = discover(tmp_path)
    assert [f.parent.name for f in files] == ["a-two", "b-one"]
    assert problems == []


def test_discover_reports_a_file_outside_a_folder(tmp_path: Path) -> None:
    (tmp_path / "initiatives").mkdir()
    (tmp_path / "initiatives" / "mine.yaml").write_text("id: mine\n")
    files, problems = discover(tmp_path)
    assert files == []
    assert problems[0].file == "initiatives/mine.yaml"
    assert "not in a folder of its own" in str(problems[0].message)


def test_any_path_inside_a_folder_names_its_initiative(tmp_path: Path) -> None:
    (tmp_path / "initiatives" / "a-one" / "images").mkdir(parents=True)
    named = [
        Path("initiatives/a-one"),
        Path("initiatives/a-one/initiative.yaml"),
        tmp_path / "initiatives/a-one/images/photo.jpg",
    ]
    files, problems = discover(tmp_path, named)
    assert files == [tmp_path / "initiatives/a-one/initiative.yaml"]
    assert problems == []


def test_paths_outside_initiatives_are_reported(tmp_path: Path) -> None:
    (tmp_path / "initiatives").mkdir()
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "x").mkdir()
    files, problems = discover(tmp_path, [Path("README.md"), Path("initiatives/../x")])
    assert files == []
    assert [str(p.message) for p in problems] == ["is not an initiative folder"] * 2


def test_a_folder_that_does_not_exist_is_said_to_be_missing(tmp_path: Path) -> None:
    (tmp_path / "initiatives" / "river-keepers").mkdir(parents=True)
    files, problems = discover(tmp_path, [Path("initiatives/river-keeper")])
    assert files == []
    assert [str(p.message) for p in problems] == ["does not exist"]
    assert "ls initiatives" in str(problems[0].hint)


@pytest.mark.parametrize("value", ['"ab\\u202Ecd"', '"red\\e[31m"', '"x\\0y"', '"\\x01"'])
def test_escapes_cannot_make_invisible_characters(value: str) -> None:
    with pytest.raises(YamlRefused) as refused:
        parse(f"title: {value}\n")
    assert "invisible" in str(refused.value.message)
    assert refused.value.where == ("title",)


def test_a_number_too_long_for_python_stays_text() -> None:
    assert parse("start: " + "1" * 5000)[0]["start"] == "1" * 5000


def test_comments_are_found_wherever_they_are_written(tmp_path: Path) -> None:
    text = (
        "# first\n"
        'title: "a # not a comment" # second\n'
        "description: |\n"
        "  # inside the text, not a comment\n"
        "# third, after the text\n"
        "countries: [KE, 'U#G'] # fourth\n"
    )
    folder = tmp_path / "initiatives" / "x"
    folder.mkdir(parents=True)
    (folder / "initiative.yaml").write_text(text)
    source = read_source(tmp_path, folder / "initiative.yaml")
    assert [(c.line, c.column, c.text) for c in source.comments] == [
        (1, 1, " first"),
        (2, 28, " second"),
        (5, 1, " third, after the text"),
        (6, 24, " fourth"),
    ]
    assert source.raw_lines(("description",)) == [
        (3, 14, "|"),
        (4, 1, "  # inside the text, not a comment"),
        (5, 1, ""),
    ]


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ('"River &#x202E;keepers"', (1, 15)),
        ("|\n  A river.\n  Then &#8238;this.\n", (3, 8)),
        ('"River \\x26#x202E;keepers"', (1, 8)),
    ],
)
def test_an_entity_that_makes_a_direction_override_is_refused_where_it_is(
    value: str, where: tuple[int, int]
) -> None:
    with pytest.raises(YamlRefused) as refused:
        parse(f"title: {value}\n")
    assert (refused.value.line, refused.value.column) == where
    assert "HTML entity that makes an invisible character (U+202E)" in str(refused.value.message)
