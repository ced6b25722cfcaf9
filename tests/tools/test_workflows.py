"""The GitHub workflows give a stranger's pull request or issue nothing to abuse."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder.tools.review_card import PREVIEW_ARTIFACT
from tests.support import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_hardened(workflow: Path) -> None:
    text = workflow.read_text()
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    triggers = data.get("on", data.get(True))
    assert "pull_request_target" not in triggers
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
    for job in data["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
            if "actions/checkout" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [Path(sys.executable).parent / "zizmor", "--offline", "--persona", "pedantic", ".github/"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())


def test_from_issue_converts_without_write_permission_and_writes_without_running_it() -> None:
    jobs = workflow("from-issue.yml")["jobs"]
    assert jobs["convert"]["permissions"] == {"contents": "read"}
    convert = " ".join(step.get("run", "") for step in jobs["convert"]["steps"])
    assert "builder from-issue" in convert and "--proposal" in convert
    propose = jobs["propose"]
    assert propose["needs"] == "convert"
    assert set(propose["permissions"]) == {"contents", "pull-requests", "issues", "actions"}
    runs = " ".join(step.get("run", "") for step in propose["steps"])
    assert "python3 -m builder.tools.intake" in runs
    for forbidden in ("make", ".venv", "pip", "builder from-issue", "mkdocs"):
        assert forbidden not in runs.replace("builder.tools.intake", ""), forbidden
    assert "gh workflow run validate.yml" in runs


def test_the_check_on_opened_and_edited_issues_reads_without_writing_and_answers_once() -> None:
    data = workflow("from-issue.yml")
    assert set(data.get("on", data.get(True))["issues"]["types"]) == {"opened", "edited", "labeled"}
    jobs = data["jobs"]
    check = jobs["check"]
    assert check["permissions"] == {"contents": "read"}
    assert "new-initiative" in check["if"] and "labeled" in check["if"]
    runs = " ".join(step.get("run", "") for step in check["steps"])
    assert "builder from-issue" in runs and "--comment-only" in runs
    answer = jobs["answer"]
    assert answer["needs"] == "check"
    assert answer["permissions"] == {"contents": "read", "issues": "write"}
    runs = " ".join(step.get("run", "") for step in answer["steps"])
    assert "python3 -m builder.tools.intake" in runs and "--into" not in runs
    for forbidden in ("make", ".venv", "pip", "builder from-issue", "git "):
        assert forbidden not in runs.replace("builder.tools.intake", ""), forbidden
    post = answer["steps"][-1]
    assert "MARKER" in post["env"] and "github-actions[bot]" in post["run"]
    assert "--method PATCH" in post["run"] and "gh issue comment" in post["run"]
    assert jobs["convert"]["if"] == "github.event.label.name == 'add-to-atlas'"


def test_the_guard_runs_the_base_branch_s_code() -> None:
    data = workflow("validate.yml")
    triggers = data.get("on", data.get(True))
    assert {"labeled", "unlabeled"} <= set(triggers["pull_request"]["types"])
    assert "workflow_dispatch" in triggers
    guard = data["jobs"]["guard"]["steps"]
    checkouts = [step["with"] for step in guard if "actions/checkout" in step.get("uses", "")]
    assert [c["path"] for c in checkouts] == ["proposed", "base"]
    assert "base.sha" in checkouts[1]["ref"]
    check = next(step for step in guard if "builder changes" in step.get("run", ""))
    assert check["working-directory"] == "base"
    assert "--root ../proposed" in check["run"]
    assert "code-change" in check["env"]["CODE_CHANGE_APPROVED"]


def run_lines(name: str) -> list[str]:
    return [step.get("run", "") for job in workflow(name)["jobs"].values() for step in job["steps"]]


def test_pull_requests_build_what_deploy_builds() -> None:
    """Both run the audited build and never plain MkDocs: a pull request in one go (`make
    site`), deploy by language parts that `merge` joins and audits (an end-to-end test shows
    the two give the same files)."""
    checked, deployed = run_lines("validate.yml"), run_lines("deploy.yml")
    assert "make site" in checked
    assert [r for r in deployed if "builder build" in r] == [
        '.venv/bin/python -m builder build --part --language "$LANGUAGE" --site-dir '
        '"part-$LANGUAGE" --zim'
    ]
    assert [r for r in deployed if "builder merge" in r] == [
        ".venv/bin/python -m builder merge parts/part-* --site-dir site --zim"
    ]
    assert not [r for r in checked + deployed if "mkdocs build" in r or "mkdocs serve" in r]


def owners(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    """The owners GitHub gives a path: the last rule that matches it wins."""
    found: list[str] = []
    for pattern, names in rules:
        if pattern == "*" or ("/" + path).startswith(pattern):
            found = names
    return found


def test_codeowners_covers_every_path_outside_initiatives() -> None:
    lines = (REPO / ".github" / "CODEOWNERS").read_text().splitlines()
    rules = [(line.split()[0], line.split()[1:]) for line in lines if line and line[0] != "#"]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for path in [*tracked, ".ci/new-script", "docs/assets/new.js", "tests/new_test.py"]:
        assert bool(owners(path, rules)) != path.startswith("initiatives/"), path


def test_the_review_card_names_the_preview_artifact() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text())
    names = [step.get("with", {}).get("name") for step in workflow["jobs"]["build"]["steps"]]
    assert PREVIEW_ARTIFACT in names
