"""The benchmarks screen for limb and coronary studies: their territory, only the definitions
they report, and which of the registry's measures each published figure is compared with."""
import re

from registry_app.gui.views.benchmarks_view import BenchmarksView


def test_benchmarks_view_shows_the_territory_and_what_each_figure_is_compared_with(ctx, qtbot):
    widget = BenchmarksView(ctx)
    qtbot.addWidget(widget)
    widget.territory.setCurrentIndex(widget.territory.findData("limb"))
    assert {widget.table.item(r, 1).text() for r in range(widget.table.rowCount())} == {"Acute limb ischaemia"}
    assert widget.select_id("stride")
    text = widget.details.toPlainText()
    assert re.search(r"Territory\s+Acute limb ischaemia", text)
    assert "Compared with your target limb salvage at 30 days" in text
    assert "Not compared: the registry follows limb cases to 90 days, not to 1 year" in text
    assert "Recanalization" not in text and "Circulation" not in text
    widget.territory.setCurrentIndex(widget.territory.findData("coronary"))
    assert widget.select_id("progress_cto")
    text = widget.details.toPlainText()
    assert "Compared with your technical success (stent, final TIMI 3)" in text
    assert "Compared with your procedural success" in text
    widget.territory.setCurrentIndex(0)
    assert widget.select_id("chen2019")
    text = widget.details.toPlainText()
    assert "Recanalization" in text
    assert "Compared with your cases: Rescue stent after failed MT" in text
