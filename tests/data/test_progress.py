"""Progress of long work: silent when quick, a live bar on a terminal, a line now and then in
a log, always with what is done, of how many, and the time left."""

from __future__ import annotations

import io

from builder.data import progress
from builder.data.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def run(stream: io.StringIO, total: int, seconds_each: float) -> str:
    clock = Clock()
    work = Progress("Pictures", total, stream, clock)
    for _ in range(total):
        clock.now += seconds_each
        work.advance()
    work.finish()
    return stream.getvalue()


def test_quick_work_says_nothing() -> None:
    assert run(io.StringIO(), 10, 0.1) == ""
    assert run(Terminal(), 10, 0.1) == ""


def test_a_log_gets_a_line_every_few_seconds_with_the_time_left() -> None:
    lines = run(io.StringIO(), 100, 1.0).splitlines()
    assert len(lines) == len(range(2, 100, 5)) + 1
    assert lines[0] == "Pictures: 2 of 100 done, about 1 min 38 s left"
    assert lines[1] == "Pictures: 7 of 100 done, about 1 min 33 s left"
    assert lines[-1] == "Pictures: 100 of 100 done in 1 min 40 s"
    assert "\r" not in "".join(lines)


def test_a_terminal_gets_a_bar_redrawn_in_place() -> None:
    shown = run(Terminal(), 40, 0.5)
    frames = shown.rstrip("\n").split("\r\033[K")[1:]
    assert len(frames) == len(range(4, 41)) + 1
    assert frames[0].startswith("[" + "#" * 2 + "-" * 22 + "] Pictures: 4 of 40 done, about 18 s")
    assert frames[-1] == "[" + "#" * 24 + "] Pictures: 40 of 40 done in 20 s"
    assert shown.endswith("\n") and shown.count("\n") == 1


def test_durations_read_like_a_person_would_say_them() -> None:
    assert progress.duration(0.2) == "1 s"
    assert progress.duration(185) == "3 min 05 s"
    assert progress.duration(3720) == "1 h 02 min"
