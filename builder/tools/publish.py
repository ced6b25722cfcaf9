"""Build the site in every language into a temporary folder, audit it, and only then swap it
into place, so that a failed or unsafe build never replaces a good site.

Each language is its own `mkdocs build` (the theme's language comes from ATLAS_LANGUAGE), run
side by side on the machine's cores; the default language fills the site's root and holds the
shared pictures and open data, the others fill `<lang>/`. The deploy workflow builds each
language on its own machine (`build_part`, unaudited) and joins the parts with `merge_site`.
The offline copies of each language (see bundles) are made from the whole site, once joined,
and the audit then reads them too, before the site is published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from builder import pipeline
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES
from builder.data.problems import format_report
from builder.data.verdicts import Digests
from builder.settings import BUNDLES_ENV, Settings
from builder.site import urls
from builder.site.pictures import publish_pictures
from builder.tools.audit import Finding, audit_site

JIEBA_WARNING = "ignore:pkg_resources is deprecated:UserWarning"
"""jieba (Chinese search) imports a deprecated setuptools module; the warning says nothing
to someone building the atlas."""


class BuildFailed(Exception):
    pass


def source_date_epoch(root: Path) -> str:
    """The time of the last commit, so that two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "0"


def build_language(root: Path, language: str, site_dir: Path, kinds: tuple[str, ...] = ()) -> None:
    """One `mkdocs build --strict` of one language into `site_dir`.

    Not `--quiet`: MkDocs 1.6 stops counting warnings when quiet, so strict would not fail."""
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": source_date_epoch(root),
        "ATLAS_LANGUAGE": language,
        "PYTHONWARNINGS": JIEBA_WARNING,
        BUNDLES_ENV: ",".join(kinds),
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=root, env=environment)
    if result.returncode != 0:
        raise BuildFailed(f"mkdocs build of '{language}' failed (exit {result.returncode})")


def merge_languages(site: Path, built: dict[str, Path]) -> None:
    """Each language's build into its place in `site`: the default one at the root."""
    if DEFAULT_LANGUAGE in built:
        shutil.copytree(built[DEFAULT_LANGUAGE], site, dirs_exist_ok=True)
    for language, folder in sorted(built.items()):
        if language != DEFAULT_LANGUAGE:
            target = site / urls.language_root(language)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(folder, target)


def prepare(settings: Settings) -> None:
    """Check every initiative and render every picture once, before the language builds
    start side by side: each of them then finds it all in the caches."""
    atlas, checked = pipeline.collect(settings)
    if checked.problems:
        raise BuildFailed(format_report(checked.problems, checked.checked))
    publish_pictures(atlas, settings.cache_dir, Digests(checked.digests))


def build_languages(
    root: Path, site: Path, languages: Iterable[str], kinds: tuple[str, ...] = ()
) -> None:
    """Check and render pictures once, then build the languages into `site`; their Download
    pages offer copies of `kinds` ('zip', 'zim')."""
    prepare(Settings.for_root(root))
    run_language_builds(root, site, languages, kinds)


def make_copies(root: Path, site: Path, kinds: tuple[str, ...]) -> None:
    """The offline copies of `kinds` of every language in the whole `site`, and every file's
    size on its Download pages. (libzim is loaded here, not when `validate` starts.)"""
    from builder.tools import bundles

    # The sizes of the open data first, so that the copies show them too.
    bundles.fill_sizes(site)
    if kinds:
        home = [(code, site / urls.language_root(code) / "index.html") for code in SITE_LANGUAGES]
        built = [code for code, page in home if page.is_file()]
        epoch = int(source_date_epoch(root))
        bundles.make_bundles(site, root, built, kinds, epoch)
        bundles.fill_sizes(site)


def run_language_builds(
    root: Path, site: Path, languages: Iterable[str], kinds: tuple[str, ...] = ()
) -> None:
    """One MkDocs build per language, side by side on the machine's cores, merged into
    `site`, which must be empty."""
    chosen = list(languages)
    with tempfile.TemporaryDirectory(prefix=".languages-", dir=site.parent) as scratch:
        built = {language: Path(scratch) / language for language in chosen}
        workers = max(1, min(len(chosen), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(
                pool.map(lambda item: build_language(root, item[0], item[1], kinds), built.items())
            )
        merge_languages(site, built)


def build_site(
    root: Path,
    site: Path,
    allowed: tuple[str, ...] = (),
    languages: Iterable[str] = SITE_LANGUAGES,
    kinds: tuple[str, ...] = ("zip",),
) -> list[Finding]:
    """Build every language and its offline copies into a fresh folder next to `site`, audit
    it all, then swap."""
    chosen = list(languages)

    def fill(building: Path) -> None:
        build_languages(root, building, chosen, kinds)
        make_copies(root, building, kinds)

    return publish_audited(site, allowed, fill)


def build_part(
    root: Path, part: Path, languages: Iterable[str], kinds: tuple[str, ...] = ("zip",)
) -> None:
    """Some languages of the site into the empty or missing folder `part`, in their places,
    unaudited: for a deploy job that builds each language on its own machine, then joins the
    parts with `merge_site`, which makes the copies of `kinds` and audits the whole."""
    part.mkdir(parents=True, exist_ok=True)
    if any(part.iterdir()):
        raise BuildFailed(f"{part} is not empty: a part is built into an empty folder")
    build_languages(root, part.resolve(), languages, kinds)


def merge_site(
    root: Path,
    parts: Iterable[Path],
    site: Path,
    allowed: tuple[str, ...] = (),
    kinds: tuple[str, ...] = ("zip",),
) -> list[Finding]:
    """Parts built by `build_part` joined into one site with its offline copies, audited,
    then swapped into place."""
    chosen = list(parts)
    missing = [str(part) for part in chosen if not part.is_dir()]
    if missing:
        raise BuildFailed(f"no such part: {', '.join(missing)}")

    def join(building: Path) -> None:
        for part in chosen:
            shutil.copytree(part, building, dirs_exist_ok=True)
        make_copies(root, building, kinds)

    return publish_audited(site, allowed, join)


def publish_audited(
    site: Path, allowed: tuple[str, ...], fill: Callable[[Path], None]
) -> list[Finding]:
    """`fill` a fresh folder next to `site`, audit it, and only then swap it into place."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site.name}-building-", dir=site.parent))
    try:
        try:
            fill(building)
        except BuildFailed as error:
            raise BuildFailed(f"{error}; {site} is unchanged") from None
        findings = audit_site(building, allowed)
        if findings:
            return findings
        building.chmod(0o755)
        old = site.with_name(f".{site.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if site.exists():
            site.rename(old)
        building.rename(site)
        shutil.rmtree(old, ignore_errors=True)
        return []
    finally:
        shutil.rmtree(building, ignore_errors=True)
