"""Fault runs: a writer killed with SIGKILL at random moments never loses what it acknowledged.

Two kinds of writer run in a child process and print each change only once
the store call returned (an acknowledgement): one scores practices of an open
session, the other creates sessions one after another. The parent kills the
child at a random moment, then checks every acknowledged change is on disk,
every session file is complete and readable, and the listing leaves no
temporary file behind.

``make bench`` runs 100 kills of each kind (``python -m benchmarks``, or
``python -m benchmarks.faults --kills 100`` alone); ``make test`` runs a few
through ``tests/unit/test_crash.py``, with the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import Row
from siae_tui import locations
from siae_tui.domain.loader import load_referentiel
from siae_tui.store import SessionError, SessionStore

SCORER = textwrap.dedent(
    """
    import datetime as dt, sys
    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.loader import load_referentiel
    from siae_tui.store import SessionStore

    ref = load_referentiel(sys.argv[1])
    store = SessionStore(sys.argv[2], [ref])
    session = store.create(Evaluation(ref.id, ref.version, "Crash", dt.date(2026, 1, 1)))
    print(session.path, flush=True)
    n = 0
    while True:
        for practice in ref.practices:
            n += 1
            value = n % 4
            session.set_value(practice.id, value)
            print(practice.id, value, flush=True)
    """
)

CREATOR = textwrap.dedent(
    """
    import datetime as dt, sys
    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.loader import load_referentiel
    from siae_tui.store import SessionStore

    ref = load_referentiel(sys.argv[1])
    store = SessionStore(sys.argv[2], [ref])
    print("prêt", flush=True)
    n = 0
    while True:
        n += 1
        ev = Evaluation(ref.id, ref.version, "Crash", dt.date(2026, 1, 1), "ACI", "Même nom",
                        participants=[f"n{n}"], notes={"1.1.1": "note " * 50})
        session = store.create(ev)
        session.close()
        print(session.id, f"n{n}", flush=True)
    """
)


def _run_and_kill(code: str, directory: Path, delay: float) -> tuple[str, list[str]]:
    """Start the child, wait for its first line and its first acknowledged change, kill it ``delay``
    seconds later; its first line and every acknowledgement.

    Waiting for the first acknowledgement (not only for the child to be ready) makes every kill
    land while the child writes, however slowly a busy machine lets it start.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(locations.default_referentiel_path()), str(directory)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    acknowledged = [child.stdout.readline()]
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    acknowledged += child.stdout.read().splitlines()
    child.stdout.close()
    # A line cut by the kill is not an acknowledgement.
    return first, [line.strip() for line in acknowledged if len(line.split()) == 2]


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def kill_while_scoring(directory: Path, delay: float) -> list[str]:
    """One kill of a scorer; the problems found (empty when nothing was lost)."""
    referentiel = load_referentiel(locations.default_referentiel_path())
    first, lines = _run_and_kill(SCORER, directory, delay)
    if not lines:
        return ["le processus n'a rien écrit avant d'être tué"]
    acknowledged: dict[str, int] = {}
    for line in lines:
        practice_id, value = line.split()
        acknowledged[practice_id] = int(value)
    problems = []
    try:
        on_disk = json.loads(Path(first).read_text(encoding="utf-8"))["session"]["1"]["values"]
    except (OSError, ValueError, KeyError) as error:
        return [f"fichier de session illisible après le kill : {error!r}"]
    # At most one write can be in flight: the one to the practice after the last acknowledged.
    order = [p.id for p in referentiel.practices]
    in_flight = order[(order.index(lines[-1].split()[0]) + 1) % len(order)]
    for practice_id, value in acknowledged.items():
        if practice_id != in_flight and on_disk.get(practice_id) != value:
            problems.append(f"note perdue : {practice_id}")
    return problems + _check_listing(directory, referentiel)


def kill_while_creating(directory: Path, delay: float) -> list[str]:
    """One kill of a creator; the problems found (empty when nothing was lost)."""
    referentiel = load_referentiel(locations.default_referentiel_path())
    _first, lines = _run_and_kill(CREATOR, directory, delay)
    problems = []
    for line in lines:
        session_id, marker = line.split()
        try:
            document = json.loads((directory / f"{session_id}.json").read_text(encoding="utf-8"))["session"]["1"]
        except (OSError, ValueError, KeyError) as error:
            problems.append(f"session acquittée perdue ou illisible : {session_id} ({error!r})")
            continue
        if document.get("participants") != [marker]:
            problems.append(f"session acquittée écrasée : {session_id}")
    return problems + _check_listing(directory, referentiel)


def _check_listing(directory: Path, referentiel) -> list[str]:
    """Every session file is complete and readable; at most one temporary file, gone after listing."""
    problems = []
    if len(_leftovers(directory)) > 1:
        problems.append(f"plusieurs fichiers temporaires : {_leftovers(directory)}")
    store = SessionStore(directory, [referentiel])
    _summaries, errors = store.list()
    problems += [f"fichier de session incomplet : {error.message}" for error in errors]
    for path in directory.glob("*.json"):
        if path.name.startswith("."):
            continue  # the index cache
        try:
            store.open(path.stem, read_only=True).close()
        except SessionError as error:
            problems.append(error.message)
    if _leftovers(directory):
        problems.append(f"fichiers temporaires non nettoyés : {_leftovers(directory)}")
    return problems


KINDS: dict[str, Callable[[Path, float], list[str]]] = {
    "scoring": kill_while_scoring,
    "creating": kill_while_creating,
}


def run_kills(kind: str, kills: int, directory: Path, seed: int = 20261124) -> tuple[int, list[str], list[float]]:
    """``kills`` rounds of one kind; (survived, problems, milliseconds per round)."""
    rng = random.Random(seed)
    survived, problems, timings = 0, [], []
    for round_ in range(kills):
        start = time.perf_counter()
        found = KINDS[kind](directory / f"{kind}-{round_}", rng.uniform(0.02, 0.4))
        timings.append((time.perf_counter() - start) * 1000)
        survived += not found
        problems += [f"kill {round_ + 1} : {problem}" for problem in found]
    return survived, problems, timings


def bench_faults(tmp: Path, kills: int) -> list[Row]:
    """Rows for ``make bench``: one per kind, passed when every kill lost nothing."""
    rows = []
    for kind, label in (("scoring", "pendant la notation"), ("creating", "pendant la création")):
        survived, problems, timings = run_kills(kind, kills, tmp / "faults")
        row = Row(f"SIGKILL {label} : {survived}/{kills} sans perte", timings, "aucune perte, aucun fichier cassé")
        row.passed = survived == kills
        rows.append(row)
        for problem in problems[:10]:
            print(problem, file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults")
    parser.add_argument("--kills", type=int, default=100, help="kills of each kind (default 100)")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="siae-faults-") as directory:
        for kind in KINDS:
            survived, problems, _timings = run_kills(kind, args.kills, Path(directory))
            print(f"{kind}: {survived}/{args.kills} kills survived")
            for problem in problems:
                print(f"  {problem}")
            failed |= survived != args.kills
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
