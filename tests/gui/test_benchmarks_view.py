"""The benchmark library screen and the editor: shipped read-only, user benchmarks validated."""
import pytest

from registry_app import paths
from registry_app.gui.dialogs.benchmark_editor import BenchmarkEditor, field_path, plain_message
from registry_app.gui.dialogs.benchmark_results_table import parse_count, parse_rate
from registry_app.gui.views.benchmarks_view import BenchmarksView
from registry_app.services.benchmarks.library import get_benchmark, list_benchmarks


@pytest.fixture
def view(ctx, qtbot):
    widget = BenchmarksView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 660)
    return widget


def fill_minimal(editor: BenchmarkEditor, bench_id="our_series", rate="30%"):
    """A small valid user benchmark typed into the form."""
    values = {("", "id"): bench_id, ("", "short_name"): "Our series 2024",
              ("", "title"): "Rescue stenting in our department",
              ("citation", "authors"): "Department of Radiology",
              ("citation", "journal"): "Internal audit", ("citation", "year"): "2024"}
    for key, value in values.items():
        editor.set_value(*key, value)
    table = editor.results
    table.cellWidget(0, 0).setCurrentIndex(table.cellWidget(0, 0).findData("sich"))
    table.item(0, 2).setText(rate)
    table.item(0, 3).setText("6")
    table.item(0, 4).setText("20")
    table.item(0, 6).setText("sICH 6/20 (30%)")


def test_lists_the_whole_library_with_source_and_design(view):
    assert view.table.rowCount() == len(list_benchmarks())
    assert view.select_id("chen2019")
    texts = [view.table.item(view.table.currentRow(), c).text() for c in range(5)]
    assert texts == ["Chen 2019", "Cerebral (stroke)", "Single-centre retrospective study", "2019",
                     "Shipped"]


def test_details_show_citation_population_definitions_and_results(view):
    view.select_id("chen2019")
    text = view.details.toPlainText()
    assert "Chinese Journal of Neuromedicine 2019;18(2):156-161" in text
    assert "China, East Asia" in text and "2016-01 to 2018-03" in text
    assert "sICH" in text and "not reported by the study" in text
    assert "16/18" in text and "88.9%" in text and "67.2–96.9%" in text
    assert "Non-randomised" in text        # the verification notes


def test_shipped_benchmarks_are_read_only(view):
    view.select_id("chen2019")
    assert not view.edit_button.isEnabled() and view.copy_button.isEnabled()
    assert view.read_only_note.isVisibleTo(view)
    view.edit_current()
    assert view.editor is None


def test_territory_and_search_narrow_the_list(view):
    view.territory.setCurrentIndex(view.territory.findData("limb"))
    assert {b.territory for b in view.visible_benchmarks()} == {"limb"}
    view.territory.setCurrentIndex(0)
    view.search.setText("neuromedicine")
    assert [b.id for b in view.visible_benchmarks()] == ["chen2019"]


def test_adding_a_user_benchmark_through_the_form(view, qtbot):
    view.add_benchmark()
    editor = view.editor
    fill_minimal(editor)
    with qtbot.waitSignal(view.benchmarks_changed):
        editor.save()
    assert not editor.isVisible() and editor.error.text() == ""
    saved = get_benchmark("our_series")
    assert saved.source == "user" and saved.result("sich", "rescue_stent").rate == 0.3
    assert (paths.user_benchmarks_dir() / "our_series.toml").exists()
    assert view.current_id() == "our_series"
    assert view.table.item(view.table.currentRow(), 4).text() == "Your own"
    assert view.edit_button.isEnabled()


def test_a_bad_rate_is_refused_with_the_field_named(view, qtbot):
    view.add_benchmark()
    editor = view.editor
    fill_minimal(editor, rate="1.5")
    editor.save()
    assert editor.isVisible()
    assert editor.error.text() == ("Results row 1, Rate: must be a fraction between 0 and 1"
                                   " (88.9% is 0.889), not 1.5.")
    assert editor.tabs.currentIndex() == 2
    assert (editor.results.currentRow(), editor.results.currentColumn()) == (0, 2)
    assert not (paths.user_benchmarks_dir() / "our_series.toml").exists()
    editor.results.item(0, 2).setText("0.3")
    editor.save()
    assert not editor.isVisible()


def test_rate_must_agree_with_the_counts(view):
    view.add_benchmark()
    fill_minimal(view.editor, rate="45%")
    view.editor.save()
    assert view.editor.error.text() == "Results row 1, Rate: 0.45 does not match 6/20 = 0.300."


def test_missing_fields_are_named_and_focused(view, qtbot):
    view.add_benchmark()
    editor = view.editor
    editor.show()
    qtbot.waitExposed(editor)
    fill_minimal(editor)
    editor.set_value("", "title", "")
    editor.save()
    assert editor.error.text() == "Title: is missing or empty."
    assert editor.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: editor.widgets[("", "title")].hasFocus())
    editor.set_value("", "title", "A title")
    editor.set_value("citation", "year", "20x4")
    editor.save()
    assert editor.error.text() == "Year (citation): must be a four-digit year, not '20x4'."


def test_a_shipped_id_cannot_be_reused(view):
    view.add_benchmark()
    fill_minimal(view.editor, bench_id="chen2019")
    view.editor.save()
    assert view.editor.error.text() == ("ID: is already used by a shipped benchmark; choose"
                                        " another id.")


def test_copy_then_edit_a_user_benchmark(view, qtbot):
    view.select_id("chen2019")
    view.copy_current()
    copy = view.editor
    assert copy.value("", "id") == "chen2019_local" and copy.results.rowCount() == 8
    copy.save()
    assert view.current_id() == "chen2019_local"
    view.edit_current()
    editor = view.editor
    assert editor.editing and editor.widgets[("", "id")].isReadOnly()
    editor.set_value("", "title", "Chen 2019, our reading")
    editor.save()
    assert get_benchmark("chen2019_local").title == "Chen 2019, our reading"
    assert "Chen 2019, our reading" in view.details.toPlainText()


def test_text_parsing_and_message_wording():
    assert parse_rate("88.9%") == pytest.approx(0.889) and parse_rate("0,25") == 0.25
    assert parse_rate("") is None and parse_rate("about half") == "about half"
    assert parse_count("18") == 18 and parse_count("") is None and parse_count("1.5") == "1.5"
    assert field_path("benchmark 'x'.population.circulation: unknown code") == \
        ("population", "circulation", None)
    assert plain_message("The benchmark was not saved. benchmark 'x'.results[3] (sich): events"
                         " (20) are more than the total (10).") == \
        "Results row 3: events (20) are more than the total (10)."
