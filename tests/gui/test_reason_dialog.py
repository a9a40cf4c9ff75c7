"""The reason / comment dialog shows its whole prompt, however long, above the text box."""
from registry_app.gui.query_comment import comment_prompt
from registry_app.gui.reason_dialog import ReasonDialog


class _Rule:
    def __init__(self, message: str) -> None:
        self.message = message


def test_a_long_prompt_is_shown_whole(qtbot):
    rules = [_Rule("mRS at 90 days: is 4 but the patient died within 90 days; it must be 6."),
             _Rule("Discharge date: is before the procedure date (2025-01-10).")]
    dialog = ReasonDialog("Save with open queries?", comment_prompt(rules), "Save")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.layout().itemAt(0).widget()
    assert label.height() >= label.heightForWidth(label.width())
    assert dialog.text.geometry().top() >= label.geometry().bottom()
    assert dialog.text.height() >= 60


def test_a_short_prompt_keeps_the_usual_size(qtbot):
    dialog = ReasonDialog("Delete case", "Delete case C-1? Give the reason.", "Delete case")
    qtbot.addWidget(dialog)
    assert dialog.height() == 220
