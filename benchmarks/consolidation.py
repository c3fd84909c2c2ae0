"""A network's batch: 4,000 JSON exports (about a million scores) consolidated in one run.

``python -m benchmarks.consolidation [--files N]`` prints the time and the peak
memory of ``siae-tui consolidate`` over N generated exports; ``make bench`` runs
it with the other measures. Target: ≤ 10 s and ≤ 500 MB on the development machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.fixtures import default_referentiel
from benchmarks.harness import Row, render
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.metadata import NETWORKS, luhn_valid
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_json import export_json

TYPES = ("ACI", "AI", "EI", "ETTI")
TERRITORIES = ("35", "13", "59", "69", "974", "2A", "33", "75")


def siret_for(number: int) -> str:
    """A valid SIRET (Luhn) derived from ``number``."""
    stem = f"{number:013d}"
    return next(stem + str(d) for d in range(10) if luhn_valid(stem + str(d)))


def make_exports(directory: Path, referentiel: Referentiel, count: int, seed: int = 19) -> int:
    """``count`` export files: SIAE of four types and eight territories; one in four evaluated again the next
    year. Returns the number of scores written."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    practices = referentiel.practices
    scores = 0
    siae = 0
    written = 0
    while written < count:
        level = rng.random()
        kind = TYPES[siae % len(TYPES)]
        years = 2 if siae % 4 == 0 and written + 1 < count else 1
        for year in range(years):
            values = {p.id: min(3, max(0, round(rng.gauss(3 * level + 0.3 * year, 0.9)))) for p in practices}
            evaluation = Evaluation(
                referentiel.id,
                referentiel.version,
                f"SIAE confidentielle {siae:05d}",
                dt.date(2025 + year, 1 + siae % 12, 1 + siae % 28),
                kind,
                "Revue annuelle",
                ["Awa", "Marc"],
                values,
                {practices[0].id: "Commentaire confidentiel"},
                territory=TERRITORIES[siae % len(TERRITORIES)],
                network=NETWORKS[siae % len(NETWORKS)][0],
                siret=siret_for(10_000_000 + siae),
            )
            (directory / f"export-{written:05d}.json").write_text(export_json(referentiel, evaluation), "utf-8")
            scores += len(values)
            written += 1
        siae += 1
    return scores


#: Runs the CLI in-process, then prints its own peak RSS, its workers' largest peak (KB) and the CPU seconds.
_RUN = textwrap.dedent("""
    import resource, sys
    from siae_tui.cli import main
    code = main(sys.argv[1:])
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(code, me.ru_maxrss, kids.ru_maxrss, cpu, file=sys.stderr)
""")


@dataclass(frozen=True)
class Measure:
    seconds: float
    cpu_seconds: float
    main_mb: float
    worker_mb: float

    @property
    def total_mb(self) -> float:
        """An upper bound of the memory in use at once: the main process and every worker at its peak."""
        return self.main_mb + WORKERS * self.worker_mb


#: Worker processes ``collect`` starts on this machine (one per core, at most 4).
WORKERS = min(os.cpu_count() or 1, 4)


def run_consolidation(directory: Path, *extra: str) -> Measure:
    """Time, CPU and peak memory of ``siae-tui consolidate`` over ``directory`` in a fresh process."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _RUN, "consolidate", str(directory), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    code, main_kb, worker_kb, cpu = result.stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise RuntimeError(result.stderr)
    return Measure(seconds, float(cpu), int(main_kb) / 1024, int(worker_kb) / 1024)


def bench_consolidation(tmp: Path, files: int = 4000, runs: int = 1) -> list[Row]:
    directory = tmp / "network"
    scores = make_exports(directory, default_referentiel(), files)
    measures = [run_consolidation(directory, "--by", "type,annee", "--format", "json") for _ in range(runs)]
    timing = Row(f"consolider {files} exports ({scores} notes), JSON", [m.seconds * 1000 for m in measures], "≤ 10 s")
    timing.passed = max(m.seconds for m in measures) <= 10
    cpu = Row("  (temps CPU, tous processus)", [m.cpu_seconds * 1000 for m in measures], "(information)")
    peak = Row(
        f"RSS maximale, consolidation ({WORKERS} lecteurs + principal)",
        [m.total_mb for m in measures],
        "≤ 500 Mo",
        unit="Mo",
    )
    peak.passed = max(m.total_mb for m in measures) <= 500
    main_only = Row("RSS maximale du processus principal", [m.main_mb for m in measures], "(information)", unit="Mo")
    return [timing, cpu, peak, main_only]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_consolidation(Path(tmp), args.files, args.runs)
    print(render(rows))


if __name__ == "__main__":
    main()
