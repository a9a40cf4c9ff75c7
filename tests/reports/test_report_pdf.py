"""The PDF report: key figures readable in the text, footer on every page, no identifiers."""
import re

import pytest
from pypdf import PdfReader

from registry_app.services.reports.pdf.charts import _downsample, cusum_chart, forest_chart
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.pdf.document import write_report_pdf
from ..pdf_text import page_texts


def pages_text(path):
    return page_texts(path)


@pytest.fixture
def pdf(shared_report_pdf):
    """The month's PDF, written once for the run (read only)."""
    return shared_report_pdf


def test_key_figures_are_in_the_pdf_text(pdf, report_data):
    text = "\n".join(pages_text(pdf))
    recan = report_data.stats["arms"]["rescue_stent"]["recanalization"]
    figure = f"{100 * recan['rate']:.1f}% ({recan['events']}/{recan['known']}"
    assert figure in text
    good = report_data.stats["arms"]["all_mt"]["good_outcome_90d"]
    assert f"{100 * good['rate']:.1f}%" in text and f"{good['events']}/{good['known']}" in text
    assert "St Elsewhere Neurovascular Unit" in text
    assert "February 2025" in text
    assert "Fisher's exact test" in text or "Pearson chi-square test" in text or "No test" in text
    assert "Chen 2019" in text and "Chang 2018" in text


def test_every_page_has_page_x_of_y_fingerprint_and_generation_time(pdf, report_data):
    pages = pages_text(pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        flat = text.replace("\n", " ")
        assert f"Page {number} of {len(pages)}" in flat
        assert report_data.fingerprint in flat.replace(" ", "")
        assert "Generated 2025-07-01 09:30" in flat


def test_review_list_and_definitions_are_printed(pdf, report_data):
    text = "\n".join(pages_text(pdf))
    assert report_data.review
    for row in report_data.review:
        assert row["registry_id"] in text and row["case_number"] in text
    assert "Symptomatic intracranial haemorrhage as recorded" in text
    assert "90 ± 14 days" in text
    assert "Loss to follow-up is usually higher after failed recanalization" in text


def test_no_identifier_in_the_pdf(demo, tmp_path, ctx, gathered):
    data = gathered(ctx.full_month, identified=True)  # gathered at ctx.now
    text = "\n".join(pages_text(write_report_pdf(data, tmp_path / "x.pdf")))
    secret = ctx.identifiers(demo, ctx.full_month)
    assert secret and not [s for s in secret if s in text]


def test_long_review_list_breaks_across_pages_with_repeated_header(report_data, tmp_path):
    report_data.review = report_data.review * 20
    pages = pages_text(write_report_pdf(report_data, tmp_path / "long.pdf"))
    with_rows = [p for p in pages if report_data.review[0]["registry_id"] in p]
    assert len(with_rows) >= 3
    assert all("Registry ID" in p and "Reasons" in p for p in with_rows)


def test_logo_is_drawn_when_set_and_skipped_with_a_note_when_unreadable(report_data, tmp_path):
    from PIL import Image
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 80), (0, 90, 160)).save(logo)
    report_data.logo_path = str(logo)
    with_logo = PdfReader(str(write_report_pdf(report_data, tmp_path / "a.pdf")))
    assert with_logo.pages[0].images
    report_data.logo_path = str(tmp_path / "missing.png")
    from registry_app.services.reports.data import logo_problem
    assert "was not found" in logo_problem(report_data.logo_path)
    without = PdfReader(str(write_report_pdf(report_data, tmp_path / "b.pdf")))
    assert not without.pages[0].images


def test_forest_chart_handles_arms_without_known_outcome(report_data):
    arms = {arm: {**entry, "recanalization": {"events": 0, "known": 0, "unknown": 2, "rate": None,
                                               "ci95": None}}
            for arm, entry in report_data.stats["arms"].items()}
    drawing = forest_chart(arms, report_data.benchmarks)
    texts = [s.text for s in drawing.contents if hasattr(s, "text")]
    assert "no known outcome" in texts and drawing.width == 480


def test_cusum_chart_of_a_long_series_keeps_its_peaks():
    values = [0.0] * 50_000
    values[31_337] = 4.2
    points = _downsample(values, limit=1000)
    assert len(points) == 1000 and (31_337, 4.2) in points
    entry = {"values": values, "threshold": 3.0, "signals": [31_337]}
    assert cusum_chart(entry).height == 150


def test_pdf_text_is_the_same_for_the_same_data_apart_from_the_time(demo, tmp_path, ctx, pdf,
                                                                    report_data):
    """`report_data` and its PDF (`pdf`) were gathered from another copy of the demo at ctx.now."""
    from datetime import datetime
    first = report_data
    second = build_report_data(demo, ctx.full_month, ["chang2018", "chen2019"],
                               now=datetime(2025, 7, 2, 17, 5))
    a = pages_text(pdf)
    b = pages_text(write_report_pdf(second, tmp_path / "b.pdf"))

    def without_time(pages):
        return [re.sub(r"Generated \d{4}-\d\d-\d\d \d\d:\d\d", "Generated <time>", p) for p in pages]
    assert a != b
    assert without_time(a) == without_time(b)
    assert first.fingerprint == second.fingerprint
