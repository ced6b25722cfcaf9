"""Progress of long work, such as rendering a thousand pictures: how many are done, of how
many, and the time left.

On a terminal the line is redrawn in place, as a bar; in a log that a person reads later (CI,
or output sent to a file) a new line is written every few seconds instead, since a redrawn
line would become hundreds of lines there. Short work prints nothing at all.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24
QUIET_FOR = 2.0
"""Seconds of work before anything is shown: a fast rebuild stays silent."""
LOG_EVERY = 5.0
REDRAW_EVERY = 0.2


def duration(seconds: float) -> str:
    """'45 s', '3 min 05 s', '1 h 02 min'."""
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, seconds_left = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds_left:02d} s"
    return f"{seconds_left} s"


def status(what: str, done: int, total: int, elapsed: float) -> str:
    """'Pictures: 120 of 1,279 done, about 1 min 20 s left'."""
    line = f"{what}: {done:,} of {total:,} done"
    if 0 < done < total:
        line += f", about {duration(elapsed / done * (total - done))} left"
    elif done == total:
        line += f" in {duration(elapsed)}"
    return line


def bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // max(total, 1)
    return "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"


class Progress:
    """Counts finished items and reports on `stream` (standard error by default): live when
    the stream is a terminal, else one line every LOG_EVERY seconds."""

    def __init__(
        self,
        what: str,
        total: int,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.clock = clock
        self.live = self.stream.isatty()
        self.started = clock()
        self.shown_at: float | None = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self.clock()
        if now - self.started < QUIET_FOR:
            return
        every = REDRAW_EVERY if self.live else LOG_EVERY
        if self.shown_at is None or now - self.shown_at >= every:
            self._show(now)

    def finish(self) -> None:
        """The last word, only when something was shown before it."""
        if self.shown_at is not None:
            self._show(self.clock())
            if self.live:
                self.stream.write("\n")
                self.stream.flush()

    def _show(self, now: float) -> None:
        self.shown_at = now
        line = status(self.what, self.done, self.total, now - self.started)
        if self.live:
            self.stream.write(f"\r\033[K{bar(self.done, self.total)} {line}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
