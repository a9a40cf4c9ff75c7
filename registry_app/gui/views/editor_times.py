"""Places the form's bare times (HH:MM) on the procedure date, across midnight where needed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.clock_times import CHAIN, place_times
from .editor_passes import CLOCK

if TYPE_CHECKING:
    from .editor_form import EditorForm


def typed_chain(form: "EditorForm") -> list[tuple[str, object]]:
    """The times in procedure order: a bare time of day, a full date-time or None; recorded
    pass times stand in for the first-pass time."""
    chain: list[tuple[str, object]] = []
    passes = form.passes.model.passes
    for code in CHAIN:
        if code == "first_pass_time" and passes:
            chain += [(f"pass:{n}", p.get(CLOCK) or p.get("pass_time"))
                      for n, p in enumerate(passes)]
            continue
        editor = form.rows[code].editor
        chain.append((code, editor.clock() or editor.value()))
    return chain


def place_form_times(form: "EditorForm") -> None:
    """Give every bare time its date (the editors show it beside the time)."""
    day = form.default_day()
    placed = place_times(day, typed_chain(form)) if day is not None else {}
    for code in CHAIN:
        form.rows[code].editor.place(placed.get(code))
    passes = form.passes.model.passes
    form.passes.model.place([placed.get(f"pass:{n}") for n in range(len(passes))])
