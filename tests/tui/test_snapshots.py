"""What the room sees, locked as SVG snapshots: every screen and dialog at 80x24, 120x40 and 200x50.

A snapshot says « this picture is right »: each one was rendered to PNG
(``../shared/tools/snapshots-png``) and looked at before it was accepted.
The clock is frozen for the whole suite (``tests/conftest.py``), cursors do not
blink (``tests/tui/conftest.py``) and the working folder is fixed, so a picture
changes only when the screen does. Update with
``pytest tests/tui/test_snapshots.py --snapshot-update``, then look again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import siae_tui.ui.screens.export as export_module
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.domain.workshop import Action
from siae_tui.store import Session
from siae_tui.store.lock import SessionLock
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.screens.recap import SIDE_BY_SIDE
from tests.conftest import TODAY

SIZES = [(80, 24), (120, 40), (200, 50)]

#: The team's scores cover the whole référentiel, so every radar is a polygon and every figure can
#: be wrong: each axis sits at its own level (tenths of a point on the 0–3 scale), each activity
#: strays from it by its rank in the axis, and practice by practice the value swings round that level.
#: The axes come out at 78,7 %, 54,4 %, 28,6 %, 68,7 % and 42,4 % (53,0 % in all); last year (``last_year``)
#: at 73,3 %, 48,7 %, 25,4 %, 62,2 % and 37,9 %.
AXIS_LEVELS = {"1": 26, "2": 16, "3": 9, "4": 21, "5": 14}
ACTIVITY_SWINGS = (0, 6, -3, 2, -6, 4, -2)
PRACTICE_SWINGS = (0, 1, -1)
#: Non applicable to this team, besides 1.1.3.
NA_PRACTICES = ("2.6.12", "3.6.2", "3.13.4", "4.6.9")
#: Still to score: the walk opens on 1.1.4, and the end of 5.3 waits for the next meeting.
UNSCORED = ("1.1.4", "3.10.7", "5.3.10", "5.3.11", "5.3.12")
#: What the stories below rely on: 1.1.1 at 3 (the workshop's disagreement, a target already met),
#: 1.1.2 at 2 with its note (the re-scoring raises it), 1.1.3 non applicable, 2.2.1 below its target.
STORY_SCORES: dict[str, Value] = {
    "1.1.1": 3,
    "1.1.2": 2,
    "1.1.3": NOT_APPLICABLE,
    "2.1.1": 2,
    "2.1.2": 2,
    "2.2.1": 1,
    "4.1.1": 2,
}
NOTES = {
    "1.1.2": "Conventions à renouveler avec le PLIE avant juin.",
    "2.4.3": "Projet professionnel revu à chaque entretien mensuel ; grille à harmoniser entre CIP.",
    "5.3.4": "Tableau de bord trimestriel présenté au conseil d'administration.",
}


def team_scores(referentiel: Referentiel) -> dict[str, Value]:
    """Most practices scored (0 to 3, each axis at its level), a few « na », a few left to score."""
    scores: dict[str, Value] = {}
    for axis in referentiel.axes:
        activities = [activity for objective in axis.objectives for activity in objective.activities]
        for rank, activity in enumerate(activities):
            level = AXIS_LEVELS[axis.id] + ACTIVITY_SWINGS[rank % len(ACTIVITY_SWINGS)]
            for k, practice in enumerate(activity.practices):
                # The first k + 1 practices add up to (k + 1) × level tenths; each then swings by 0, +1 or -1.
                steady = (k + 1) * level // 10 - k * level // 10
                scores[practice.id] = max(0, min(3, steady + PRACTICE_SWINGS[k % len(PRACTICE_SWINGS)]))
    scores.update(dict.fromkeys(NA_PRACTICES, NOT_APPLICABLE))
    for practice_id in UNSCORED:
        del scores[practice_id]
    scores.update(STORY_SCORES)
    return scores


def raised_this_year(referentiel: Referentiel, scores: dict[str, Value]) -> list[str]:
    """The practices a re-scoring raises by one point: every fifth one scored above 0 (stories aside)."""
    above_zero = [
        practice.id
        for practice in referentiel.practices
        if practice.id not in STORY_SCORES and isinstance(value := scores.get(practice.id), int) and value > 0
    ]
    return above_zero[4::5]


def last_year(referentiel: Referentiel, scores: dict[str, Value]) -> dict[str, Value]:
    """The same team a year earlier: one point lower where this year's re-scoring raises it."""
    earlier = dict(scores)
    for practice_id in raised_this_year(referentiel, scores):
        value = scores[practice_id]
        assert isinstance(value, int)
        earlier[practice_id] = value - 1
    return earlier


class _TeamPath(type(Path())):  # type: ignore[misc]  # the concrete Path class of this platform
    @classmethod
    def cwd(cls) -> _TeamPath:
        return cls("/home/equipe")


@pytest.fixture(autouse=True)
def team_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # The export dialog shows the absolute path it will write: a fixed folder, only for that module.
    monkeypatch.setattr(export_module, "Path", _TeamPath)


@pytest.fixture(scope="module")
def scores(referentiel: Referentiel) -> dict[str, Value]:
    return team_scores(referentiel)


@pytest.fixture
def plain(make_session: Callable[..., Session], scores: dict[str, Value]) -> Callable[[], None]:
    def make() -> None:
        make_session(values=scores, notes=NOTES)

    return make


@pytest.fixture
def rescoring(
    make_session: Callable[..., Session],
    build_app: Callable[..., SiaeApp],
    referentiel: Referentiel,
    scores: dict[str, Value],
) -> Callable[[], None]:
    """Last year's evaluation, and this year's re-scoring of it under way: practices raised
    here and there, 1.1.2 raised, 1.1.1 confirmed, the walk at 1.1.3."""

    def make() -> None:
        earlier = make_session(
            values=last_year(referentiel, scores), notes=NOTES, date=dt.date(2025, 11, 20), label="Revue 2025"
        )
        store = build_app().store
        with store.duplicate(earlier.id, date=TODAY, label="Revue 2026") as session:
            for practice_id in raised_this_year(referentiel, scores):
                session.set_value(practice_id, scores[practice_id])
            session.set_value("1.1.2", 3)
            session.confirm("1.1.1")
            session.set_position("1.1.3")

    return make


@pytest.fixture
def workshop(
    make_session: Callable[..., Session], build_app: Callable[..., SiaeApp], scores: dict[str, Value]
) -> Callable[[], None]:
    """A workshop: three participants, a disagreement on 1.1.1, two actions in the plan."""

    def make() -> None:
        made = make_session(values=scores, notes=NOTES)
        store = build_app().store
        with store.open(made.id) as session:
            session.update_details(participants=["Awa (CIP)", "Marc (direction)", "Léa (encadrante)"])
            session.record_votes("1.1.1", {"Awa (CIP)": 1, "Marc (direction)": 3, "Léa (encadrante)": 2}, 2)
            session.add_action(Action("1.1.1", "Rencontrer le PLIE et le SPE", "Awa (CIP)", dt.date(2026, 6, 30)))
            session.add_action(Action("2.2.1", "Grille d'entretien commune", "Léa (encadrante)", None, "en cours"))
            session.set_position("1.1.1")

    return make


@pytest.fixture
def evidenced(
    make_session: Callable[..., Session],
    build_app: Callable[..., SiaeApp],
    referentiel: Referentiel,
    scores: dict[str, Value],
) -> Callable[[], None]:
    """Last year's evaluation with a document and a target on 1.1.2; this year's re-scoring of it.

    This year practices are raised here and there (« Préc. » differs), the document is carried
    over (to review), a second one is added, targets are set (1.1.1's already met) and two
    actions serve them.
    """

    def make() -> None:
        earlier = make_session(
            values=last_year(referentiel, scores), notes=NOTES, date=dt.date(2025, 11, 20), label="Revue 2025"
        )
        store = build_app().store
        with store.open(earlier.id) as session:
            convention = Evidence(
                "Convention de partenariat PLIE 2025", "Drive > Partenariats > PLIE", dt.date(2025, 1, 15)
            )
            session.add_evidence("1.1.2", convention)
            session.set_target("1.1.2", 3)
        with store.duplicate(earlier.id, date=TODAY, label="Revue 2026") as session:
            for practice_id in raised_this_year(referentiel, scores):
                session.set_value(practice_id, scores[practice_id])
            session.set_value("1.1.2", 2)
            session.confirm("1.1.1")
            session.add_evidence(
                "1.1.2",
                Evidence(
                    "Compte rendu du comité de suivi",
                    "https://intranet.example/comites/2026-03.pdf",
                    dt.date(2026, 3, 4),
                ),
            )
            # Activity 1.1 aims at 3 everywhere it applies (1.1.3 is « non applicable »): 100 % on its radar.
            for practice_id in ("1.1.1", "1.1.2", "1.1.4", "1.1.5", "1.1.6", "1.1.7"):
                session.set_target(practice_id, 3)
            session.set_target("2.2.1", 2)
            session.add_action(Action("1.1.2", "Renouveler la convention avec le PLIE", "Awa", dt.date(2026, 6, 30)))
            session.add_action(Action("2.2.1", "Grille d'entretien commune", "Marc", None, "en cours"))
            session.set_position("1.1.2")

    return make


@pytest.fixture
def trashed(
    make_session: Callable[..., Session], build_app: Callable[..., SiaeApp], scores: dict[str, Value]
) -> Callable[[], None]:
    """One session in the list and one in the trash."""

    def make() -> None:
        make_session(values=scores, notes=NOTES)
        gone = make_session(siae="Association Tremplin", label="Revue 2024", values={"1.1.1": 1})
        build_app().store.delete(gone.id)

    return make


# (name, which sessions, keys pressed from the home screen)
SCREENS: list[tuple[str, str, list[str]]] = [
    ("home", "plain", []),
    ("form-errors", "none", ["n", "ctrl+s"]),
    ("walk", "plain", ["enter", "k", "k"]),
    ("walk-rescoring", "rescoring", ["enter"]),
    ("walk-workshop", "workshop", ["enter"]),
    ("recap-table", "plain", ["enter", "r"]),
    ("recap-radar-axes", "plain", ["enter", "r", "v"]),
    ("recap-radar-one-axis", "plain", ["enter", "r", "right"]),
    ("compare", "rescoring", ["enter", "m"]),
    ("history", "rescoring", ["enter", "h"]),
    ("help", "plain", ["enter", "question_mark"]),
    ("instructions", "plain", ["enter", "i"]),
    ("projection", "plain", ["enter", "F"]),
    ("pause", "plain", ["enter", "z"]),
    ("votes", "workshop", ["enter", "w", "2"]),
    ("action-editor", "workshop", ["enter", "A"]),
    ("action-plan", "workshop", ["enter", "P"]),
    ("export", "plain", ["enter", "e"]),
    ("details", "plain", ["r"]),
    ("trash", "trashed", ["c"]),
]


SCREEN_CASES = [
    pytest.param(name, sessions, keys, size, id=f"{name}-{size[0]}x{size[1]}")
    for name, sessions, keys in SCREENS
    for size in SIZES
    # From SIDE_BY_SIDE columns the recap shows its table beside the radar of the axes, so « v »
    # changes nothing there: that picture is recap-table's, and a copy of it would say nothing.
    if not (name == "recap-radar-axes" and size[0] >= SIDE_BY_SIDE)
]


@pytest.mark.parametrize(("name", "sessions", "keys", "size"), SCREEN_CASES)
def test_screen(
    snap_compare: Callable[..., bool],
    build_app: Callable[..., SiaeApp],
    request: pytest.FixtureRequest,
    name: str,
    sessions: str,
    keys: list[str],
    size: tuple[int, int],
) -> None:
    if sessions != "none":
        request.getfixturevalue(sessions)()
    assert snap_compare(build_app(), press=keys, terminal_size=size)


#: The help beside a practice (o, here the FEST footnote of 3.10) and the picker of an activity's
#: pistes d'amélioration (Ctrl+O in a note), at 80x24 and at 120x36.
GUIDANCE_SIZES = [(80, 24), (120, 36)]
GUIDANCE_SCREENS: list[tuple[str, str, list[str]]] = [
    ("guidance", "plain", ["enter", "g", *"3.10", "enter", "o"]),
    ("suggestion-picker", "plain", ["enter", "g", *"2.4", "enter", "enter", "ctrl+o"]),
]


@pytest.mark.parametrize("size", GUIDANCE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("name", "sessions", "keys"), GUIDANCE_SCREENS, ids=[s[0] for s in GUIDANCE_SCREENS])
def test_guidance(
    snap_compare: Callable[..., bool],
    build_app: Callable[..., SiaeApp],
    request: pytest.FixtureRequest,
    name: str,
    sessions: str,
    keys: list[str],
    size: tuple[int, int],
) -> None:
    request.getfixturevalue(sessions)()
    assert snap_compare(build_app(), press=keys, terminal_size=size)


#: Evidence and targets (issue #21), at 80x24 and 120x40: the evidence list (one item carried over),
#: its form, the target dialog, the walk marking both, the recap with the targets' column, the radar of
#: axis 1's activities with their outline, the plan with the targets its actions serve.
EVIDENCE_SIZES = [(80, 24), (120, 40)]
EVIDENCE_SCREENS: list[tuple[str, list[str]]] = [
    ("evidence-list", ["enter", "E"]),
    ("evidence-form", ["enter", "E", "enter"]),
    ("target-dialog", ["enter", "C"]),
    ("walk-targets", ["enter"]),
    ("recap-targets", ["enter", "r"]),
    ("recap-radar-targets", ["enter", "r", "a"]),
    ("action-plan-targets", ["enter", "P"]),
]


@pytest.mark.parametrize("size", EVIDENCE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("name", "keys"), EVIDENCE_SCREENS, ids=[s[0] for s in EVIDENCE_SCREENS])
def test_evidence_and_targets(
    snap_compare: Callable[..., bool],
    build_app: Callable[..., SiaeApp],
    evidenced: Callable[[], None],
    name: str,
    keys: list[str],
    size: tuple[int, int],
) -> None:
    evidenced()
    assert snap_compare(build_app(), press=keys, terminal_size=size)


@pytest.mark.parametrize("keys", [["enter"], ["enter", "r"]], ids=["walk", "recap"])
def test_no_color(
    snap_compare: Callable[..., bool],
    build_app: Callable[..., SiaeApp],
    plain: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
    keys: list[str],
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    plain()
    assert snap_compare(build_app(), press=keys, terminal_size=(80, 24))


def test_read_only_prompt(
    snap_compare: Callable[..., bool],
    build_app: Callable[..., SiaeApp],
    make_session: Callable[..., Session],
    scores: dict[str, Value],
) -> None:
    """Another siae-tui holds the session: the app offers to open it read-only."""
    session = make_session(values=scores)
    lock = SessionLock(session.path)
    assert lock.acquire()
    try:
        assert snap_compare(build_app(), press=["enter"], terminal_size=(80, 24))
    finally:
        lock.release()


def test_too_small(
    snap_compare: Callable[..., bool], build_app: Callable[..., SiaeApp], plain: Callable[[], None]
) -> None:
    plain()
    assert snap_compare(build_app(), terminal_size=(60, 20))
