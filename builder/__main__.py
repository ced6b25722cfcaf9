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
from typing import Any

from builder import pipeline
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, catalogue_path
from builder.data.messages import Message, _, plural_message
from builder.data.problems import format_problem, format_report, report_language
from builder.data.sources import INITIATIVE_FILE, INITIATIVES_DIR, read_source
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings
from builder.tools import (
    catalogues,
    changes,
    clean,
    forms,
    from_issue,
    onepage,
    publish,
    scaffold,
)
from builder.tools.actions_log import log_text
from builder.tools.audit import Finding, audit_site
from builder.tools.github import annotation, changes_summary, job_summary

BUG_MESSAGE = (
    "The validator itself failed (%(error)s). This is a fault in the atlas, not in your files: "
    "please open an issue and include this line."
)
SCHEMA_FILES = ("initiative.schema.json", "vocabularies.yaml")


class SchemaMissing(Exception):
    """The folder given as the schema (or the atlas's own schema/) lacks the schema files."""


CODE_CHANGE_LABEL = "code-change"
CODE_CHANGE_ENV = "CODE_CHANGE_APPROVED"
"""Set to `true` by the validate workflow when a maintainer labelled the pull request."""


def say(text: str, error: bool = False) -> None:
    """Print for a person, and for the Actions log: every line goes through `log_text`."""
    lines = "\n".join(log_text(line) for line in text.split("\n"))
    print(lines, file=sys.stderr if error else sys.stdout)


def build_parser() -> argparse.ArgumentParser:
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

    add_new_command(commands)
    add_from_issue_command(commands)
    shown = commands.add_parser(
        "forms", help="write the 'New initiative' issue form in the six languages"
    )
    shown.add_argument(
        "--check", action="store_true", help="only say whether the committed forms are up to date"
    )
    add_common_options(shown)
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
        "--part",
        action="store_true",
        help="only build the languages into an empty SITE_DIR, unaudited, for `merge`",
    )
    merge = commands.add_parser("merge", help="join parts built with `build --part`, audit, swap")
    merge.add_argument("parts", nargs="+", type=Path, help="folders built with `build --part`")
    merge.add_argument("--site-dir", type=Path, default=Path("site"))
    merge.add_argument("--allow", action="append", default=[], help="a URL prefix to allow")
    for making_copies in (build, merge):
        making_copies.add_argument(
            "--zim", action="store_true", help="also make a ZIM file of each language (slower)"
        )
        making_copies.add_argument(
            "--no-bundles", action="store_true", help="make no offline copies (quicker previews)"
        )
    ready = commands.add_parser(
        "prepare", help="check every initiative and render every picture into the cache"
    )
    one_page = commands.add_parser(
        "preview", help="cut a one-page preview of each changed initiative out of a built site"
    )
    one_page.add_argument("--base", required=True, help="the commit the pull request starts from")
    one_page.add_argument("--site", type=Path, default=Path("site"), help="the built site")
    for command in (validate, review, tidy, audit, build, merge, ready, one_page):
        command.add_argument("--root", type=Path, default=argparse.SUPPRESS)
        command.add_argument("--schema", type=Path, default=argparse.SUPPRESS)
        command.add_argument("--cache-dir", type=Path, default=argparse.SUPPRESS)
    return parser


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def add_new_command(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        help="start a new initiative from a commented template",
        description="Write initiatives/SLUG/initiative.yaml from a commented template. Give the "
        "answers as options, or run it on a terminal without options to be asked each one. "
        "Every answer is checked as it is given, with the validator's suggestions; with "
        "options, nothing is written until all of them are right (exit code 2).",
        epilog="Example: python -m builder new lake-seed-savers --title 'Lake Seed Savers' "
        "--language en --categories food-agriculture-fishing --countries KE --lat -0.09 "
        "--lon 34.77",
    )
    new.add_argument(
        "slug",
        help="the folder name: lower-case letters a-z, digits and single hyphens, such as "
        "lake-seed-savers",
    )
    for field in scaffold.fields():
        new.add_argument(
            f"--{field.name}",
            action="append" if field.many else "store",
            metavar=field.name.upper(),
            help=scaffold.option_help(field),
        )
    new.add_argument(
        "--lang",
        choices=SITE_LANGUAGES,
        help="the language of the questions, the messages and the template's comments "
        "(default: English). For example: --lang fr",
    )
    add_common_options(new)


def add_from_issue_command(commands: Any) -> None:
    issue = commands.add_parser(
        "from-issue",
        help="turn a 'New initiative' issue into a folder",
        description="Read the answers of a 'New initiative' issue (the form in any of the six "
        "languages), write initiatives/<id>/initiative.yaml, validate it, and write the comment "
        "for the issue, in the language of the form used. Exit code 1 when the contributor has "
        "something to change.",
    )
    issue.add_argument(
        "--event",
        type=Path,
        help="the GitHub event file that holds the issue. For example: --event "
        '"$GITHUB_EVENT_PATH"',
    )
    issue.add_argument(
        "--body",
        type=Path,
        help="a file holding the issue's text, instead of --event. For example: --body issue.md",
    )
    issue.add_argument(
        "--number",
        type=int,
        default=0,
        help="the issue's number, with --body; it names the folder when the title gives none. "
        "For example: --number 42",
    )
    issue.add_argument(
        "--fetch-images",
        action="store_true",
        help="download the photos attached to the issue (from GitHub only), clean them and "
        "check them",
    )
    issue.add_argument(
        "--proposal",
        type=Path,
        help="a folder to write comment.md in, and a copy of the initiative when it is valid. "
        "For example: --proposal proposal",
    )
    issue.add_argument(
        "--comment-only",
        action="store_true",
        help="with --proposal, write only the comment (the check that runs when the issue is "
        "opened or edited): no copy of the initiative, and no word of a pull request",
    )
    add_common_options(issue)


def add_common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--root", type=Path, default=argparse.SUPPRESS, help="the atlas folder (default: here)"
    )
    command.add_argument(
        "--schema",
        type=Path,
        default=argparse.SUPPRESS,
        help="the schema folder (default: ROOT/schema)",
    )
    command.add_argument(
        "--cache-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="where verdicts and pictures are kept (default: ROOT/.cache)",
    )


def settings_for(arguments: argparse.Namespace) -> Settings:
    settings = Settings.for_root(arguments.root)
    if arguments.schema:
        settings = replace(settings, schema_dir=arguments.schema.resolve())
    if arguments.cache_dir:
        cache = arguments.cache_dir.resolve()
        settings = replace(settings, cache_dir=cache / "images", verdicts_dir=cache / "verdicts")
    return settings


def require_schema(settings: Settings) -> Settings:
    missing = [name for name in SCHEMA_FILES if not (settings.schema_dir / name).is_file()]
    if missing:
        raise SchemaMissing(settings.schema_dir / missing[0])
    return settings


def on_github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def report_on_github(
    checked: pipeline.Checked,
    settings: Settings,
    requested: str | None,
    slugs: list[str],
    base: str | None = None,
) -> None:
    """Annotations on the diff; a job summary with the problems and a review card for each
    initiative in `slugs` (compared with `base` when given)."""
    for problem in sorted(set(checked.problems)):
        language = report_language(requested, checked.languages.get(problem.file))
        print(annotation(problem, language=language))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        cards = review_cards(checked, settings, requested, slugs, base)
        text = job_summary(checked.problems, checked.checked, cards, checked.languages, requested)
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


def review_cards(
    checked: pipeline.Checked,
    settings: Settings,
    requested: str | None,
    slugs: list[str],
    base: str | None,
) -> list[str]:
    """The review cards; imported here, as they render Markdown that a plain `validate` never
    needs (tests/test_layers.py keeps validate free of the site renderer)."""
    from builder.tools import review

    vocab = load_vocabularies(settings.schema_dir)
    outside: list[str] = []
    merge_base = None
    if base:
        found = changes.changed_files(settings.root, base)
        outside = [c.path for c in found if changes.initiative_slug(c.path) is None]
        merge_base = changes.merge_base(settings.root, base)
    language = report_language(requested, None)
    return review.review_cards(settings, slugs, vocab, checked.valid, merge_base, outside, language)


def validate(arguments: argparse.Namespace) -> int:
    settings = require_schema(settings_for(arguments))
    requested = getattr(arguments, "lang", None)
    paths = list(arguments.paths)
    slugs = [p.name if p.name != INITIATIVE_FILE else p.parent.name for p in paths]
    if arguments.changed_since:
        slugs = changes.initiative_slugs(
            changes.changed_files(settings.root, arguments.changed_since)
        )
        paths += [Path(INITIATIVES_DIR, slug) for slug in slugs]
        paths = [p for p in paths if (settings.root / p).exists()]
        if not slugs:
            say(_("No initiative changed.").render(report_language(requested, None)))
            return 0
    if paths or not slugs:
        checked = pipeline.check(settings, paths, keep_valid=bool(paths))
    else:
        checked = pipeline.Checked(0, [], [])
    say(format_report(checked.problems, checked.checked, requested, checked.languages))
    if on_github() and not getattr(arguments, "no_annotations", False):
        report_on_github(checked, settings, requested, slugs, arguments.changed_since)
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
    note = ""
    if errors and not approved and any(changes.outside_initiatives(e) for e in errors):
        note = changes.MAINTAINER_NOTE.with_values(label=CODE_CHANGE_LABEL).render()
        say(note)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and on_github():
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(changes_summary(errors, warnings, note))
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
    """A commented template, filled in with the answers given; a wrong option is reported
    with its suggestion and nothing is written."""
    settings = settings_for(arguments)
    language = arguments.lang or DEFAULT_LANGUAGE
    slug = arguments.slug
    options = {
        field.name: getattr(arguments, field.name)
        for field in scaffold.fields()
        if getattr(arguments, field.name) is not None
    }
    try:
        scaffold.check_name(settings.root, slug)
        if options:
            given, report = scaffold.checked_options(options, slug, settings.schema_dir, language)
            if report:
                say("\n".join(report), error=True)
                nothing = _("Nothing was written: change these options and run the command again.")
                say(nothing.render(language), error=True)
                return 2
        elif sys.stdin.isatty():
            tell = say
            given = scaffold.prompt_answers(slug, input, tell, settings.schema_dir, language)
        else:
            given = {}
        path = scaffold.write_new(settings.root, slug, given, language)
    except scaffold.NameUnusable as error:
        say(error.message.render(language), error=True)
        return 2
    wrote = _(
        "Wrote %(file)s. Fill in the empty values, then check your work with:",
        file=path.relative_to(settings.root).as_posix(),
    )
    say(wrote.render(language))
    say(f"  python -m builder validate {path.parent.relative_to(settings.root).as_posix()}")
    return 0


def issue_to_folder(arguments: argparse.Namespace) -> int:
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
    download = from_issue.fetch if arguments.fetch_images else None
    language = from_issue.read_issue(body).language
    proposing = not arguments.comment_only
    try:
        written = from_issue.write_from_issue(settings.root, body, vocab, number, download)
    except from_issue.IssueUnusable as refused:
        say(refused.message.render(), error=True)
        comment = from_issue.issue_comment([], refusals=[refused.message], language=language)
        propose(arguments.proposal, comment)
        return 1
    say(f"Wrote {written.path.relative_to(settings.root)}")
    for refusal in written.refusals:
        say(refusal.render(), error=True)
    checked = pipeline.check(settings, [written.path.parent], keep_valid=False)
    say(format_report(checked.problems, checked.checked))
    comment = from_issue.issue_comment(
        checked.problems, written.notes, written.refusals, language, proposing
    )
    valid = not checked.problems and not written.refusals
    propose(arguments.proposal, comment, written.path.parent if valid and proposing else None)
    return 0 if valid else 1


def write_forms(arguments: argparse.Namespace) -> int:
    """The issue forms, from builder/tools/forms.py; with --check, whether they are current."""
    settings = settings_for(arguments)
    vocab = load_vocabularies(settings.schema_dir)
    if arguments.check:
        stale = [
            name
            for name, text in forms.forms(vocab)
            if not (settings.root / forms.FORMS_DIR / name).is_file()
            or (settings.root / forms.FORMS_DIR / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            say(f"{forms.FORMS_DIR / name} is not what `python -m builder forms` writes")
        return 1 if stale else 0
    for written in forms.write_forms(settings.root, vocab):
        say(f"Wrote {written}")
    return 0


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
        message = _(
            "%(root)s has no mkdocs.yml: run this in the atlas's folder, or name the folder "
            "with --root",
            root=str(settings.root),
        )
        say(str(message), error=True)
        return 2
    site = site_dir(settings, arguments.site_dir)
    languages = arguments.language or SITE_LANGUAGES
    try:
        if arguments.part:
            publish.build_part(settings.root, site, languages, copy_kinds(arguments))
            say(
                str(
                    _(
                        "Built %(languages)s into %(site)s: join the parts with `merge`.",
                        languages=", ".join(languages),
                        site=str(site),
                    )
                )
            )
            return 0
        allowed = tuple(arguments.allow)
        kinds = copy_kinds(arguments)
        findings = publish.build_site(settings.root, site, allowed, languages, kinds)
    except publish.BuildFailed as error:
        say(str(error), error=True)
        return 1
    return published(findings, site)


def copy_kinds(arguments: argparse.Namespace) -> tuple[str, ...]:
    """The offline copies asked for: zip files unless --no-bundles, and ZIM files with --zim."""
    if arguments.no_bundles:
        return ()
    return ("zip", "zim") if arguments.zim else ("zip",)


def merge(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    site = site_dir(settings, arguments.site_dir)
    try:
        findings = publish.merge_site(
            settings.root, arguments.parts, site, tuple(arguments.allow), copy_kinds(arguments)
        )
    except publish.BuildFailed as error:
        say(str(error), error=True)
        return 1
    return published(findings, site)


def prepare(arguments: argparse.Namespace) -> int:
    try:
        publish.prepare(settings_for(arguments))
    except publish.BuildFailed as error:
        say(str(error), error=True)
        return 1
    return 0


def site_dir(settings: Settings, given: Path) -> Path:
    return given if given.is_absolute() else settings.root / given


def published(findings: list[Finding], site: Path) -> int:
    if findings:
        say(f"The new site was not published: the audit found problems; {site} is unchanged.")
    return print_findings(findings, _("Site audited"))


def one_page_previews(arguments: argparse.Namespace) -> int:
    """review/<id>/index.html in the built site for each initiative the pull request changes
    and the site shows."""
    settings = settings_for(arguments)
    site = arguments.site if arguments.site.is_absolute() else settings.root / arguments.site
    slugs = changes.initiative_slugs(changes.changed_files(settings.root, arguments.base))
    for slug in slugs:
        file = settings.root / INITIATIVES_DIR / slug / INITIATIVE_FILE
        data = read_source(settings.root, file).data if file.is_file() else None
        title = str(data.get("title", slug)) if data else slug
        folder = onepage.write_preview(site, site / onepage.PREVIEW_FOLDER, slug, title)
        if folder is not None:
            say(str(_("Wrote %(folder)s", folder=folder.relative_to(site).as_posix())))
    return 0


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
    "from-issue": issue_to_folder,
    "forms": write_forms,
    "audit": audit,
    "catalogues": update_catalogues,
    "build": build,
    "merge": merge,
    "prepare": prepare,
    "preview": one_page_previews,
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        return COMMANDS[arguments.command](arguments)
    except SchemaMissing as error:
        message = _(
            "%(file)s is missing: run this command in the atlas's folder (the one with "
            "schema/ and initiatives/), or name that folder with --root",
            file=str(error),
        )
        say(str(message), error=True)
        return 2
    except Exception as error:
        say(str(_(BUG_MESSAGE, error=f"{type(error).__name__}: {error}")), error=True)
        return 3


if __name__ == "__main__":
    sys.exit(main())
