"""How a practice's value reads, in one place for the screens, the reports and the CLI."""

from __future__ import annotations

from collections.abc import Mapping

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.domain.targets import action_targets
from siae_tui.domain.workshop import Action, is_disagreement, median_proposal
from siae_tui.report.french import french_date

#: How a carried-over evidence item is marked in every report.
CARRIED_OVER_MARK = "reprise de l'évaluation précédente, à revoir"


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


def target_short(target: int | None, current: Value) -> str:
    """« 3 », « 2 (sous la note actuelle) » or « — »: a practice's target in a table."""
    if target is None:
        return "—"
    if isinstance(current, int) and target < current:
        return f"{target} (sous la note actuelle)"
    return str(target)


def evidence_text(item: Evidence) -> str:
    """« Livret d'accueil · 15/01/2026 · https://… »: one evidence item on one line (reports, CSV, Excel)."""
    parts = [item.title]
    if item.date:
        parts.append(french_date(item.date))
    if item.location:
        parts.append(item.location)
    return " · ".join(parts) + (f" ({CARRIED_OVER_MARK})" if item.carried_over else "")


def served_targets(referentiel: Referentiel, evaluation: Evaluation, action: Action) -> str:
    """« 1 → 3 » (current value → target) for each target the action serves, « — » for none."""
    served = action_targets(referentiel, evaluation, action)
    return ", ".join(f"{value_short(t.current)} → {t.target}" for t in served) or "—"
