"""The room's web server over real HTTP on 127.0.0.1: phones vote, follow, and hostile requests change nothing."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from siae_tui.domain.room import Room
from siae_tui.room import RoomServer
from siae_tui.room.server import PHONE_BURST
from tests.waiting import hang_guard


@pytest.fixture
async def server(referentiel) -> AsyncIterator[RoomServer]:
    room = Room(referentiel, ("Awa", "Marc", "Léa"))
    room.show(referentiel.practice("1.1.1"))
    # The rate limits' clock stands still: what a flood may do never depends on how fast the
    # machine sends it (a phone's tokens come back only with time, which never passes here).
    server = RoomServer(room, "127.0.0.1", clock=lambda: 0.0)
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def vote_body(device: str = "phone-awa-1", name: str | None = "Awa", value: object = "2") -> dict:
    body: dict = {"appareil": device, "valeur": value}
    if name is not None:
        body["participant"] = name
    return body


async def post(client, server, body, *, token: str | None = None, device: str = "phone-awa-1", **kwargs) -> int:
    url = f"{server.base}{token or server.token}/vote"
    async with client.post(url, params={"appareil": device}, json=body, **kwargs) as response:
        return response.status


def snapshot(server: RoomServer) -> tuple:
    room = server.room
    return (copy.deepcopy(room.ballots), room.revealed, room.round, room.practice)


async def test_the_page_is_served_with_its_files_and_no_other_origin(server, client) -> None:
    async with client.get(server.url) as response:
        page = await response.text()
        assert response.status == 200 and 'lang="fr"' in page
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "http" not in page.replace('content="width=device-width', "")  # nothing from another site
    for name in ("vote.js", "vote.css", "accueil.js"):
        async with client.get(f"{server.base}s/{name}") as response:
            assert response.status == 200
    async with client.get(server.base) as response:
        assert "code de la salle" in await response.text()


async def test_phones_vote_change_their_mind_and_follow_the_stream(server, client, referentiel) -> None:
    events: asyncio.Queue[dict] = asyncio.Queue()

    async def follow() -> None:
        async with client.get(f"{server.url}flux", params={"appareil": "phone-lea-1"}) as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            async for line in response.content:
                if line.startswith(b"data: "):
                    await events.put(json.loads(line[6:]))

    async def next_event(what: str, wanted) -> dict:
        last: dict | None = None
        async with hang_guard(f"an event on the stream with {what}", seen=lambda: last):
            while not wanted(last := await events.get()):
                pass
        return last

    follower = asyncio.create_task(follow())
    assert (await next_event("the first state", lambda e: True))["ont_vote"] == 0
    assert await post(client, server, vote_body("phone-awa-1", "Awa", "2")) == 200
    assert await post(client, server, vote_body("phone-marc1", "Marc", 0), device="phone-marc1") == 200
    assert await post(client, server, vote_body("phone-marc1", "Marc", "3"), device="phone-marc1") == 200
    assert await post(client, server, vote_body("phone-lea-1", "Léa", "nsp"), device="phone-lea-1") == 200
    assert server.room.tally().votes == {"Awa": 2, "Marc": 3}
    server.room.reveal()
    server.changed()
    seen = await next_event("the votes revealed", lambda e: e["revele"])
    assert seen["pratique"]["id"] == "1.1.1" and seen["ont_vote"] == 3 and seen["mon_vote"] == "nsp"
    server.room.show(referentiel.practice("1.1.2"))
    server.changed()
    moved = await next_event("practice 1.1.2", lambda e: e["pratique"]["id"] == "1.1.2")
    assert moved["mon_vote"] is None and moved["ont_vote"] == 0 and not moved["revele"]
    follower.cancel()
    # A phone that slept asks for the state and catches up.
    async with client.get(f"{server.url}etat", params={"appareil": "phone-awa-1"}) as response:
        state = await response.json()
    assert state["pratique"]["id"] == "1.1.2" and state["mon_vote"] is None and state["tour"] == moved["tour"]


@pytest.mark.parametrize(
    "body",
    [
        vote_body(value="4"),
        vote_body(value="-1"),
        vote_body(value=None),
        vote_body(value=[2]),
        vote_body(name="Inconnu"),
        vote_body(name=None),
        vote_body(device="x"),
        {**vote_body(), "extra": 1},
        {"appareil": "phone-awa-1"},
        [1, 2, 3],
        "2",
    ],
    ids=["4", "-1", "null", "list", "unknown-name", "no-name", "short-device", "extra-key", "no-value", "array", "str"],
)
async def test_a_malformed_vote_gets_a_4xx_and_changes_nothing(server, client, body) -> None:
    before = snapshot(server)
    status = await post(client, server, body)
    assert 400 <= status < 500
    assert snapshot(server) == before


async def test_a_wrong_token_gets_404_everywhere(server, client) -> None:
    before = snapshot(server)
    wrong = ("a" * len(server.token), server.token[:-1], server.token.upper(), "%00", "x/" + server.token)
    for token in wrong:
        assert await post(client, server, vote_body(), token=token) in (404, 400)
        async with client.get(f"{server.base}{token}/etat") as response:
            assert response.status in (404, 400)
    assert snapshot(server) == before


async def test_a_1_mb_body_or_no_json_is_refused_unread(server, client) -> None:
    before = snapshot(server)
    huge = json.dumps({**vote_body(), "participant": "A" * 1_000_000}).encode()
    url = f"{server.url}vote"
    async with client.post(url, data=huge, headers={"Content-Type": "application/json"}) as response:
        assert response.status == 413
    async with client.post(url, data=b"appareil=x", headers={"Content-Type": "text/plain"}) as response:
        assert response.status == 415
    async with client.post(url, data=b"{not json", headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400
    async with client.post(url, data=b"\xff\xfe", headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400
    assert snapshot(server) == before


async def test_a_flood_of_1000_requests_at_once_is_refused_and_others_still_vote(server, client) -> None:
    before = snapshot(server)
    statuses = await asyncio.gather(
        *(
            post(client, server, vote_body("flooding-phone", "Marc", str(i % 4)), device="flooding-phone")
            for i in range(1000)
        )
    )
    # The phone's burst is heard, then every other request is refused.
    assert statuses.count(200) == PHONE_BURST and statuses.count(429) == 1000 - PHONE_BURST
    # The flood changed the flooder's own vote only; nothing else.
    assert set(server.room.ballots) == {"Marc"} and server.room.round == before[2]
    # A flood of wrong tokens too.
    wrong = await asyncio.gather(*(post(client, server, vote_body(), token="z" * 26) for _ in range(300)))
    assert set(wrong) == {404, 429}
    # Meanwhile another phone is still heard.
    assert await post(client, server, vote_body("phone-lea-1", "Léa", "1"), device="phone-lea-1") == 200


async def test_closing_stops_listening_and_ends_the_streams(referentiel, client) -> None:
    room = Room(referentiel, ("Awa",))
    room.show(referentiel.practice("1.1.1"))
    server = RoomServer(room, "127.0.0.1")
    await server.start()
    async with client.get(f"{server.url}flux") as response:
        await response.content.readline()
        async with hang_guard("the room's server to close while a phone follows its stream"):
            await server.close()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with client.get(server.url):
            pass
