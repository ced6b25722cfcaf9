"""Text made inert for the GitHub Actions log. Standard library only: the job that downloads an
issue's attachments runs this with nothing else installed."""

from __future__ import annotations

import re

_COMMAND_COLON = re.compile(r":(?=:)")
_COMMAND_HASH = re.compile(r"#(?=#\[)")


def log_text(text: str) -> str:
    """The runner reads a line that starts with `::` as a workflow command (`::add-mask::`,
    `::error::`, `::stop-commands::`), and `##[command]` anywhere in a line (`##[group]`,
    `##[error]`), so one escaped line start is not enough: every `::` becomes `: :` and every
    `##[` becomes `# #[`, and line breaks are shown as `\\n`. Everything the command line prints
    goes through here."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return _COMMAND_HASH.sub("# ", _COMMAND_COLON.sub(": ", text))
