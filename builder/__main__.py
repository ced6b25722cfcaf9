"""The atlas's command line. Each command is one function below; `--help` lists them all."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from builder import pipeline
from builder.data.i18n import SITE_LANGUAGES, catalogue_path
from builder.data.messages import Message, _, plural_message
from builder.data.model import build_initiative
from builder.data.problems import format_problem, format_report, report_language
from builder.data.sources import INITIATIVES_DIR
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings
from builder.tools import catalogues, changes, clean, publish, scaffold
from builder.tools.actions_log import log_text
from builder.tools.audit import Finding, audit_site
from builder.tools.github import Preview, annotation, job_summary

BUG_MESSAGE = (
    "The validator itself failed ({error}). This is a fault in the atlas, not in your files: "
    "please open an issue and include this line."
)
PREVIEW_LIMIT = 20
CODE_CHANGE_LABEL = "code-change"
CODE_CHANGE_ENV = "CODE_CHANGE_APPROVED"
"""Set to `true` by the validate workflow when a maintainer labelled the pull request."""


def say(text: str, error: bool = False) -> None:
    """Print for a person, and for the Actions log: every line goes through `log_text`."""
    lines = "\n".join(log_text(line) for line in text.split("\n"))
    print(lines, file=sys.stderr if error else sys.stdout)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description="Check, build and look after a Solidarity Atlas.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the atlas folder")
    parser.add_argument("--schema", type=Path, help="the schema folder (default: ROOT/schema)")
    parser.add_argument(
        "--cache-dir", type=Path, help="where verdicts and pictures are kept (default: ROOT/.cache)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check initiatives, every problem at once")
    validate.add_argument("paths", nargs="*", type=Path, help="initiative folders or files")
    validate.add_argument("--changed-since", metavar="BASE", help="only what changed since BASE")
    validate.add_argument(
        "--no-annotations", action="store_true", help="plain report even on GitHub Actions"
    )
    validate.add_argument(
        "--lang",
        choices=SITE_LANGUAGES,
        help="the language of the report (default: each initiative's own language when it is "
        "one of the six, else English)",
    )

    review = commands.add_parser("changes", help="refuse what a pull request may not change")
    review.add_argument("--base", required=True, help="the commit the pull request starts from")

    tidy = commands.add_parser("clean-pictures", help="rewrite pictures without hidden data")
    tidy.add_argument("paths", nargs="+", type=Path, help="initiative folders or picture files")

    new = commands.add_parser("new", help="start a new initiative from a commented template")
    new.add_argument("slug", help="the folder name: lower-case words joined by '-'")
    for name, _comment, empty in scaffold.TEMPLATE_FIELDS:
        new.add_argument(f"--{name}", action="append" if empty == [] else "store")
    for name in ("description", "precision"):
        new.add_argument(f"--{name}")
    for name in ("lat", "lon"):
        new.add_argument(f"--{name}", type=float)

    issue = commands.add_parser("from-issue", help="turn a 'New initiative' issue into a folder")
    issue.add_argument("--event", type=Path, help="the GitHub event file (GITHUB_EVENT_PATH)")
    issue.add_argument("--body", type=Path, help="a file holding the issue's body")
    issue.add_argument("--number", type=int, default=0)
    issue.add_argument("--fetch-images", action="store_true", help="download attached photos")
    issue.add_argument(
        "--proposal", type=Path, help="write comment.md, and the folder when valid, here"
    )
    audit = commands.add_parser("audit", help="look for unsafe or private content in a built site")
    audit.add_argument("site", type=Path)
    audit.add_argument("--allow", action="append", default=[], help="a URL prefix to allow")

    commands.add_parser(
        "catalogues", help="bring the translation catalogues in step with the code and templates"
    )

    build = commands.add_parser("build", help="build, audit, then replace the site atomically")
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.add_argument(
        "--language",
        action="append",
        choices=SITE_LANGUAGES,
        help="build only this language (repeat for more); all six by default",
    )
    build.add_argument("--allow", action="append", default=[], help="a URL prefix to allow")
    build.add_argument(
        "--zim", action="store_true", help="also make a ZIM file of each language (slower)"
    )
    build.add_argument(
        "--no-bundles", action="store_true", help="make no offline copies (quicker previews)"
    )
    for command in (validate, review, tidy, new, issue, audit, build):
        command.add_argument("--root", type=Path, default=argparse.SUPPRESS)
        command.add_argument("--schema", type=Path, default=argparse.SUPPRESS)
        command.add_argument("--cache-dir", type=Path, default=argparse.SUPPRESS)
    return parser.parse_args(argv)


def settings_for(arguments: argparse.Namespace) -> Settings:
    settings = Settings.for_root(arguments.root)
    if arguments.schema:
        settings = replace(settings, schema_dir=arguments.schema.resolve())
    if arguments.cache_dir:
        cache = arguments.cache_dir.resolve()
        settings = replace(settings, cache_dir=cache / "images", verdicts_dir=cache / "verdicts")
    return settings


def on_github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def previews(checked: pipeline.Checked, settings: Settings) -> list[Preview]:
    vocab = load_vocabularies(settings.schema_dir)
    shown = []
    for source in checked.valid[:PREVIEW_LIMIT]:
        initiative = build_initiative(source, vocab)
        facts = (
            ("Summary", initiative.summary),
            ("Categories", ", ".join(c.title.english for c in initiative.categories)),
            ("Countries", ", ".join(c.english_name for c in initiative.countries)),
            ("Pictures", "; ".join(p.alt for p in initiative.pictures) or "none"),
        )
        shown.append(Preview(source.file, initiative.title, facts))
    return shown


def report_on_github(
    checked: pipeline.Checked, settings: Settings, named: bool, requested: str | None
) -> None:
    for problem in sorted(set(checked.problems)):
        language = report_language(requested, checked.languages.get(problem.file))
        print(annotation(problem, language=language))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        shown = previews(checked, settings) if named else []
        text = job_summary(checked.problems, checked.checked, shown, checked.languages, requested)
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


def validate(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    requested = getattr(arguments, "lang", None)
    paths = list(arguments.paths)
    if arguments.changed_since:
        slugs = changes.initiative_slugs(
            changes.changed_files(settings.root, arguments.changed_since)
        )
        paths += [Path(INITIATIVES_DIR, slug) for slug in slugs]
        paths = [p for p in paths if (settings.root / p).exists()]
        if not paths:
            say(_("No initiative changed.").render(report_language(requested, None)))
            return 0
    checked = pipeline.check(settings, paths, keep_valid=bool(paths))
    say(format_report(checked.problems, checked.checked, requested, checked.languages))
    if on_github() and not getattr(arguments, "no_annotations", False):
        report_on_github(checked, settings, named=bool(paths), requested=requested)
    return 1 if checked.problems else 0


def review_changes(arguments: argparse.Namespace) -> int:
    found = changes.changed_files(settings_for(arguments).root, arguments.base)
    approved = os.environ.get(CODE_CHANGE_ENV, "").lower() == "true"
    errors, warnings = changes.review_problems(found, approved, CODE_CHANGE_LABEL)
    for problem in errors + warnings:
        if on_github():
            print(annotation(problem, "error" if problem in errors else "warning"))
        else:
            say(format_problem(problem))
    counts = _(
        "%(changed)s, %(refused)s refused, %(review)s to review",
        changed=plural_message("%(count)s file changed", "%(count)s files changed", len(found)),
        refused=len(errors),
        review=len(warnings),
    )
    say(counts.render())
    if errors and not approved and any(changes.outside_initiatives(e) for e in errors):
        say(changes.MAINTAINER_NOTE.with_values(label=CODE_CHANGE_LABEL).render())
    return 1 if errors else 0


def clean_pictures(arguments: argparse.Namespace) -> int:
    outcomes = clean.clean_pictures(settings_for(arguments).root, arguments.paths)
    for outcome in outcomes:
        say(outcome.report)
    refused = sum(outcome.refused for outcome in outcomes)
    counts = _(
        "%(looked)s, %(refused)s left as they were because of a problem",
        looked=plural_message(
            "%(count)s file looked at", "%(count)s files looked at", len(outcomes)
        ),
        refused=refused,
    )
    say(counts.render())
    return 1 if refused else 0


def new(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    given = {name: getattr(arguments, name) for name, *_ in scaffold.TEMPLATE_FIELDS}
    given.update({n: getattr(arguments, n) for n in ("description", "precision", "lat", "lon")})
    given = {name: value for name, value in given.items() if value is not None}
    if not given and sys.stdin.isatty():
        given = scaffold.prompt_answers(arguments.slug, input)
    path = scaffold.write_new(settings.root, arguments.slug, given)
    say(f"Wrote {path.relative_to(settings.root)}. Fill in the empty values, then run:")
    say(f"  python -m builder validate {path.parent.relative_to(settings.root)}")
    return 0


def from_issue(arguments: argparse.Namespace) -> int:
    """An initiative folder from a "New initiative" issue, validated; with --proposal, the
    comment for the issue, and a copy of the folder when it is valid (what the from-issue
    workflow hands to the job that opens the pull request)."""
    settings = settings_for(arguments)
    if arguments.event:
        issue = json.loads(arguments.event.read_text(encoding="utf-8"))["issue"]
        body, number = issue.get("body") or "", int(issue["number"])
    elif arguments.body:
        body, number = arguments.body.read_text(encoding="utf-8"), arguments.number
    else:
        say("from-issue needs --event or --body", error=True)
        return 2
    vocab = load_vocabularies(settings.schema_dir)
    download = scaffold.fetch if arguments.fetch_images else None
    try:
        written = scaffold.write_from_issue(settings.root, body, vocab, number, download)
    except scaffold.IssueUnusable as refused:
        say(str(refused), error=True)
        propose(arguments.proposal, scaffold.issue_comment([], [], str(refused)))
        return 1
    say(f"Wrote {written.path.relative_to(settings.root)}")
    checked = pipeline.check(settings, [written.path.parent], keep_valid=False)
    say(format_report(checked.problems, checked.checked))
    comment = scaffold.issue_comment(checked.problems, written.notes)
    propose(arguments.proposal, comment, None if checked.problems else written.path.parent)
    return 1 if checked.problems else 0


def propose(proposal: Path | None, comment: str, folder: Path | None = None) -> None:
    if proposal is None:
        return
    proposal.mkdir(parents=True, exist_ok=True)
    (proposal / "comment.md").write_text(comment, encoding="utf-8")
    if folder is not None:
        shutil.copytree(folder, proposal / INITIATIVES_DIR / folder.name)


def print_findings(findings: list[Finding], files: Message) -> int:
    for finding in findings:
        say(f"{finding.file}: {finding.message}")
    found = plural_message("%(count)s finding", "%(count)s findings", len(findings))
    say(str(_("%(files)s, %(found)s", files=files, found=found if findings else _("no findings"))))
    return 1 if findings else 0


def audit(arguments: argparse.Namespace) -> int:
    findings = audit_site(arguments.site, tuple(arguments.allow))
    checked = sum(1 for p in arguments.site.rglob("*") if p.is_file())
    files = plural_message("%(count)s file audited", "%(count)s files audited", checked)
    return print_findings(findings, files)


def build(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    if not (settings.root / "mkdocs.yml").is_file():
        print(
            f"{settings.root} has no mkdocs.yml: run this in the atlas's folder, or name the "
            "folder with --root",
            file=sys.stderr,
        )
        return 2
    site = (
        arguments.site_dir
        if arguments.site_dir.is_absolute()
        else settings.root / arguments.site_dir
    )
    try:
        languages = arguments.language or SITE_LANGUAGES
        kinds = () if arguments.no_bundles else ("zip", "zim") if arguments.zim else ("zip",)
        findings = publish.build_site(settings.root, site, tuple(arguments.allow), languages, kinds)
    except publish.BuildFailed as error:
        say(str(error), error=True)
        return 1
    if findings:
        say(f"The new site was not published: the audit found problems; {site} is unchanged.")
    return print_findings(findings, _("Site audited"))


def update_catalogues(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    missing = catalogues.update(settings.root / "mkdocs.yml")
    for language, count in missing.items():
        print(f"{catalogue_path(language).relative_to(Path.cwd())}: {count} to translate")
    return 0


COMMANDS = {
    "validate": validate,
    "changes": review_changes,
    "clean-pictures": clean_pictures,
    "new": new,
    "from-issue": from_issue,
    "audit": audit,
    "catalogues": update_catalogues,
    "build": build,
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        return COMMANDS[arguments.command](arguments)
    except scaffold.NameUnusable as error:
        say(f"{error}: choose another name", error=True)
        return 2
    except Exception as error:
        say(BUG_MESSAGE.format(error=f"{type(error).__name__}: {error}"), error=True)
        return 3


if __name__ == "__main__":
    sys.exit(main())
