"""The "New initiative" issue form in six languages, all made from builder/tools/forms.py: the
committed files are what the tool writes, every form has the same questions and ids, and an
issue written with any of them is read back question by question."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.__main__ import main
from builder.data.i18n import SITE_LANGUAGES
from builder.data.vocabularies import load_vocabularies
from builder.tools import forms
from builder.tools.from_issue import form_language, read_issue
from tests.support import REPO, SCHEMA

VOCAB = load_vocabularies(SCHEMA)
FORMS = REPO / forms.FORMS_DIR


def committed(language: str) -> str:
    return (FORMS / forms.form_file(language)).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_the_committed_form_is_what_the_tool_writes(language: str) -> None:
    assert committed(language) == forms.form_text(VOCAB, language), (
        "run `python -m builder forms` and commit the forms"
    )


def test_the_english_form_is_new_initiative_yml_and_each_other_names_its_language() -> None:
    names = {language: yaml.safe_load(committed(language))["name"] for language in SITE_LANGUAGES}
    assert forms.form_file("en") == "new-initiative.yml"
    assert names["fr"].endswith("(Français)") and names["ar"].endswith("(العربية)")
    assert len(set(names.values())) == len(SITE_LANGUAGES), "the chooser tells them apart"


def shape(language: str) -> list[tuple[str, str | None, int, bool]]:
    """What must not differ between languages: kinds, ids, number of options, required."""
    body = yaml.safe_load(committed(language))["body"]
    return [
        (
            item["type"],
            item.get("id"),
            len(item["attributes"].get("options", [])),
            bool(item.get("validations", {}).get("required")),
        )
        for item in body
    ]


@pytest.mark.parametrize("language", [lang for lang in SITE_LANGUAGES if lang != "en"])
def test_every_form_has_the_same_questions_ids_and_options(language: str) -> None:
    assert shape(language) == shape("en")
    labels = yaml.safe_load(committed(language))["labels"]
    assert labels == [forms.FORM_LABEL]


def test_vocabulary_options_carry_their_id_in_brackets_and_their_label_in_each_language() -> None:
    french = yaml.safe_load(committed("fr"))["body"]
    categories = next(item for item in french if item.get("id") == "categories")
    options = categories["attributes"]["options"]
    assert len(options) == len(VOCAB.categories)
    for option, (term_id, term) in zip(options, VOCAB.categories.items(), strict=True):
        assert option == f"{term.title.get('fr')} ({term_id})"
    assert "Paix et désarmement (peace-disarmament)" in options


def answered(language: str) -> str:
    """An issue as GitHub writes it from the form in `language`: each label as a heading,
    each dropdown answered with its options as shown in that language."""
    answers = {
        "title": "Речные хранители",
        "language": "ru",
        "categories": ["environment-climate", "education"],
        "precision": ["city"],
        "license": ["CC-BY-4.0"],
        "identifiable": ["yes"],
    }
    lines = []
    for question in forms.questions():
        lines += [f"### {forms.label_of(question.id, language)}", ""]
        answer = answers.get(question.id, "_No response_")
        if isinstance(answer, list):
            shown = dict(forms.options(question, VOCAB, language))
            answer = ", ".join(shown[value] for value in answer)
        lines += [answer, ""]
    return "\n".join(lines)


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_an_issue_from_any_form_is_read_question_by_question(language: str) -> None:
    issue = read_issue(answered(language))
    assert issue.answers["title"] == "Речные хранители"
    values = forms.option_values(VOCAB)
    assert forms.chosen(issue.answers["categories"], values["categories"], list(VOCAB.categories))
    assert forms.chosen(issue.answers["license"], values["license"], list(VOCAB.licenses)) == [
        "CC-BY-4.0"
    ]
    assert forms.chosen(issue.answers["identifiable"], values["identifiable"], ["yes", "no"]) == [
        "yes"
    ]


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_the_form_used_is_recognised_by_its_labels(language: str) -> None:
    """Forms whose labels are not translated yet share them with the English one: then the
    language the contributor writes in decides, else English."""
    labels = set(forms.labels()[language])
    alone = labels != set(forms.labels()["en"])
    assert form_language(labels, "") == (language if alone else "en")
    assert form_language(labels, language) == language
    assert form_language(labels, "pt-BR") == (language if alone else "en")
    assert form_language(set(), "Français") == "fr", "a language's name is understood"


def test_forms_check_and_rewrite(atlas_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    options = ["--root", str(atlas_root), "--schema", str(SCHEMA)]
    assert main(["forms", "--check", *options]) == 1
    assert main(["forms", *options]) == 0
    assert main(["forms", "--check", *options]) == 0
    stale = atlas_root / forms.FORMS_DIR / forms.form_file("zh")
    stale.write_text(stale.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    assert main(["forms", "--check", *options]) == 1
    assert "new-initiative-zh.yml is not what" in capsys.readouterr().out
    assert main(["forms", *options]) == 0
    assert stale.read_text(encoding="utf-8") == forms.form_text(VOCAB, "zh")
    assert main(["forms", "--check", "--schema", str(SCHEMA), "--root", str(REPO)]) == 0
