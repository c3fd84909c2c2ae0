"""How a practice's value reads, in one place for the screens, the reports and the CLI."""

from __future__ import annotations

from collections.abc import Mapping

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.domain.workshop import is_disagreement, median_proposal


def value_label(value: Value, referentiel: Referentiel) -> str:
    """« 2 — Mis en place et à améliorer », « non applicable » or « pas encore notée »."""
    if value is None:
        return "pas encore notée"
    if value == NOT_APPLICABLE:
        return "non applicable"
    return f"{value} — {referentiel.scale_label(value)}"


def value_short(value: Value) -> str:
    """« 2 », « n/a » or « non notée »: for tables where the scale is known."""
    if value is None:
        return "non notée"
    return "n/a" if value == NOT_APPLICABLE else str(value)


def value_symbol(value: Value) -> str:
    """One character per practice for compact strips: the score, '·' unscored, '–' n/a."""
    if value is None:
        return "·"
    return "–" if value == NOT_APPLICABLE else str(value)


def votes_line(votes: Mapping[str, int]) -> str:
    """« Votes : Awa 0 · Marc 3 · Léa 2 → médiane 2 · ⚠ désaccord »."""
    if not votes:
        return ""
    line = "Votes : " + " · ".join(f"{name} {vote}" for name, vote in votes.items())
    # With an even number of votes the proposal is the lower of the two middle votes: say so.
    median = "médiane basse" if len(votes) % 2 == 0 else "médiane"
    line += f" → {median} {median_proposal(votes)}"
    return line + (" · ⚠ désaccord (écart ≥ 2)" if is_disagreement(votes) else "")
