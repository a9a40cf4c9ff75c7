"""Places the form's bare times (HH:MM) on the procedure date, across midnight where needed."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, TypeVar

from registry_app.domain.clock_times import CHAIN, Typed, clocks_in_place, place_times
from ...widgets.date_widgets import DateTimeFieldEditor
from .passes import CLOCK
from .sections import FormParts

When = TypeVar("When")


def typed_chain(form: FormParts) -> list[tuple[str, Typed]]:
    """The times in procedure order: a bare time of day, a full date-time or None; recorded
    pass times stand in for the first-pass time."""
    return _chain(form, lambda editor: editor.clock() or editor.value(),
                  lambda p: p.get(CLOCK) or p.get("pass_time"))


def stored_chain(form: FormParts) -> list[tuple[str, datetime | None]]:
    """The times in procedure order as loaded: full date-times or None."""
    return _chain(form, lambda editor: editor.value(), lambda p: p.get("pass_time"))


def _chain(form: FormParts, of_field: Callable[[DateTimeFieldEditor], When],
           of_pass: Callable[[dict[str, Any]], When]) -> list[tuple[str, When]]:
    chain: list[tuple[str, When]] = []
    passes = form.passes.model.passes
    for code in CHAIN:
        if code == "first_pass_time" and passes:
            chain += [(f"pass:{n}", of_pass(p)) for n, p in enumerate(passes)]
        else:
            chain.append((code, of_field(time_editor(form, code))))
    return chain


def time_editor(form: FormParts, code: str) -> DateTimeFieldEditor:
    """The editor of one of the chain's times (each is a date-time field)."""
    editor = form.rows[code].editor
    assert isinstance(editor, DateTimeFieldEditor), code
    return editor


def show_times_as_clocks(form: FormParts) -> None:
    """Show a loaded case's times as HH:MM where the procedure date and the order of the times
    put them (so they follow a later change of the date); other times keep their full date."""
    day = form.default_day()
    chain = stored_chain(form)
    clocks = clocks_in_place(day, chain) if day is not None else set()
    values = dict(chain)
    for code in clocks & set(CHAIN):
        time_editor(form, code).set_text(f"{values[code]:%H:%M}")
    for n, p in enumerate(form.passes.model.passes):
        if f"pass:{n}" in clocks:
            p[CLOCK] = p["pass_time"].time()


def place_form_times(form: FormParts) -> None:
    """Give every bare time its date (the editors show it beside the time)."""
    day = form.default_day()
    placed = place_times(day, typed_chain(form)) if day is not None else {}
    for code in CHAIN:
        time_editor(form, code).place(placed.get(code))
    passes = form.passes.model.passes
    form.passes.model.place([placed.get(f"pass:{n}") for n in range(len(passes))])
