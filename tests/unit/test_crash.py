"""A workshop's laptop dies mid-write: nothing acknowledged is ever lost.

A child process scores practices in a loop (or creates sessions one after
another) and prints each change only after the store call returned; the
parent kills it with SIGKILL at a random moment, then checks that every
printed change is on disk, every session file is complete and readable, and
that listing leaves no temporary file. ``make bench`` runs 100 kills of each
kind with the same code (``benchmarks/faults.py``); here a few.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.faults import run_kills

KILLS = 6


@pytest.mark.parametrize("kind", ["scoring", "creating"])
def test_sigkill_never_loses_an_acknowledged_change(tmp_path: Path, kind: str) -> None:
    survived, problems, _timings = run_kills(kind, KILLS, tmp_path)
    assert not problems and survived == KILLS
