"""Timing helpers: median and p95 of repeated runs, next to a baseline from the same run.

A figure alone means little on a shared 2-core machine; its ratio to a
baseline measured seconds apart (a bare Textual app, a plain fsync'ed write)
does.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    samples_ms: list[float]
    target: str
    baseline_name: str = ""
    baseline_ms: list[float] | None = None
    passed: bool | None = None
    #: Unit of the samples: "ms", "Mo" (memory) or "o" (bytes written to the terminal).
    unit: str = "ms"

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def baseline(self) -> tuple[float, float] | None:
        if not self.baseline_ms:
            return None
        ordered = sorted(self.baseline_ms)
        return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def installed_environment() -> dict[str, str]:
    """The environment siae-tui is measured in: as a user runs it, with Python's bytecode caches
    in use, whatever the calling shell says (``PYTHONDONTWRITEBYTECODE`` recompiles every start)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def repeat(function: Callable[[], object], times: int) -> list[float]:
    """Milliseconds taken by each of ``times`` calls."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def render(rows: list[Row]) -> str:
    header = (
        f"| {'mesure':<52} | {'médiane':>9} | {'p95':>9} | {'référence (médiane / p95)':<44} "
        f"| {'ratio':>6} | {'cible':<26} | ok |"
    )
    lines = [header, "|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|"]
    for row in rows:
        base = row.baseline()
        unit = row.unit
        base_text = f"{row.baseline_name} {base[0]:.1f} / {base[1]:.1f} {unit}" if base else "—"
        ratio = f"{row.median / base[0]:.2f}" if base and base[0] else "—"
        ok = {True: "✓", False: "✗", None: "—"}[row.passed]
        lines.append(
            f"| {row.name:<52} | {row.median:>6.1f} {unit} | {row.p95:>6.1f} {unit} | {base_text:<44} | "
            f"{ratio:>6} | {row.target:<26} | {ok:<2} |"
        )
    return "\n".join(lines)
