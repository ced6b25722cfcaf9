"""`python -m bench.six PROJECT SITE`: build a plain MkDocs project once per site language,
side by side, exactly as the atlas's own build runs its language builds."""

from __future__ import annotations

import sys
from pathlib import Path

from builder.data.i18n import SITE_LANGUAGES
from builder.tools.publish import run_language_builds

if __name__ == "__main__":
    project, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    site.mkdir(parents=True, exist_ok=True)
    run_language_builds(project, site, SITE_LANGUAGES)
