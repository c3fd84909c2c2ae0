"""The room through the TUI: three phones vote over real HTTP, the facilitator reveals and decides.

The app runs with ``room_host="127.0.0.1"``; the phones are aiohttp clients
in the same loop, talking to the room's real server through real sockets.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import aiohttp

from siae_tui import locations
from siae_tui.ui.app import make_app
from siae_tui.ui.screens.room import RoomScreen, VoteCount
from siae_tui.ui.screens.walk import WalkScreen
from tests.waiting import until


def build(sessions_dir: Path):
    return make_app(sessions_dir, [locations.bundled_referentiels_dir()], room_host="127.0.0.1")


class Phone:
    """One participant's phone: a device id kept across requests, like the page's localStorage."""

    def __init__(self, client: aiohttp.ClientSession, url: str, device: str, name: str | None) -> None:
        self.client, self.url, self.device, self.name = client, url, device, name

    async def state(self) -> dict:
        async with self.client.get(f"{self.url}etat", params={"appareil": self.device}) as response:
            assert response.status == 200
            return await response.json()

    async def vote(self, value: str) -> int:
        body = {"appareil": self.device, "valeur": value}
        if self.name is not None:
            body["participant"] = self.name
        async with self.client.post(f"{self.url}vote", params={"appareil": self.device}, json=body) as response:
            return response.status


def count_of(app) -> str:
    return str(app.screen.query_one(VoteCount).render())


async def wait_for_room(pilot, app) -> None:
    """The room screen is up and its server listens."""
    await until(
        lambda: isinstance(app.screen, RoomScreen) and app.screen.server.running,
        "the room screen, its server listening",
        seen=lambda: app.screen,
    )


async def wait_for_count(pilot, app, count: str) -> None:
    """The room screen shows ``count`` (« 3/3 ont voté »)."""
    await until(lambda: count in count_of(app), f"« {count} » on the room screen", seen=lambda: count_of(app))


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def test_three_phones_vote_reveal_decide_and_follow(make_session, sessions_dir: Path) -> None:
    make_session()
    app = build(sessions_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        walk.session.update_details(participants=["Awa", "Marc", "Léa"])
        await pilot.press("R")
        await wait_for_room(pilot, app)
        room_screen = app.screen
        server = room_screen.server
        assert server.host == "127.0.0.1" and server.token not in server.base
        assert "0/3 ont voté" in count_of(app)
        async with aiohttp.ClientSession() as client:
            phones = [
                Phone(client, server.url, f"telephone-{index}", name)
                for index, name in enumerate(("Awa", "Marc", "Léa"))
            ]
            assert (await phones[0].state())["pratique"]["id"] == "1.1.1"
            # Votes arrive, one changes its mind; the TUI counts without showing them.
            assert [await p.vote(v) for p, v in zip(phones, ("2", "0", "3"), strict=True)] == [200, 200, 200]
            assert await phones[1].vote("2") == 200
            await wait_for_count(pilot, app, "3/3 ont voté")
            board = str(room_screen.query_one("#room-board").render())
            assert "✓ a voté" in board and " 2" not in board.replace("/", "")
            state = await phones[2].state()
            assert state["mon_vote"] == "3" and state["ont_vote"] == 3 and "Awa" not in json.dumps(state["pratique"])
            # The reveal: the median of 2, 2, 3 is proposed; the phones can no longer vote.
            await pilot.press("v")
            assert "→ médiane 2" in str(room_screen.query_one("#room-tally").render())
            assert await phones[0].vote("0") == 409
            await pilot.press("enter")
            # The decision is on disk, through the walk's write path, and every phone follows.
            assert walk.session.evaluation.values["1.1.1"] == 2
            assert walk.current == "1.1.2"
            for phone in phones:
                state = await phone.state()
                assert state["pratique"]["id"] == "1.1.2" and state["mon_vote"] is None and not state["revele"]
            # A participant without a phone: the facilitator types Léa's vote; it mixes with the phones'.
            assert await phones[0].vote("1") == 200
            assert await phones[1].vote("1") == 200
            await pilot.press("down", "down", "3")
            await wait_for_count(pilot, app, "3/3 ont voté")
            await pilot.press("v", "1")
            assert walk.session.evaluation.votes["1.1.2"] == {"Awa": 1, "Marc": 1, "Léa": 3}
            port = server.port
            await pilot.press("escape")
            assert isinstance(app.screen, WalkScreen) and not server.running
            assert not port_is_open(port)
    [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".")]
    document = json.loads(path.read_text(encoding="utf-8"))["session"]["1"]
    assert document["values"]["1.1.1"] == 2 and document["values"]["1.1.2"] == 1
    assert document["votes"]["1.1.1"] == {"Awa": 2, "Marc": 2, "Léa": 3}
    assert document["position"] == "1.1.3"


async def test_quitting_the_app_closes_the_room(make_session, sessions_dir: Path) -> None:
    make_session()
    app = build(sessions_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "R")
        await wait_for_room(pilot, app)
        server = app.screen.server
        port = server.port
        assert port_is_open(port)
        await pilot.press("q")
    assert not server.running and not port_is_open(port)


async def test_the_room_key_shows_only_in_a_workshop(make_session, sessions_dir: Path) -> None:
    make_session()
    app = build(sessions_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        walk = app.screen
        assert walk.check_action("room", ()) is True
        walk.session.update_details(participants=[])
        assert walk.check_action("room", ()) is False


def test_the_qr_code_holds_the_room_address_with_its_quiet_zone() -> None:
    """The half blocks, read back two module rows per line, are exactly segno's matrix (light drawn, dark blank)."""
    import segno

    from siae_tui.ui.screens.room import QR_BORDER, qr_text

    url = "http://192.168.1.23:41234/abcdefghijklmnopqrstuvwxyz/"
    lines = qr_text(url).plain.split("\n")
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    light = [row for line in lines for row in ([top[c] for c in line], [bottom[c] for c in line])]
    expected = [[not dark for dark in row] for row in segno.make(url, error="l").matrix_iter(border=QR_BORDER)]
    assert light[: len(expected)] == expected
    assert all(light[0]) and all(row[0] for row in light)  # light margin all round
    assert len(lines) <= 21 and len(lines[0]) <= 41  # fits beside the address at 80x24


async def test_anonymous_room_counts_phones_and_records_only_the_decision(make_session, sessions_dir: Path) -> None:
    make_session()  # participants: Awa, Marc
    app = build(sessions_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        walk = app.screen
        await pilot.press("R")
        await wait_for_room(pilot, app)
        server = app.screen.server
        await pilot.press("o")
        assert "0/2 ont voté (anonyme)" in count_of(app)
        async with aiohttp.ClientSession() as client:
            phones = [Phone(client, server.url, f"anonymous-{n}", None) for n in range(2)]
            assert (await phones[0].state())["participants"] == []
            assert [await p.vote(v) for p, v in zip(phones, ("1", "3"), strict=True)] == [200, 200]
            await wait_for_count(pilot, app, "2/2 ont voté")
            await pilot.press("v")
            tally = str(app.screen.query_one("#room-tally").render())
            assert "n°1 1 · n°2 3" in tally and "anonymous" not in tally
            await pilot.press("2")
        assert walk.session.evaluation.values["1.1.1"] == 2
        assert "1.1.1" not in walk.session.evaluation.votes  # anonymous votes are never named in the session
