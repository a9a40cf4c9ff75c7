"""The case form's branching: which rows the field rules show, pass-derived values read-only,
and a tab order that follows the paper form."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from registry_app.domain.applicability import DERIVED_FROM_PASSES, condition_met, derived_from_passes, from_passes
from registry_app.domain.case import Case
from .sections import FieldRow, FormParts

DERIVED_TIP = "Taken from the passes table (edit the passes to change it)."


def passes_title(territory: str) -> str:
    title, what = ("Attempts", "attempt") if territory == "limb" else ("Passes", "pass")
    return (f"<b>{title}</b> (one row per {what}, in order; Alt+P adds one, Tab moves from"
            " cell to cell)")


def _holds(row: FieldRow) -> bool:
    return row.editor.value() not in (None, ()) or bool(row.editor.problem())


def shown_codes(form: FormParts, case: Case) -> tuple[set[str], list[FieldRow]]:
    """Codes the rules show, and rows they would hide that hold a value the user has not yet
    chosen to keep (a row holding a value is never hidden without asking)."""
    shown, pending = set(), []
    for code, row in form.rows.items():
        if not row.fd.applies_to(case.territory):
            continue
        if condition_met(row.fd, case):
            shown.add(code)
            form.kept.discard(code)
        elif _holds(row):
            shown.add(code)
            rule = row.fd.shown_if  # set: a field without a rule always meets it
            if code not in form.kept and rule is not None and case.get(rule[0]) is not None:
                pending.append(row)
    return shown, pending


def held_against_rules(form: FormParts, case: Case) -> set[str]:
    """Fields of a loaded case that hold a value the rules would hide: kept, not asked about."""
    return {code for code, row in form.rows.items()
            if row.fd.shown_if and not condition_met(row.fd, case)
            and case.get(code) not in (None, ())}


def show_pass_summary(form: FormParts, case: Case) -> None:
    """Number of passes, grade after the last pass and first-pass time: read-only from the
    passes table when passes are recorded, typed otherwise."""
    for fd in DERIVED_FROM_PASSES:
        row = form.rows[fd.code]
        derived = derived_from_passes(fd, case)
        if derived and row.editor.value() != from_passes(fd, case.passes):
            row.editor.set_value(from_passes(fd, case.passes))
        if derived == row.editor.isEnabled():
            row.editor.setEnabled(not derived)
            row.editor.setToolTip(DERIVED_TIP if derived else fd.help)


LAST_TAB_STOPS = ("contact_phone",)
"""Identifiers not on the paper form (the follow-up telephone): the last Tab stops of the form,
so typing a paper form costs no key for them."""


def tab_chain(form: FormParts) -> list[QWidget]:
    """Inputs in paper-form order: sections in turn, each row left to right, the passes table
    after the thrombectomy fields, the identifiers after the patient (LAST_TAB_STOPS at the end)."""
    chain: list[QWidget] = []
    last = [row.editor.focusProxy() or row.editor for row in form.identity.rows
            if row.fd.code in LAST_TAB_STOPS]
    for key, section in form.sections.items():
        chain += [row.editor.focusProxy() or row.editor for row in section.rows]
        if key == "thrombectomy":
            chain += [form.passes.add_button, form.passes.table]
        if key == "patient":
            chain += [row.editor.focusProxy() or row.editor for row in form.identity.rows
                      if row.fd.code not in LAST_TAB_STOPS]
    return chain + last


def set_tab_order(form: FormParts) -> None:
    chain = tab_chain(form)
    for before, after in zip(chain, chain[1:]):
        QWidget.setTabOrder(before, after)
