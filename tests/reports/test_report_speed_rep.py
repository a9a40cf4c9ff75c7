"""The month's report's speed tricks give what the plain way gives (round seven)."""
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from registry_app.services.cases.editing import create_case as save
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.reports.data import month_and_rolling_process
from registry_app.services.statistics.process import load_process_cases, process_section
from registry_app.services.statistics.process_counts import month_and_rolling_counts
from registry_app.storage.mapping import DERIVED_SETTINGS_KEY, STALE, set_meta

ROLLING = [
    (CaseFilter(date_from=date(2024, 7, 1), date_to=date(2025, 6, 30), territory="cerebral"),
     date(2025, 6, 1)),
    (CaseFilter(date_from=date(2024, 3, 1), date_to=date(2025, 2, 28), territory="cerebral"),
     date(2025, 2, 1)),
    (CaseFilter(date_from=date(2024, 3, 1), date_to=date(2025, 2, 28), operator="OP1"),
     date(2025, 2, 1)),
]


def _from_the_cases(registry, rolling: CaseFilter, month_from: date) -> dict:
    """The plain way: every case's values, counted in Python."""
    cases = load_process_cases(registry, rolling)
    month = [c for c in cases if c.get("procedure_date") >= month_from]
    return {"month": process_section(month), "rolling": process_section(cases)}


@pytest.mark.parametrize("rolling, month_from", ROLLING)
def test_the_counted_process_measures_equal_those_counted_case_by_case(demo, rolling,
                                                                       month_from):
    counted = month_and_rolling_counts(demo, rolling, month_from)
    assert counted is not None
    assert counted == _from_the_cases(demo, rolling, month_from)
    assert counted["rolling"]["door_to_device_90"]["rate"]["known"] > 50


def _shapes(nine: datetime) -> list[dict]:
    """Intervals one second either side of the 90- and 60-minute limits, times out of order,
    no reperfusion to 2b, no final grade after a rescue stent, sites outside CSTK-12, missing
    times (every other time on the case's own day)."""
    def at(minutes: float) -> datetime:
        return nine + timedelta(minutes=minutes)
    return [
        dict(door_time=nine, puncture_time=at(90 + 59 / 60)),
        dict(door_time=nine, puncture_time=at(91)),
        dict(door_time=nine, puncture_time=at(90)),
        dict(door_time=nine, puncture_time=at(-5)),
        dict(door_time=None),
        dict(puncture_time=nine, reperfusion_time=at(60 + 59 / 60)),
        dict(puncture_time=nine, reperfusion_time=at(61)),
        dict(puncture_time=nine, reperfusion_time=None),
        dict(final_reperfusion="1", reperfusion_time=None),
        dict(final_reperfusion=None, rescue_stent=True),
        dict(occlusion_site="M3", puncture_time=nine, reperfusion_time=at(30)),
        dict(occlusion_site="BA", final_reperfusion="3"),
        dict(occlusion_site="ICA-T", final_reperfusion="2a"),
    ]


def _edge_cases(registry, make_case) -> None:
    """Each shape once in the month (June 2025) and once before it (May)."""
    for label, day in (("J", date(2025, 6, 4)), ("M", date(2025, 5, 20))):
        shift = day - date(2025, 1, 10)  # the made case's times are on 2025-01-10
        base = {k: v + shift for k, v in make_case().values.items() if isinstance(v, datetime)}
        for number, shape in enumerate(_shapes(datetime(day.year, day.month, day.day, 9))):
            values = {**base, **shape}
            save(registry, make_case(f"E-{label}{number}", procedure_date=day, passes=[],
                                     **values),
                 query_comment="made by the process speed test")


def test_the_counts_keep_the_whole_minute_limits_and_the_unknowns(any_registry, make_case):
    _edge_cases(any_registry, make_case)
    rolling = CaseFilter(date_from=date(2025, 5, 1), date_to=date(2025, 6, 30))
    counted = month_and_rolling_counts(any_registry, rolling, date(2025, 6, 1))
    assert counted == _from_the_cases(any_registry, rolling, date(2025, 6, 1))
    door = counted["month"]["door_to_device_90"]["rate"]
    assert (door["events"], door["known"], door["unknown"]) == (11, 12, 1)
    reperfusion = counted["month"]["reperfusion_60"]["rate"]  # the M3 case is not counted
    assert (reperfusion["events"], reperfusion["known"], reperfusion["unknown"]) == (4, 10, 2)
    assert counted["rolling"]["reperfusion_60"]["rate"]["known"] == 20


def test_stale_derived_columns_are_counted_from_the_cases(demo):
    rolling, month_from = ROLLING[0]
    expected = _from_the_cases(demo, rolling, month_from)
    with demo.transaction() as session:
        set_meta(session, DERIVED_SETTINGS_KEY, STALE)
    assert month_and_rolling_counts(demo, rolling, month_from) is None
    month = replace(rolling, date_from=month_from)
    assert month_and_rolling_process(demo, month, rolling) == expected


def test_another_territory_is_counted_from_the_cases(demo):
    rolling = CaseFilter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), territory="limb")
    assert month_and_rolling_counts(demo, rolling, date(2024, 12, 1)) is None
    month = replace(rolling, date_from=date(2024, 12, 1))
    assert (month_and_rolling_process(demo, month, rolling)
            == _from_the_cases(demo, rolling, date(2024, 12, 1)))


# The report canvas's kept strings ##########################################################

def _drawn(canvas_class, path, draw) -> bytes:
    """A one-page PDF drawn by `draw(canvas)` in reportlab's invariant mode (no dates)."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    invariant, rl_config.invariant = rl_config.invariant, 1
    try:
        canvas = canvas_class(str(path), pagesize=A4, pageCompression=0)
        draw(canvas)
        canvas.showPage()
        canvas.save()
    finally:
        rl_config.invariant = invariant
    return path.read_bytes()


def _strings(canvas) -> None:
    """Repeated and new texts in two fonts and sizes, left, centred and right; escapes;
    more distinct characters than one font subset holds; spacing and render modes."""
    from registry_app.services.reports.pdf.charts import register_fonts
    font, bold = register_fonts()
    texts = ["2025-02-14", "yes", "(a) \\ b)", "≥ 2b ± 5 — ok", "", " padded ", "yes"]
    texts += [chr(code) * 2 for code in range(0x100, 0x100 + 300)]  # beyond the first subset
    y = 800.0
    for round_ in range(2):
        for index, text in enumerate(texts):
            y = 800.0 - (index % 90) * 8.5
            canvas.setFont(font if index % 3 else bold, 7 if round_ else 6.5)
            canvas.drawString(40 + round_ * 3.25, y, text)
            canvas.drawRightString(300.5, y, text)
            canvas.drawCentredString(400.125, y, text)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(30, 20, "Helvetica (a) café")
        canvas.drawString(30, 30, "spaced", charSpace=1.5)
        canvas.drawString(30, 40, "outline", mode=1)
        canvas.drawString(30, 45, "outline", mode=0)  # a render mode given, the one in use
        canvas.drawString(30, 48, "outline", mode=None, charSpace=0)  # the defaults
        canvas.drawRightString(300, 50, "word spaced text", wordSpace=2)


def test_the_report_canvas_writes_the_same_pdf_as_reportlab(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from registry_app.services.reports.pdf.strings import KeptStringsCanvas
    plain = _drawn(Canvas, tmp_path / "plain.pdf", _strings)
    kept = _drawn(KeptStringsCanvas, tmp_path / "kept.pdf", _strings)
    assert kept == plain
    assert plain.count(b" Tj") > 1800


def test_the_month_report_pdf_is_the_same_with_reportlabs_own_canvas(report_data, tmp_path,
                                                                     monkeypatch):
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from registry_app.services.reports.pdf import document
    monkeypatch.setattr(rl_config, "invariant", 1)
    document.write_report_pdf(report_data, tmp_path / "kept.pdf")
    monkeypatch.setattr(document, "KeptStringsCanvas", Canvas)
    document.write_report_pdf(report_data, tmp_path / "plain.pdf")
    kept, plain = (tmp_path / "kept.pdf").read_bytes(), (tmp_path / "plain.pdf").read_bytes()
    assert kept == plain and len(plain) > 50_000


# The kept digests' listing read as the driver's tuples ######################################

def test_the_listing_of_kept_digests_reads_what_sqlalchemy_reads(any_registry, make_case):
    from sqlalchemy import update

    from registry_app.services.reports import kept_digests
    from registry_app.services.reports.digests import window_digests
    from registry_app.services.reports.signoff import CanonicalWriter
    from registry_app.storage.schema import cases_table
    registry = any_registry
    for number in ("K-1", "K-2", "K-3"):
        save(registry, make_case(number, registry_id=f"R-{number}"),
             query_comment="made by the listing test")
    save(registry, make_case("K-4", registry_id=None), query_comment="made by the listing test")
    first, last = date(2024, 1, 1), date(2025, 12, 31)
    kept_digests.kept_window_digests(registry, first, last)  # kept for the next report
    with registry.transaction() as session:  # one case changes: its kept digest is not used
        session.execute(update(cases_table).where(cases_table.c.case_number == "K-2")
                        .values(aspects=3))
    shape = kept_digests.layout(registry, CanonicalWriter())
    statement = kept_digests._listing(registry, CaseFilter(date_from=first, date_to=last), shape)
    with registry.reading() as session:
        expected = [tuple(row) for row in session.execute(statement).all()]
        plain = kept_digests.plain_rows(session.connection().execute(statement))
    assert plain == expected and len(plain) == 4
    assert [type(value) for value in plain[0]] == [int, str, str, int, str]
    assert sum(row[4] is None for row in plain) == 1  # K-2's digest is computed again
    assert kept_digests.kept_window_digests(registry, first, last) == window_digests(
        registry, first, last)
