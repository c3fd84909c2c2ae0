"""Where the team is: axis, objective, activity, practice n of N, overall progress."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Value, effective_value
from siae_tui.report.labels import value_symbol
from siae_tui.ui.widgets.live_text import LiveText


class LocationBar(LiveText):
    """Three short lines, so a room can tell at a glance where the walk stands."""

    def show(
        self,
        referentiel: Referentiel,
        practice_id: str,
        values: Mapping[str, Value],
        answered: int,
        total: int,
        rescoring: str = "",
        structure_type: str | None = None,
    ) -> None:
        practice, activity, objective, axis = referentiel.locate(practice_id)
        rank = [p.id for p in activity.practices].index(practice.id) + 1
        axis_rank = [a.id for a in referentiel.axes].index(axis.id) + 1
        symbols = {p.id: value_symbol(effective_value(p, values, structure_type)) for p in activity.practices}
        strip = " ".join(f"[{symbols[p.id]}]" if p.id == practice.id else symbols[p.id] for p in activity.practices)
        text = Text()
        text.append(f"Axe {axis.id} ({axis_rank}/{len(referentiel.axes)}) · {axis.title}\n", style="bold")
        text.append(f"Objectif : {objective.title}\n", style="italic")
        text.append(f"Activité {activity.id} · {activity.title}\n", style="bold")
        text.append(f"Pratique {rank}/{len(activity.practices)}  {strip}", style="")
        text.append(f"   Progression {answered}/{total}", style="bold")
        if rescoring:
            text.append(f"\n{rescoring}", style="italic")
        self.update(text)
