"""What the team sees, locked as SVG snapshots (update with --snapshot-update)."""

from __future__ import annotations

import pytest

SCORES = {"1.1.1": 3, "1.1.2": 2, "1.1.3": "na"}
NOTES = {"1.1.2": "Conventions à renouveler avec le PLIE avant juin."}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_walk(snap_compare, build_app, make_session, size: tuple[int, int]) -> None:
    make_session(values=SCORES, notes=NOTES)
    assert snap_compare(build_app(), press=["enter", "k", "k"], terminal_size=size)


def test_home(snap_compare, build_app, make_session) -> None:
    make_session(values=SCORES, notes=NOTES)
    make_session(siae="Association Tremplin", label="Revue 2025", values={"1.1.1": 1})
    assert snap_compare(build_app(), terminal_size=(80, 24))


def test_help(snap_compare, build_app, make_session) -> None:
    make_session()
    assert snap_compare(build_app(), press=["enter", "question_mark"], terminal_size=(120, 40))


def test_recap_and_radar(snap_compare, build_app, make_session) -> None:
    make_session(values=SCORES | dict.fromkeys(("2.1.1", "2.1.2", "2.2.1", "4.1.1"), 2), notes=NOTES)
    assert snap_compare(build_app(), press=["enter", "r"], terminal_size=(120, 40))
