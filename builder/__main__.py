"""The atlas's command line. Each command is one function below; `--help` lists them all."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from builder import pipeline
from builder.data.i18n import SITE_LANGUAGES, catalogue_path
from builder.data.model import build_initiative
from builder.data.problems import format_problem, format_report
from builder.data.sources import INITIATIVES_DIR
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings
from builder.tools import catalogues, changes, publish, scaffold
from builder.tools.audit import Finding, audit_site
from builder.tools.github import Preview, annotation, job_summary

BUG_MESSAGE = (
    "The validator itself failed ({error}). This is a fault in the atlas, not in your files: "
    "please open an issue and include this line."
)
PREVIEW_LIMIT = 20


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

    review = commands.add_parser("changes", help="flag what a pull request changes")
    review.add_argument("--base", required=True, help="the commit the pull request starts from")

    new = commands.add_parser("new", help="start a new initiative from a commented template")
    new.add_argument("slug", help="the folder name: lower-case words joined by '-'")
    for name, _, empty in scaffold.TEMPLATE_FIELDS:
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
    for command in (validate, review, new, issue, audit, build):
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


def report_on_github(checked: pipeline.Checked, settings: Settings, named: bool) -> None:
    for problem in sorted(set(checked.problems)):
        print(annotation(problem))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        shown = previews(checked, settings) if named else []
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(job_summary(checked.problems, checked.checked, shown) + "\n")


def validate(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    paths = list(arguments.paths)
    if arguments.changed_since:
        slugs = changes.initiative_slugs(
            changes.changed_files(settings.root, arguments.changed_since)
        )
        paths += [Path(INITIATIVES_DIR, slug) for slug in slugs]
        paths = [p for p in paths if (settings.root / p).exists()]
        if not paths:
            print("No initiative changed.")
            return 0
    checked = pipeline.check(settings, paths, keep_valid=bool(paths))
    print(format_report(checked.problems, checked.checked))
    if on_github() and not getattr(arguments, "no_annotations", False):
        report_on_github(checked, settings, named=bool(paths))
    return 1 if checked.problems else 0


def review_changes(arguments: argparse.Namespace) -> int:
    found = changes.changed_files(settings_for(arguments).root, arguments.base)
    errors, warnings = changes.review_problems(found)
    for problem in errors + warnings:
        print(
            annotation(problem, "error" if problem in errors else "warning")
            if on_github()
            else format_problem(problem)
        )
    print(f"{len(found)} files changed, {len(errors)} refused, {len(warnings)} to review")
    return 1 if errors else 0


def new(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    given = {name: getattr(arguments, name) for name, *_ in scaffold.TEMPLATE_FIELDS}
    given.update({n: getattr(arguments, n) for n in ("description", "precision", "lat", "lon")})
    given = {name: value for name, value in given.items() if value is not None}
    if not given and sys.stdin.isatty():
        given = scaffold.prompt_answers(arguments.slug, input)
    path = scaffold.write_new(settings.root, arguments.slug, given)
    print(f"Wrote {path.relative_to(settings.root)}. Fill in the empty values, then run:")
    print(f"  python -m builder validate {path.parent.relative_to(settings.root)}")
    return 0


def from_issue(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    if arguments.event:
        issue = json.loads(arguments.event.read_text(encoding="utf-8"))["issue"]
        body, number = issue.get("body") or "", int(issue["number"])
    elif arguments.body:
        body, number = arguments.body.read_text(encoding="utf-8"), arguments.number
    else:
        print("from-issue needs --event or --body", file=sys.stderr)
        return 2
    vocab = load_vocabularies(settings.schema_dir)
    download = scaffold.fetch if arguments.fetch_images else None
    path = scaffold.write_from_issue(settings.root, body, vocab, number, download)
    print(f"Wrote {path.relative_to(settings.root)}")
    arguments.paths, arguments.changed_since = [path.parent], None
    return validate(arguments)


def print_findings(findings: list[Finding], files: str) -> int:
    for finding in findings:
        print(f"{finding.file}: {finding.message}")
    print(f"{files}, {len(findings)} findings" if findings else f"{files}, no findings")
    return 1 if findings else 0


def audit(arguments: argparse.Namespace) -> int:
    findings = audit_site(arguments.site, tuple(arguments.allow))
    checked = sum(1 for p in arguments.site.rglob("*") if p.is_file())
    return print_findings(findings, f"{checked} files audited")


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
        findings = publish.build_site(settings.root, site, tuple(arguments.allow), languages)
    except publish.BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    if findings:
        print(f"The new site was not published: the audit found problems; {site} is unchanged.")
    return print_findings(findings, "Site audited")


def update_catalogues(arguments: argparse.Namespace) -> int:
    settings = settings_for(arguments)
    missing = catalogues.update(settings.root / "mkdocs.yml")
    for language, count in missing.items():
        print(f"{catalogue_path(language).relative_to(Path.cwd())}: {count} to translate")
    return 0


COMMANDS = {
    "validate": validate,
    "changes": review_changes,
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
        print(f"{error}: choose another name", file=sys.stderr)
        return 2
    except scaffold.AttachmentRefused as error:
        print(f"A photo attached to the issue cannot be used: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        print(BUG_MESSAGE.format(error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
