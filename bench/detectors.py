"""How long each private-data detector takes over 256 KiB of text crafted against it, as a
ratio against 256 KiB of ordinary prose. A pattern that backtracks (the old e-mail pattern took
65 s on 80 KB) shows as a ratio in the hundreds; linear ones stay within a small factor."""

# ruff: noqa: RUF001
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from builder.data import privacy

KIB_256 = 256 * 1024


def repeat(unit: str) -> str:
    return (unit * (KIB_256 // len(unit) + 1))[:KIB_256]


ORDINARY = repeat(
    "From 2019 to 2023 the network trained 1 250 people in 12 villages; read more at "
    "https://example.org/reports/2023 and www.example.org. "
)
CRAFTED = {
    "letters": repeat("a"),
    "digits": repeat("1"),
    "spaces": repeat(" "),
    "at signs": repeat("a@"),
    "at and dots": repeat("@a."),
    "long mailboxes": repeat("a" * 70 + "@"),
    "dotted mailbox": repeat("a." * 40 + "@"),
    "bracketed at": repeat(" [at] "),
    "words at and dot": repeat("a at b dot "),
    "mailbox at": repeat("info at b.cc "),
    "spaced digits": repeat("1 "),
    "dashed digits": repeat("1-"),
    "plus digits": repeat("+1"),
    "bracketed digits": repeat("(1) "),
    "six digits": repeat("123456 "),
    "glued seven digits": repeat("1234567x"),
    "phone words": repeat("tel 1234567 "),
    "url ids": repeat("https://a.b/123456789 "),
    "decimals": repeat("1.2345 "),
    "degrees": repeat("1°2'3\" "),
    "plus codes": repeat("CFGH+"),
    "three words": repeat("///a.b."),
    "entities": repeat("&#x202E;"),
    "percent": repeat("%E2%80%AE"),
    "zero width": repeat("\u200b"),
    "arabic digits": repeat("٠"),
    "iban letters": repeat("DE89 "),
    "card groups": repeat("4111 "),
    "wallet letters": repeat("1A"),
    "account words": repeat("account no 1 "),
    "mixed": repeat("tel 1234567 a@b.co -1.2345,2.3456 DE89 3704 "),
}
DETECTORS: dict[str, Callable[[str], object]] = {
    "normalise": privacy.normalise,
    "email": privacy.find_email,
    "phone": privacy.find_phone,
    "location": privacy.find_location,
    "payment": privacy.find_payment,
}


def seconds(detector: Callable[[str], object], text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        detector(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_detectors() -> dict[str, dict]:
    """For each detector: the slowest crafted text, its seconds, and the ratio to ordinary."""
    results = {}
    for name, detector in DETECTORS.items():
        ordinary = max(seconds(detector, ORDINARY), 1e-4)
        worst = max(
            ((label, seconds(detector, text)) for label, text in CRAFTED.items()),
            key=lambda pair: pair[1],
        )
        results[name] = {"worst": worst[0], "seconds": worst[1], "ratio": worst[1] / ordinary}
    return results


def detector_table(results: dict[str, dict]) -> str:
    lines = [
        "",
        "## Private-data detectors on 256 KiB of crafted text",
        "",
        "Each detector over 256 KiB built to slow it down (the worst of "
        f"{len(CRAFTED)} such texts), against 256 KiB of ordinary prose. The ratio floor is "
        "0.1 ms of prose.",
        "",
        "| Detector | Worst crafted text | Seconds | Ratio to prose |",
        "|---|---|---:|---:|",
    ]
    for name, row in results.items():
        lines.append(f"| {name} | {row['worst']} | {row['seconds']:.3f} | {row['ratio']:.1f} |")
    return "\n".join(lines) + "\n"
