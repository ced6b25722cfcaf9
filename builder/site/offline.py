"""Keep the built site free of third-party requests, so that it works from a USB stick and
tells nobody what its readers read."""

from __future__ import annotations

from pathlib import Path

from builder.site.urls import VENDOR

THEME_SCRIPTS = "assets/javascripts"

CDN_REPLACEMENTS = {
    "https://unpkg.com/resize-observer-polyfill": (
        f"{VENDOR}/resize-observer-polyfill/ResizeObserver.js"
    ),
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": f"{VENDOR}/mermaid/mermaid.min.js",
}
"""mkdocs-material's bundle names two scripts on a CDN that it loads only on demand: a
ResizeObserver polyfill for old browsers (we load our committed copy first, through
`extra.polyfills`, so the demand never comes) and Mermaid (we render no diagrams). Pointing
them at local paths means that, whatever happens, no request leaves the site."""


def localise_theme_scripts(site_dir: Path) -> list[Path]:
    """Rewrite the CDN addresses in the theme's scripts; returns the files changed."""
    changed = []
    for path in sorted((site_dir / THEME_SCRIPTS).rglob("*.js*")):
        text = path.read_text(encoding="utf-8")
        local = text
        for remote, replacement in CDN_REPLACEMENTS.items():
            local = local.replace(remote, replacement)
        if local != text:
            path.write_text(local, encoding="utf-8")
            changed.append(path)
    return changed
