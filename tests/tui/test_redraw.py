"""A key sends the terminal what changed, not the screen again.

Guards the cost of a key without timing it: the bytes Textual would write for the
frames a key causes (the same ``render_segments`` the driver sends to the terminal),
and which widgets redrew. Before the walk repainted only what changed, a move at
200x50 wrote about 20 KB (the whole radar and recap again) and a scoring key 15 to
30 KB. Now a move writes about 0.2 KB and a score 0.2 KB (80x24) to 1 KB (200x50).
The limits are well under the issue's targets (1.5 to 6 KB) on purpose: repainting
whole widgets again instead of the cells that changed (0.9 KB per move, 2.9 KB per
score, measured) must fail here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from siae_tui.report.french import percent
from siae_tui.ui.widgets.live_recap import LiveRecap
from siae_tui.ui.widgets.live_text import changed_regions
from siae_tui.ui.widgets.radar_view import RadarView
from tests.waiting import until

SCORED = {"1.1.1": 3, "1.1.2": 2, "2.1.1": 1}
#: Bytes per key: a move (any size), a score at 80x24, a score at 200x50 (radar and recap beside).
MOVE, SCORE, SCORE_WIDE = 500, 600, 2000


@contextmanager
def written(app) -> Iterator[list[str]]:
    """What the screen sends while the block runs: one string per frame, as the driver writes it."""
    compositor = app.screen._compositor
    frames: list[str] = []
    original = compositor.render_update

    def recording(*args, **kwargs):
        update = original(*args, **kwargs)
        if update is not None:
            frames.append(update.render_segments(app.console))
        return update

    compositor.render_update = recording
    try:
        yield frames
    finally:
        compositor.render_update = original


@contextmanager
def bytes_written(app) -> Iterator[list[int]]:
    """Bytes of every frame the screen sends while the block runs."""
    sizes: list[int] = []
    with written(app) as frames:
        yield sizes
    sizes.extend(len(frame.encode()) for frame in frames)


async def settle(pilot) -> None:
    """Until the key's frames are drawn: the event loop has nothing to do and no frame due."""
    await pilot.pause()


async def test_a_move_redraws_neither_the_radar_nor_the_recap_beside_the_walk(build_app, make_session) -> None:
    make_session(values=SCORED)
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        radar, recap = app.screen.query_one("#live-radar", RadarView), app.screen.query_one("#live-recap", LiveRecap)
        drawings, changes = radar.drawings, recap.changes
        for key in "jjkj":
            with bytes_written(app) as frames:
                await pilot.press(key)
                await settle(pilot)
            assert len(frames) == 1, f"{key}: {len(frames)} frames"  # one frame: nothing settles later
            assert sum(frames) <= MOVE, f"{key}: {sum(frames)} bytes"
        assert (radar.drawings, recap.changes) == (drawings, changes)


async def test_a_score_redraws_the_one_radar_and_the_rows_that_changed(build_app, make_session) -> None:
    make_session(values=SCORED)
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        radar = app.screen.query_one("#live-radar", RadarView)
        drawings = radar.drawings
        assert "1 Accueil et intégration 6 %" in radar.plain  # 5 points of 78
        with bytes_written(app) as frames:
            await pilot.press("3")  # on 1.1.3, the first practice without a score
            await settle(pilot)
        assert radar.drawings == drawings + 1
        assert "1 Accueil et intégration 10 %" in radar.plain  # 8 of 78: the figure changed on screen
        assert len(frames) == 1 and sum(frames) <= SCORE_WIDE, frames


async def test_at_80x24_a_move_and_a_score_stay_light(build_app, make_session) -> None:
    make_session(values=SCORED)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        with bytes_written(app) as moving:
            await pilot.press("j")
            await settle(pilot)
        with bytes_written(app) as scoring:
            await pilot.press("2")
            await settle(pilot)
        assert len(moving) == 1 and sum(moving) <= MOVE, moving
        assert len(scoring) == 1 and sum(scoring) <= SCORE, scoring


def test_changed_regions_cover_exactly_the_cells_that_differ() -> None:
    from rich.segment import Segment
    from textual.strip import Strip

    before = [Strip([Segment("Axe 1 · 12 %")]), Strip([Segment("même ligne")]), Strip([Segment("été 7 %")])]
    after = [Strip([Segment("Axe 1 · 19 %")]), Strip([Segment("même ligne")]), Strip([Segment("été 17 %")])]
    regions = changed_regions(before, after)
    assert [(r.x, r.y, r.width) for r in regions] == [(9, 0, 1), (4, 2, 4)]
    wide = changed_regions([Strip([Segment("会a")])], [Strip([Segment("会b")])])
    assert [(r.x, r.width) for r in wide] == [(2, 1)]  # a wide character takes two cells
    longer = changed_regions(
        [Strip([Segment("une ligne")])], [Strip([Segment("une ligne")]), Strip([Segment("et deux")])]
    )
    assert [(r.x, r.y, r.width) for r in longer] == [(0, 1, 7)]  # a line only the new text has
    shorter = changed_regions([Strip([Segment("a")]), Strip([Segment("bb")])], [Strip([Segment("a")])])
    assert [(r.x, r.y, r.width) for r in shorter] == [(0, 1, 2)]  # and one only the old text had


async def test_keys_sent_at_once_are_all_recorded_in_order_and_the_panel_catches_up(
    build_app, make_session, sessions_dir
) -> None:
    """A burst (pasted keys, a slow link delivering them together) skips the side panel's
    intermediate drawings, never a key: every score lands on its practice, in order, and
    the radar and recap then show the final figures.

    The keys are all in the app's queue before the first is handled, as when a terminal
    delivers them in one read: the panel is drawn once, after the last, however long each
    key's write to disk takes."""
    import json

    from textual import events

    session = make_session()
    order = [p.id for p in session.referentiel.practices]
    keys = ("2301" * 62)[: len(order)]  # one key per practice
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        radar = app.screen.query_one("#live-radar", RadarView)
        drawings = radar.drawings
        for key in keys:
            app.post_message(events.Key(key, key))
        await until(
            lambda: app.screen.session.evaluation.progress(app.screen.referentiel)[0] == len(order),
            "every key of the burst scored",
            seen=lambda: app.screen.session.evaluation.progress(app.screen.referentiel),
        )
        await pilot.pause()  # the panel's drawing, queued behind the last key
        saved = json.loads(next(sessions_dir.glob("*.json")).read_text(encoding="utf-8"))["session"]["1"]["values"]
        assert [saved[p] for p in order] == [int(k) for k in keys]
        assert radar.drawings - drawings == 1  # once for the whole burst, not once per key
        recap = app.screen.session.evaluation.recap(app.screen.referentiel)
        total = next(line for line in str(app.screen.query_one(LiveRecap).render()).splitlines() if "TOTAL" in line)
        assert percent(recap.total.percent) in total


async def test_a_practice_one_line_longer_than_the_last_sends_its_new_line(build_app, make_session) -> None:
    """1.1.5 takes one line at 200x50 and 1.1.6 two: the second line must reach the terminal
    (a repaint of the changed cells once compared only the lines both texts had)."""
    make_session(values={f"1.1.{n}": 2 for n in range(1, 5)})
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")  # on 1.1.5, the first practice without a score
        await settle(pilot)
        with written(app) as frames:
            await pilot.press("j")
            await settle(pilot)
        sent = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", "".join(frames))
        assert "1.1.6" in sent and "un agrément IAE (Quand il est obligatoire)." in sent
        with written(app) as frames:
            await pilot.press("k")  # back to the one-line practice: the second line is blanked
            await settle(pilot)
        assert len(frames) == 1 and "un agrément" not in "".join(frames)


class VirtualTerminal:
    """Just enough of a terminal to apply what Textual writes: cursor moves, new lines, text."""

    SEQUENCE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b[^\[]|\r\n|\r|\n|[^\x1b\r\n]+")

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.row = self.column = 0

    def write(self, output: str) -> None:
        from rich.cells import cell_len

        for match in self.SEQUENCE.finditer(output):
            text = match.group(0)
            if match.group(2) == "H":
                row, _, column = (match.group(1) or "1;1").partition(";")
                self.row, self.column = int(row or 1) - 1, int(column or 1) - 1
            elif text.startswith("\x1b"):
                continue  # colours, cursor visibility, synchronised output
            elif text in ("\r\n", "\n"):
                self.row, self.column = self.row + 1, 0
            elif text == "\r":
                self.column = 0
            else:
                for character in text:
                    if 0 <= self.row < self.height and 0 <= self.column < self.width:
                        self.cells[self.row][self.column] = character
                    self.column += cell_len(character)

    def text(self) -> list[str]:
        return ["".join(row) for row in self.cells]


async def test_what_the_terminal_shows_after_many_keys_is_the_whole_screen_drawn_afresh(
    build_app, make_session
) -> None:
    """Repainting only the changed cells must never leave a stale cell: after a random walk of
    keys (scores, moves, activities, « a »), the terminal's picture, built from the partial
    updates alone, equals the screen drawn whole."""
    import random

    make_session(values=SCORED)
    for size in ((80, 24), (200, 50)):
        app = build_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("enter")
            await settle(pilot)
            screen = VirtualTerminal(*size)
            screen.write(app.screen._compositor.render_full_update().render_segments(app.console))
            keys = random.Random(size[0]).choices("0123jjkkknpa", k=60)
            for key in keys:
                with written(app) as frames:
                    await pilot.press(key)
                    await pilot.pause()
                for frame in frames:
                    screen.write(frame)
            await settle(pilot)
            fresh = VirtualTerminal(*size)
            fresh.write(app.screen._compositor.render_full_update().render_segments(app.console))
            assert screen.text() == fresh.text()


async def test_a_key_arriving_with_the_one_that_opens_a_dialog_never_acts_on_the_walk(
    build_app, make_session, sessions_dir
) -> None:
    """« C » then « 3 » in one burst (a paste, or a slow SSH link delivering both at once): the
    3 was handled by the walk before the target dialog was up, and scored the practice."""
    import json

    from textual import events

    from siae_tui.ui.screens.target import TargetScreen

    make_session(values={"1.1.1": 2})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # on 1.1.2, not scored
        await settle(pilot)
        for key, character in (("C", "C"), ("3", "3"), ("E", "E"), ("a", "a"), ("enter", "\r"), ("P", "P")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert isinstance(app.screen, TargetScreen)
        saved = json.loads(next(sessions_dir.glob("*.json")).read_text(encoding="utf-8"))["session"]["1"]
        assert saved["values"] == {"1.1.1": 2}  # 1.1.2 neither scored 3 nor marked « a »
        walk = app.screen_stack[-2]
        assert walk.walk.current == "1.1.2" and walk.focused is not walk.note_area  # nor its note opened


async def test_words_typed_with_the_enter_that_opens_the_note_go_into_the_note(
    build_app, make_session, sessions_dir
) -> None:
    """« Entrée » then « PLIE 2 juin » in one burst: the P opened the action plan and the 2 could
    score the practice, because the note took the focus only once « Entrée » had bubbled up."""
    import json

    from textual import events

    from siae_tui.ui.screens.walk import WalkScreen

    make_session(values={"1.1.1": 1})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # on 1.1.2, not scored
        await settle(pilot)
        typed = "PLIE 2 juin"
        app.post_message(events.Key("enter", "\r"))
        for character in typed:
            app.post_message(events.Key("space" if character == " " else character, character))
        await settle(pilot)
        await pilot.press("escape")  # out of the note: it is saved
        assert isinstance(app.screen, WalkScreen) and app.screen.walk.current == "1.1.2"
        saved = json.loads(next(sessions_dir.glob("*.json")).read_text(encoding="utf-8"))["session"]["1"]
        assert saved["notes"] == {"1.1.2": typed} and saved["values"] == {"1.1.1": 1}
