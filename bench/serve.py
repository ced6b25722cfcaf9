"""How long `mkdocs serve` takes to show an edit: from the moment a file is saved to the
server's "Reloading browsers", the point at which an open page reloads."""

from __future__ import annotations

import queue
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

READY = "Serving on"
RELOADED = "Reloading browsers"
FAILED = "An error happened during the rebuild"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`mkdocs serve` in `project`, its log read line by line on a thread."""

    def __init__(self, project: Path) -> None:
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr"]
        command.append(f"127.0.0.1:{free_port()}")
        self.process = subprocess.Popen(
            command, cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if FAILED in line:
                raise RuntimeError(f"mkdocs serve failed to rebuild: {line}")
            if text in line:
                return
        raise TimeoutError(f"mkdocs serve printed no {text!r} within {timeout:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def reload_seconds(project: Path, edit: Callable[[int], None], runs: int) -> float:
    """The median time from `edit(n)` to the reload, over `runs` edits of a served project."""
    server = Server(project)
    try:
        server.wait_for(READY, timeout=1800)
        times = []
        for number in range(runs):
            time.sleep(1)
            started = time.perf_counter()
            edit(number)
            server.wait_for(RELOADED, timeout=1800)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        server.stop()


def renamer(path: Path) -> Callable[[int], None]:
    """An edit of one initiative's contributor ("Example team" in both the YAML file and the
    plain Markdown page): a real change each time."""
    original = path.read_text(encoding="utf-8")

    def edit(number: int) -> None:
        changed = original.replace("Example team", f"Example team {number}", 1)
        path.write_text(changed, encoding="utf-8")

    return edit
