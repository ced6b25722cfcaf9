"""The schema itself: valid, documented, closed, and in step with the vocabularies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from builder.data.schema import is_valid, load_schema
from builder.data.sources import YamlRefused, decode, parse
from builder.data.vocabularies import load_vocabularies
from tests.support import SCHEMA

ENUMS = {
    ("categories", "items"): "categories",
    ("solidarity",): "solidarity",
    ("groups", "items"): "groups",
    ("countries", "items"): "countries",
    ("partner_countries", "items"): "countries",
    ("location", "precision"): "precisions",
    ("organizations", "items", "type"): "organization_types",
    ("images", "items", "license"): "licenses",
    ("seeks", "items", "type"): "help",
    ("offers", "items", "type"): "help",
    ("calls", "items", "seeks", "items"): "help",
}


def walk(schema: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple, dict]]:
    yield path, schema
    for name, child in schema.get("properties", {}).items():
        yield from walk(child, (*path, name))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from walk(schema[key], (*path, key))


def at(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for part in path:
        schema = schema["items"] if part == "items" else schema["properties"][part]
    return schema


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema(SCHEMA)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_is_titled_described_and_has_an_example() -> None:
    for path, node in walk(load_schema(SCHEMA)):
        if path and path[-1] not in ("items", "additionalProperties"):
            assert node.get("title") and node.get("description") and node.get("examples"), path


def test_every_object_is_closed() -> None:
    objects = [(p, n) for p, n in walk(load_schema(SCHEMA)) if n.get("type") == "object"]
    assert len(objects) >= 6
    for path, node in objects:
        keyed_by_pattern = "propertyNames" in node and isinstance(
            node["additionalProperties"], dict
        )
        assert node.get("additionalProperties") is False or keyed_by_pattern, path


def test_examples_in_the_schema_are_valid_for_their_property() -> None:
    for path, node in walk(load_schema(SCHEMA)):
        for example in node.get("examples", []) if path else []:
            assert not list(Draft202012Validator(node).iter_errors(example)), (path, example)


@pytest.mark.parametrize(("path", "vocabulary"), ENUMS.items())
def test_every_enum_equals_its_vocabulary(path: tuple[str, ...], vocabulary: str) -> None:
    enum = at(load_schema(SCHEMA), path)["enum"]
    assert enum == load_vocabularies(SCHEMA).enum(vocabulary)


def test_no_enum_is_left_unchecked() -> None:
    with_enum = {p for p, n in walk(load_schema(SCHEMA)) if "enum" in n}
    assert with_enum == set(ENUMS)


def test_categories_are_tied_to_rights_and_goals() -> None:
    vocab = load_vocabularies(SCHEMA)
    assert len(vocab.categories) >= 12
    for category in vocab.categories.values():
        assert category.title.english and category.description.english
        assert category.udhr and set(category.udhr) <= set(vocab.udhr), category.id
        assert category.sdgs and set(category.sdgs) <= set(vocab.sdgs), category.id
    assert sorted(vocab.udhr) == list(range(1, 31))
    assert sorted(vocab.sdgs) == list(range(1, 18))


def test_countries_have_regions() -> None:
    countries = load_vocabularies(SCHEMA).countries
    assert countries["KE"].region.english == "Africa" and countries["KE"].south
    assert countries["BR"].region.english == "Latin America and the Caribbean"
    assert countries["BR"].region.get("es") == "América Latina y el Caribe"
    assert countries["US"].region.english == "Northern America" and not countries["US"].south
    assert countries["NO"].name("en") == "Norway"
    assert countries["NO"].name("ru") == "Норвегия"
    assert countries["KE"].subregion.get("fr") == "Afrique orientale"


def test_translations_have_the_limits_of_the_original() -> None:
    schema = load_schema(SCHEMA)
    translated = schema["properties"]["translations"]["additionalProperties"]["properties"]
    limits = ("type", "minLength", "maxLength")
    for name in ("title", "summary", "description"):
        original = schema["properties"][name]
        assert {k: translated[name].get(k) for k in limits} == {k: original[k] for k in limits}


def test_every_country_and_territory_is_listed() -> None:
    countries = load_vocabularies(SCHEMA).countries
    assert len(countries) == 250
    for code in ("GB", "GR", "US", "CN", "IN", "BR", "NG", "PS", "SS", "TV", "XK"):
        assert code in countries, code
    assert all(len(c.numeric) == 3 for c in countries.values() if c.code != "XK")


def all_example_data() -> list:
    files = sorted((SCHEMA.parent / "tests" / "examples").rglob("initiative.yaml"))
    files += sorted((SCHEMA.parent / "initiatives").glob("*/initiative.yaml"))
    found = []
    for file in files:
        try:
            found.append(parse(decode(file.read_bytes()))[0])
        except YamlRefused:
            continue
    return found


def test_the_fast_check_agrees_with_jsonschema() -> None:
    validator = Draft202012Validator(load_schema(SCHEMA))
    data = all_example_data()
    data += [{"id": "x", "rights": [1, True]}, {"countries": ["KE", "KE"]}, {"title": 5}]
    verdicts = [(is_valid(d, SCHEMA), validator.is_valid(d)) for d in data]
    assert len(verdicts) > 40
    assert {fast for fast, _ in verdicts} == {True, False}
    assert all(fast == slow for fast, slow in verdicts)
