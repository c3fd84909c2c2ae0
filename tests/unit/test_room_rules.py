"""The room's pure rules: what a phone may send, the reveal, the tally, the rate limit."""

from __future__ import annotations

import pytest

from siae_tui.domain.room import KEYBOARD, RateLimiter, Room, RoomRefusal, TokenBucket, parse_choice


@pytest.fixture
def room(referentiel) -> Room:
    room = Room(referentiel, ("Awa", "Marc", "Léa"))
    room.show(referentiel.practice("1.1.1"))
    return room


@pytest.mark.parametrize("raw,choice", [("0", "0"), ("3", "3"), (2, "2"), ("na", "na"), ("nsp", "nsp")])
def test_a_phone_may_send_a_value_na_or_unsure(referentiel, raw, choice) -> None:
    assert parse_choice(raw, referentiel) == choice


@pytest.mark.parametrize("raw", ["4", "-1", 4, True, None, "", "02x", "٣", 2.0, ["2"], {"v": 2}, "x" * 1000])
def test_anything_else_is_refused(referentiel, raw) -> None:
    with pytest.raises(RoomRefusal) as refused:
        parse_choice(raw, referentiel)
    assert refused.value.status == 400


def test_votes_stay_hidden_until_the_reveal_then_the_median_is_proposed(room: Room) -> None:
    room.vote("phone-awa-1", "Awa", "0")
    room.vote("phone-marc1", "Marc", "3")
    room.vote("phone-marc1", "Marc", "2")  # changed before the reveal
    room.vote("phone-lea-1", "Léa", "nsp")
    state = room.public_state("phone-awa-1")
    assert state["mon_vote"] == "0" and state["ont_vote"] == 3 and state["attendus"] == 3
    assert "2" not in str({k: v for k, v in state.items() if k not in ("echelle", "tour", "ont_vote", "attendus")})
    tally = room.reveal()
    assert tally.votes == {"Awa": 0, "Marc": 2} and tally.unsure == 1
    assert tally.median == 0 and tally.disagreement  # median_low of 0, 2; spread 2
    with pytest.raises(RoomRefusal):
        room.vote("phone-awa-1", "Awa", "3")
    assert room.named_votes() == {"Awa": 0, "Marc": 2}


def test_a_name_cannot_be_taken_over_by_another_phone_but_the_keyboard_can(room: Room) -> None:
    room.vote("phone-awa-1", "Awa", "1")
    with pytest.raises(RoomRefusal) as refused:
        room.vote("intruder-01", "Awa", "3")
    assert refused.value.status == 409 and room.ballots["Awa"].choice == "1"
    room.type_vote("Awa", "2")
    assert room.ballots["Awa"].device == KEYBOARD
    room.vote("phone-awa-1", "Awa", "3")  # the phone may still correct what was typed for it
    assert room.tally().votes == {"Awa": 3}


def test_unknown_participant_or_device_is_refused(room: Room) -> None:
    for device, name in [("phone-awa-1", "Inconnu"), ("court", "Awa"), ("é" * 10, "Awa"), ("phone-awa-1", None)]:
        with pytest.raises(RoomRefusal):
            room.vote(device, name, "2")
    assert room.ballots == {}


def test_anonymous_votes_count_per_phone_and_are_never_named(room: Room) -> None:
    room.set_anonymous(True)
    room.vote("phone-0001", None, "1")
    room.vote("phone-0002", "Awa", "3")  # a name sent anyway is ignored
    state = room.public_state("phone-0001")
    assert state["participants"] == [] and state["mon_nom"] is None and state["ont_vote"] == 2
    assert room.tally().median == 1 and room.named_votes() == {}


def test_a_new_practice_starts_a_new_round(room: Room, referentiel) -> None:
    room.vote("phone-awa-1", "Awa", "2")
    room.reveal()
    before = room.round
    room.show(referentiel.practice("1.1.2"))
    assert room.round == before + 1 and room.ballots == {} and not room.revealed
    assert room.public_state(None)["pratique"] == {"id": "1.1.2", "texte": referentiel.practice("1.1.2").text}


def test_switching_to_anonymous_is_refused_once_votes_are_in(room: Room) -> None:
    room.vote("phone-awa-1", "Awa", "2")
    with pytest.raises(RoomRefusal):
        room.set_anonymous(True)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=2, burst=3, clock=clock)
    assert [bucket.allow() for _ in range(5)] == [True, True, True, False, False]
    clock.now = 0.5
    assert [bucket.allow() for _ in range(2)] == [True, False]
    clock.now = 100
    assert sum(bucket.allow() for _ in range(10)) == 3


def test_a_flooding_phone_does_not_starve_the_others_and_memory_is_bounded() -> None:
    clock = Clock()
    limiter = RateLimiter(5, 10, room_rate=100, room_burst=100, max_keys=50, clock=clock)
    assert sum(limiter.allow("flooder") for _ in range(1000)) == 10
    assert all(limiter.allow(f"phone-{i}") for i in range(30))
    for i in range(500):
        limiter.allow(f"random-{i}")
    assert len(limiter.buckets) == 50
