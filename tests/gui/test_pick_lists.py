"""Pick lists store what was typed: every code of every list, in any case, into the real widget."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from registry_app.domain.fields import CASE_FIELDS, PASS_FIELDS
from registry_app.domain.vocab import OCCLUSION_SITE, entry_text, match_choice
from registry_app.gui.widgets.choice_combo import ChoiceCombo
from registry_app.gui.widgets.field_input import make_editor

CODED = [fd for fd in CASE_FIELDS + PASS_FIELDS if fd.kind == "choice"]
TYPED = st.sampled_from(CODED).flatmap(
    lambda fd: st.tuples(st.just(fd), st.sampled_from(fd.codes), st.sampled_from(
        [str.lower, str.upper, lambda text: text])))


def test_codes_match_before_label_prefixes():
    assert match_choice(OCCLUSION_SITE, "M2").code == "M2"
    assert match_choice(OCCLUSION_SITE, "a2").code == "A2"
    assert match_choice(OCCLUSION_SITE, "P2").code == "P2"
    assert match_choice(OCCLUSION_SITE, "ica").code == "ICA"
    assert match_choice(OCCLUSION_SITE, "Basilar").code == "BA"
    assert match_choice(OCCLUSION_SITE, "") is None
    assert match_choice(OCCLUSION_SITE, "xyz") == "'xyz' is not in the list"
    assert "fits 3 entries (M1, M2, M3)" in match_choice(OCCLUSION_SITE, "m")


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=TYPED)
def test_every_code_typed_is_the_code_stored(qtbot, typed):
    fd, code, spelling = typed
    editor = make_editor(fd)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.combo.lineEdit(), spelling(code))
    assert editor.value() == code, (fd.code, spelling(code))
    assert editor.problem() is None
    editor.combo.tidy()
    choice = next(c for c in fd.choices if c.code == code)
    assert editor.value() == code and editor.combo.lineEdit().text() == entry_text(choice)


def test_every_code_of_every_list_is_covered():
    """The strategy draws from all territories' pick lists, pass columns included."""
    territories = {t for fd in CODED for t in fd.territories}
    assert territories == {"cerebral", "limb", "coronary"}
    assert {"technique", "reperfusion_grade", "flow_grade"} <= {fd.code for fd in CODED}


def test_unmatched_text_is_shown_and_never_stored(qtbot):
    fd = next(fd for fd in CASE_FIELDS if fd.code == "occlusion_site")
    editor = make_editor(fd)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.combo.lineEdit(), "xyz")
    editor.combo.tidy()
    assert editor.value() is None
    assert editor.problem() == "Occlusion site: 'xyz' is not in the list."
    assert editor.combo.lineEdit().text() == "xyz" and "#b3261e" in editor.combo.styleSheet()


def test_yes_no_takes_y_and_n(qtbot):
    combo = make_editor(next(fd for fd in CASE_FIELDS if fd.code == "ivt"))
    qtbot.addWidget(combo)
    qtbot.keyClicks(combo.combo.lineEdit(), "y")
    assert combo.value() is True
    combo.combo.lineEdit().clear()
    qtbot.keyClicks(combo.combo.lineEdit(), "n")
    assert combo.value() is False
    assert isinstance(combo.combo, ChoiceCombo)
