"""Build the site in every language into a temporary folder, audit it, and only then swap it
into place, so that a failed or unsafe build never replaces a good site.

Each language is its own strict MkDocs build (the theme's language comes from ATLAS_LANGUAGE),
run side by side on the machine's cores by worker processes that each build several languages
one after another, so that the code, the reference data and what is kept in memory (the
rendered descriptions, for one) are loaded once per worker, not once per language. The
default language fills the site's root and holds the shared pictures and open data, the
others fill `<lang>/`. The deploy workflow builds each language on its own machine
(`build_part`, unaudited) and joins the parts with `merge_site`. The offline copies of each
language (see bundles) are made from the whole site, once joined, and the audit then reads
them too, before the site is published.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from builder import pipeline
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES
from builder.data.problems import format_report
from builder.data.verdicts import Digests
from builder.settings import BUNDLES_ENV, Settings
from builder.site import urls
from builder.site.pictures import publish_pictures
from builder.tools.audit import Finding, audit_site

JIEBA_WARNING = "pkg_resources is deprecated"
"""jieba (Chinese search) imports a deprecated setuptools module; the warning says nothing
to someone building the atlas."""
LOG_FORMAT = "%(levelname)-7s -  %(message)s"


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


def show_build_log() -> None:
    """MkDocs' log on this worker's standard error, as `mkdocs build` shows it."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "atlas", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.atlas = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_language(root: Path, language: str, site_dir: Path, kinds: tuple[str, ...] = ()) -> None:
    """One strict MkDocs build of one language into `site_dir`, in this process (a worker of
    `run_language_builds`): a warning fails it, as `mkdocs build --strict` would. (MkDocs is
    loaded here, not when `validate` starts.)"""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    os.environ["ATLAS_LANGUAGE"] = language
    os.environ[BUNDLES_ENV] = ",".join(kinds)
    warnings.filterwarnings("ignore", JIEBA_WARNING, UserWarning)
    show_build_log()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except MkDocsException as error:
        raise BuildFailed(f"The build of '{language}' failed: {error}") from None


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
    `site`, which must be empty. The workers start afresh ('spawn'), whatever this process
    has loaded or changed."""
    chosen = list(languages)
    with tempfile.TemporaryDirectory(prefix=".languages-", dir=site.parent) as scratch:
        built = {language: Path(scratch) / language for language in chosen}
        workers = max(1, min(len(chosen), os.cpu_count() or 1))
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = [
                pool.submit(build_language, root.resolve(), language, folder, kinds)
                for language, folder in built.items()
            ]
            for job in jobs:
                job.result()
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
