"""The room: everyone votes from a phone, hidden until the facilitator reveals.

Pure rules, shared by the room's web server (``siae_tui.room``) and its
screen: which practice the room is on, who has voted (per participant, or per
phone when the facilitator chose anonymous voting), whether the votes are
revealed, the tally that leads to the existing ``median_proposal`` and
``is_disagreement``, and the validation of everything a phone sends. Nothing
here touches the network, the disk or the terminal; the rate limiter takes
its clock as an argument so that tests can drive time.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from time import monotonic

from siae_tui.domain.model import Practice, Referentiel
from siae_tui.domain.workshop import is_disagreement, median_proposal

#: What a phone may send: a scale value, « non applicable » or « je ne sais pas ».
NOT_APPLICABLE_CHOICE = "na"
UNSURE_CHOICE = "nsp"
#: The phone that typed a vote is the facilitator's keyboard (a participant without a phone).
KEYBOARD = "clavier"
#: A phone names itself with a random id kept in its browser; this is what one looks like.
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
#: Anonymous rooms are capped: no phone can make the room remember more voters than this.
MAX_ANONYMOUS_VOTERS = 200


class RoomRefusal(Exception):
    """A request the room refuses: ``status`` is the HTTP status, ``message`` says why in French."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Ballot:
    """One voter's choice on the current practice, and the device that sent it."""

    choice: str
    device: str


@dataclass(frozen=True)
class Tally:
    """What the reveal shows: the numeric votes, the other answers, the proposal."""

    votes: dict[str, int]
    not_applicable: int
    unsure: int

    @property
    def median(self) -> int | None:
        return median_proposal(self.votes)

    @property
    def disagreement(self) -> bool:
        return is_disagreement(self.votes)


def parse_choice(raw: object, referentiel: Referentiel) -> str:
    """A phone's choice, checked: ``"0"``…``"3"``, ``"na"`` or ``"nsp"`` (a JSON int is accepted for a value)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str) or len(raw) > 3:
        raise RoomRefusal(400, "valeur de vote invalide")
    if raw in (NOT_APPLICABLE_CHOICE, UNSURE_CHOICE):
        return raw
    if raw.isascii() and raw.isdigit() and int(raw) in {level.value for level in referentiel.scale}:
        return str(int(raw))
    raise RoomRefusal(400, "valeur de vote invalide")


def check_device(raw: object) -> str:
    """A phone's id, checked (the page draws it at random and keeps it)."""
    if not isinstance(raw, str) or not DEVICE_ID.fullmatch(raw):
        raise RoomRefusal(400, "identifiant d'appareil invalide")
    return raw


@dataclass
class Room:
    """One open room: the practice on screen, the ballots cast on it, and whether they are shown."""

    referentiel: Referentiel
    participants: tuple[str, ...]
    anonymous: bool = False
    practice: Practice | None = None
    #: Increases with every new practice: a phone that slept sees it changed and starts afresh.
    round: int = 0
    revealed: bool = False
    ballots: dict[str, Ballot] = field(default_factory=dict)

    # -- the facilitator ---------------------------------------------------------
    def show(self, practice: Practice | None) -> None:
        """Move the room to ``practice`` (None: nothing to vote on): a new round, no ballots, hidden."""
        self.practice = practice
        self.round += 1
        self.revealed = False
        self.ballots.clear()

    def set_anonymous(self, anonymous: bool) -> None:
        """Switch anonymous voting; only while no vote is in, so no ballot changes meaning."""
        if self.ballots:
            raise RoomRefusal(409, "des votes sont déjà arrivés sur cette pratique")
        self.anonymous = anonymous
        self.round += 1  # the phones pick a name again, or stop showing one

    def reveal(self) -> Tally:
        self.revealed = True
        return self.tally()

    def type_vote(self, participant: str, choice: str | None) -> None:
        """The facilitator types (or clears, with None) the vote of a participant who has no phone."""
        if self.anonymous or participant not in self.participants:
            raise RoomRefusal(409, "participant inconnu")
        if choice is None:
            self.ballots.pop(participant, None)
        else:
            self.ballots[participant] = Ballot(parse_choice(choice, self.referentiel), KEYBOARD)

    # -- the phones --------------------------------------------------------------
    def vote(self, device: object, participant: object, choice: object) -> None:
        """A phone's vote, validated; it may change its vote until the reveal."""
        device_id = check_device(device)
        value = parse_choice(choice, self.referentiel)
        if self.practice is None:
            raise RoomRefusal(409, "aucune pratique n'est soumise au vote")
        if self.revealed:
            raise RoomRefusal(409, "les votes de cette pratique sont déjà révélés")
        if self.anonymous:
            if device_id not in self.ballots and len(self.ballots) >= MAX_ANONYMOUS_VOTERS:
                raise RoomRefusal(409, "trop de votants")
            self.ballots[device_id] = Ballot(value, device_id)
            return
        if not isinstance(participant, str) or participant not in self.participants:
            raise RoomRefusal(400, "participant inconnu")
        earlier = self.ballots.get(participant)
        if earlier is not None and earlier.device not in (device_id, KEYBOARD):
            raise RoomRefusal(409, "ce nom a déjà voté depuis un autre téléphone")
        self.ballots[participant] = Ballot(value, device_id)

    # -- what everyone sees ------------------------------------------------------
    @property
    def expected(self) -> int:
        """How many votes the room waits for: one per participant."""
        return len(self.participants)

    @property
    def voted(self) -> int:
        return len(self.ballots)

    def tally(self) -> Tally:
        choices = [b.choice for b in self.ballots.values()]
        return Tally(
            {voter: int(b.choice) for voter, b in self.ballots.items() if b.choice.isdigit()},
            choices.count(NOT_APPLICABLE_CHOICE),
            choices.count(UNSURE_CHOICE),
        )

    def named_votes(self) -> dict[str, int]:
        """The numeric votes to record with the session (participants only: anonymous votes are not named)."""
        return {} if self.anonymous else self.tally().votes

    def public_state(self, device: str | None) -> dict[str, object]:
        """What a phone may see: the current practice, the scale, its own vote, how many have voted.

        Never another voter's choice, never another practice, no note: the
        participants' names only when voting is named (the phone picks one).
        """
        own = next((b.choice for b in self.ballots.values() if device and b.device == device), None)
        practice = self.practice
        return {
            "tour": self.round,
            "anonyme": self.anonymous,
            "participants": [] if self.anonymous else list(self.participants),
            "pratique": None if practice is None else {"id": practice.id, "texte": practice.text},
            "echelle": [{"valeur": str(level.value), "libelle": level.label} for level in self.referentiel.scale],
            "revele": self.revealed,
            "mon_vote": own,
            "mon_nom": next((v for v, b in self.ballots.items() if device and b.device == device), None)
            if not self.anonymous
            else None,
            "ont_vote": self.voted,
            "attendus": self.expected,
        }


class TokenBucket:
    """``rate`` requests a second on average, ``burst`` at once; the clock is injectable."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = burst
        self.stamp = clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class RateLimiter:
    """One token bucket per key (a phone), plus one for the whole room; memory is bounded."""

    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        room_rate: float,
        room_burst: float,
        max_keys: int = 1000,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.rate, self.burst, self.clock, self.max_keys = rate, burst, clock, max_keys
        self.room = TokenBucket(room_rate, room_burst, clock)
        self.buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def allow(self, key: str) -> bool:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = TokenBucket(self.rate, self.burst, self.clock)
            if len(self.buckets) > self.max_keys:
                self.buckets.popitem(last=False)  # the longest unseen phone starts afresh
        else:
            self.buckets.move_to_end(key)
        # A phone over its own limit does not eat into the room's.
        return bucket.allow() and self.room.allow()


def decided_counts(tally: Tally) -> Mapping[str, int]:
    """The number of answers per choice, for the reveal (« 0 : 1 · 2 : 3 · N/A : 1 · ? : 1 »)."""
    counts: dict[str, int] = {}
    for vote in tally.votes.values():
        counts[str(vote)] = counts.get(str(vote), 0) + 1
    return dict(sorted(counts.items()))
