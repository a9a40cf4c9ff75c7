"""A whole cerebral case typed from the paper form with the keyboard only, within a budget."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from registry_app.services.cases.editing import get_case

TAB, SPACE = Qt.Key.Key_Tab, Qt.Key.Key_Space
ADD_PASS = (Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
SAVE = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
KEYSTROKES = 200
"""Keys this entry takes today (a key with its modifier counts once); the test fails if the
form ever needs more than the budget."""
BUDGET = 200

PAPER_FORM = [  # what the coordinator types, field after field, in the form's tab order
    "C-2025-101", TAB, TAB, TAB,                       # case number, registry ID, territory
    "2025-03-12", TAB, "AB", TAB, "72", TAB, "f", TAB,  # date, operator, age, sex
    "4711", TAB, TAB, TAB,                              # MRN, name, date of birth
    "1", TAB, "18", TAB, "8", TAB, "M2", TAB, "l", TAB,  # mRS, NIHSS, ASPECTS, site, side
    "n", TAB, "ce", TAB, "n", TAB, "y", TAB, "a", TAB,   # tandem, TOAST, ICAS, IVT, agent
    "wi", TAB, "0810", TAB, "0905", TAB, "0920", TAB, "1002", TAB,  # onset .. puncture
    TAB, "1105", TAB, "1120", TAB,                    # first pass (from passes), reperf, end
    "com", TAB, TAB, "e", TAB, TAB,                     # technique, passes, scale, grade
    SPACE, TAB, "Solitaire", TAB, "0", TAB, "1015", TAB,   # pass 1 (first-line technique)
    ADD_PASS, TAB, TAB, "1", TAB, "1032", TAB,                     # pass 2 (copied device)
    ADD_PASS, TAB, TAB, "2a", TAB, "1050", TAB,                 # pass 3, out of the table
    "y", TAB, "f", TAB, "n", TAB, "AB", TAB, "Wingspan", TAB,       # stent, reason, ..device
    "ti", TAB, "2b67", TAB,                             # antiplatelet, final reperfusion
    SPACE, TAB,                                         # complications: None
    "y", TAB, "n", TAB, "n", TAB, "n", TAB, "10", TAB,  # 24-h imaging, Heidelberg, sICH, ...
    "6", TAB, "2025-03-20", TAB, "3", TAB, "r",         # discharge NIHSS, date, mRS, where
    SAVE,
]


class Keyboard:
    """Types into the window as a keyboard does (shortcuts included) and counts the keys."""

    def __init__(self, window) -> None:
        self.window, self.count = window.windowHandle(), 0

    def type(self, *steps) -> None:
        for step in steps:
            if isinstance(step, str):
                for char in step:
                    self.press(char)
            elif isinstance(step, tuple):
                self.press(*step)
            else:
                self.press(step)

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.window, key, modifier)
        self.count += 1


def test_a_paper_form_is_entered_with_the_keyboard_alone(editors, qtbot, ctx, modals):
    editor = editors()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    keyboard = Keyboard(editor)
    with qtbot.waitSignal(editor.saved, timeout=10000) as saved:
        keyboard.type(*PAPER_FORM)
    assert keyboard.count == KEYSTROKES <= BUDGET
    case = get_case(ctx.registry, saved.args[0])
    expected = {
        "case_number": "C-2025-101", "territory": "cerebral", "procedure_date": date(2025, 3, 12),
        "operator": "AB", "age": 72, "sex": "F", "prestroke_mrs": 1, "nihss_admission": 18,
        "aspects": 8, "occlusion_site": "M2", "occlusion_side": "left", "tandem_lesion": False,
        "etiology_toast": "ce", "icas_suspected": False, "ivt": True, "ivt_agent": "alteplase",
        "onset_type": "witnessed", "onset_time": datetime(2025, 3, 12, 8, 10),
        "door_time": datetime(2025, 3, 12, 9, 5), "imaging_time": datetime(2025, 3, 12, 9, 20),
        "puncture_time": datetime(2025, 3, 12, 10, 2),
        "first_pass_time": datetime(2025, 3, 12, 10, 15),
        "reperfusion_time": datetime(2025, 3, 12, 11, 5),
        "end_time": datetime(2025, 3, 12, 11, 20), "first_line_technique": "combined",
        "mt_passes": 3, "reperfusion_scale": "eTICI", "reperfusion_after_mt": "2a",
        "rescue_stent": True, "rescue_reason": "failed_mt", "no_stent_reason": None,
        "rescue_alternative": "none", "rescue_decided_by": "AB", "stent_device": "Wingspan",
        "antiplatelet_regimen": "tirofiban", "final_reperfusion": "2b67",
        "procedural_complications": ("none",), "imaging_24h": True, "heidelberg_class": "none",
        "sich": False, "sich_definition": None, "reocclusion": False, "nihss_24h": 10,
        "nihss_discharge": 6, "discharge_date": date(2025, 3, 20), "discharge_mrs": 3,
        "discharge_destination": "rehab", "mrs_90d": None,
    }
    assert {code: case.values[code] for code in expected} == expected
    assert case.identity["mrn"] == "4711"
    passes = [(p["pass_number"], p["technique"], p["device"], p["reperfusion_grade"],
               p["pass_time"]) for p in case.passes]
    assert passes == [
        (1, "combined", "Solitaire", "0", datetime(2025, 3, 12, 10, 15)),
        (2, "combined", "Solitaire", "1", datetime(2025, 3, 12, 10, 32)),
        (3, "combined", "Solitaire", "2a", datetime(2025, 3, 12, 10, 50)),
    ]


def test_the_contact_telephone_is_the_last_tab_stop(editors):
    """Not on the paper form: reachable with Tab, but after everything the form asks."""
    from registry_app.gui.views.editor.rules import tab_chain
    editor = editors()
    form = editor.form
    chain = tab_chain(form)
    phone = next(r.editor for r in form.identity.rows if r.fd.code == "contact_phone")
    assert chain[-1] is (phone.focusProxy() or phone)
    birth = next(r.editor for r in form.identity.rows if r.fd.code == "birth_date")
    assert chain.index(birth.focusProxy() or birth) < chain.index(chain[-1]) - 50
