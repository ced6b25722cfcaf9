"""One-page previews: for each initiative a pull request changes, a small folder cut out of the
built (and audited) site with the initiative's page and every file that page loads (styles,
scripts, pictures, the locator map and its data), opening from the folder's index.html.

The files keep their places relative to the site's root, so the page's relative addresses work
from the folder as they do in the whole site, offline. Links to other pages are left as they
are: they lead nowhere in the small folder, and to the page in the whole-site preview."""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.data.messages import _
from builder.site import urls
from builder.tools.audit import RESOURCE_ATTRIBUTES

PREVIEW_FOLDER = "review"
"""Where the one-page previews go inside the built site: review/<id>/index.html."""
CSS_URL = re.compile(r"""url\(\s*['"]?([^)'"\s]+)""", re.IGNORECASE)
FOLLOWED = {".html", ".css"}
"""Files whose own references are followed as well."""


class _Resources(HTMLParser):
    """The addresses of the files a page loads, not of the pages it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = RESOURCE_ATTRIBUTES.get(tag, ())
        rel = dict(attrs).get("rel") or ""
        for name, value in attrs:
            if name not in wanted or not value:
                continue
            if tag == "link" and not {"stylesheet", "icon", "manifest"} & set(rel.split()):
                continue
            candidates = value.split(",") if name == "srcset" else [value]
            self.found += [c.strip().split(" ")[0] for c in candidates if c.strip()]


def references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return CSS_URL.findall(text)
    parser = _Resources()
    parser.feed(text)
    return parser.found


def site_file(site: Path, here: str, address: str) -> str | None:
    """The site path an address in the file `here` points to, when it is a file of the site."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
    if target.startswith("../") or target == ".." or posixpath.isabs(target):
        return None
    return target if (site / target).is_file() else None


def files_of_page(site: Path, page: str) -> list[str]:
    """The page and every site file it loads, directly or through a style sheet or a frame."""
    seen, waiting = {page}, [page]
    while waiting:
        here = waiting.pop()
        if Path(here).suffix not in FOLLOWED:
            continue
        for address in references(site / here):
            target = site_file(site, here, address)
            if target and target not in seen:
                seen.add(target)
                waiting.append(target)
    return sorted(seen)


INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={page}">
<title>{title}</title>
</head>
<body>
<p><a href="{page}">{title}</a></p>
</body>
</html>
"""


def write_preview(site: Path, out: Path, slug: str, title: str) -> Path | None:
    """review/<slug>/ with the page's files and an index.html that opens it; None when the
    site has no page for the initiative."""
    page = urls.site_path(urls.initiative(slug))
    if not (site / page).is_file():
        return None
    folder = out / slug
    if folder.exists():
        shutil.rmtree(folder)
    for name in files_of_page(site, page):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / name, folder / name)
    heading = _("One-page preview: %(title)s", title=title).render()
    index = INDEX.format(page=html.escape(page, quote=True), title=html.escape(heading))
    (folder / "index.html").write_text(index, encoding="utf-8")
    return folder
