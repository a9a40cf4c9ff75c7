"""Page 1 of the report: the scorecard, its process measures and the mature 90-day cohort."""
from datetime import date
from statistics import median

from scipy.stats import binomtest

from registry_app.domain import derived
from registry_app.services.reports.scorecard import latest_mature_month
from registry_app.services.reports.monthly import generate_report
from registry_app.services.reports.signoff import month_cases
from registry_app.services.statistics import compute_stats
from registry_app.services.cases.queries import CaseFilter
from ..pdf_text import pdf_words


def page_one(path) -> str:
    return pdf_words(path, slice(0, 1))


def test_latest_mature_month_is_the_last_whole_month_before_the_cut_off():
    assert latest_mature_month(date(2025, 3, 18), date(2025, 6, 1)) == date(2025, 2, 1)
    assert latest_mature_month(date(2025, 3, 31), date(2025, 6, 1)) == date(2025, 3, 1)
    assert latest_mature_month(date(2025, 3, 18), date(2025, 1, 1)) == date(2025, 1, 1)


def test_page_one_has_the_scorecard_with_process_measures(demo, tmp_path, ctx):
    result = generate_report(demo, ctx.recent_month, pdf=tmp_path / "r.pdf",
                             benchmark_ids=["kniep2024", "nasa2015"])
    text = page_one(result.pdf)
    for label in ("How are we doing?", "Door-to-puncture, median", "First-pass effect",
                  "Modified first-pass effect", "Puncture-to-reperfusion, median",
                  "Onset-to-reperfusion, median", "within 60 min of puncture",
                  "AHA Target: Stroke Phase III", "CSTK-12", "Since the last report",
                  "NASA registry 2015"):
        assert label in text, label
    assert "Centre name not set" not in text
    assert "June 2025 is not over on the as-of date (2025-06-30)" in text


def test_90_day_figures_come_from_the_latest_mature_cohort_and_say_which(demo, ctx, gathered):
    # today 2025-06-30: outcomes count up to 2025-03-18, so February 2025 is the cohort
    data = gathered(ctx.recent_month)
    assert (data.cohort_from, data.cohort_to) == (date(2025, 2, 1), date(2025, 2, 28))
    february = compute_stats(demo, CaseFilter(date_from=date(2025, 2, 1),
                                              date_to=date(2025, 2, 28)))
    assert data.cohort["arms"]["all_mt"]["mortality_90d"] == (
        february["arms"]["all_mt"]["mortality_90d"])
    assert data.stats["arms"]["all_mt"]["mortality_90d"]["known"] == 0  # June: not yet due
    from registry_app.services.reports.scorecard import scorecard_rows
    rows = {r.label: r for r in scorecard_rows(data)}
    entry = february["arms"]["all_mt"]["good_outcome_90d"]
    assert rows["Good outcome at 90 days"].month.text.startswith(
        f"{100 * entry['rate']:.1f}% ({entry['events']}/{entry['known']};")
    from registry_app.services.reports.pdf.scorecard import cohort_text
    assert "latest mature cohort, February 2025" in cohort_text(data)


def test_door_to_puncture_and_door_to_device_are_hand_counted(demo, ctx, gathered):
    data = gathered(ctx.full_month)
    cases = month_cases(demo, ctx.full_month)
    minutes = [derived.intervals(c)["door_to_puncture"] for c in cases]
    known = [m for m in minutes if m is not None]
    assert data.stats["times"]["door_to_puncture"]["median"] == median(known)
    entry = data.process["month"]["door_to_device_90"]
    events = sum(m <= 90 for m in known)
    assert (entry["rate"]["events"], entry["rate"]["known"]) == (events, len(known))
    side = "greater" if events / len(known) > 0.5 else "less"
    assert entry["comparison"]["p_value"] == binomtest(events, len(known), 0.5,
                                                       alternative=side).pvalue


def test_cells_with_fewer_than_20_known_are_too_few_to_judge(gathered, ctx):
    from registry_app.services.reports.scorecard import scorecard_rows
    data = gathered(ctx.full_month, "kniep2024")  # this test's own copy: it changes it
    row = next(r for r in scorecard_rows(data) if r.label == "MT failure")
    assert data.stats["procedure"]["mt_failure"]["known"] >= 20
    assert row.month.verdict in ("better", "worse", "consistent")
    data.stats["procedure"]["mt_failure"]["known"] = 19
    row = next(r for r in scorecard_rows(data) if r.label == "MT failure")
    assert (row.month.verdict, row.month.word) == ("too_few", "too few to judge")
