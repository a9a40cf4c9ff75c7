"""The report fingerprint covers every case shown (all territories); `verify` rechecks a PDF."""
import pytest
from sqlalchemy import text as sql

from registry_app.cli.main import main
from registry_app.services.cases.editing import find_case_id, get_case, update_case
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.fingerprint import read_inputs, verify_report
from registry_app.services.reports.monthly import generate_report
from registry_app.services.reports.signoff import month_cases, sign_off_month


MONTHS = [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 6)]


def _with_both(registry) -> str:
    """A demo month with limb and coronary cases."""
    return next(m for m in MONTHS if month_cases(registry, m, "limb")
                and month_cases(registry, m, "coronary"))


def _first(registry, month, territory):
    number = month_cases(registry, month, territory)[0].values["case_number"]
    return get_case(registry, find_case_id(registry, number))


@pytest.fixture(scope="module")
def both_report(demo_copy):
    """(month, ReportResult) of the default PDF report of a demo month with limb and coronary
    cases, written once for the module from a copy of the demo registry (tests read the PDF,
    never change it)."""
    demo = demo_copy("verify")
    try:
        month = _with_both(demo)
        return month, generate_report(demo, month, pdf=demo.path.parent / "r.pdf")
    finally:
        demo.close()


def test_editing_a_limb_case_of_the_month_changes_the_fingerprint(demo, ctx, gathered):
    month = _with_both(demo)
    before = gathered(month)  # the report data of an equal copy of the demo
    case = _first(demo, month, "limb")
    case.values["symptom_duration_h"] = (case.values.get("symptom_duration_h") or 0) + 7
    update_case(demo, case)
    after = build_report_data(demo, month)
    assert after.fingerprint != before.fingerprint
    assert after.month_fingerprint != before.month_fingerprint


def test_the_fingerprint_covers_the_as_of_date_and_the_benchmarks(gathered, ctx):
    plain = gathered(ctx.full_month)
    compared = gathered(ctx.full_month, "chang2018")
    assert plain.fingerprint != compared.fingerprint
    assert compared.verify["benchmarks"] == ["chang2018"]
    assert compared.verify["as_of"] == ctx.today.isoformat()


def test_verify_matches_then_names_the_changed_case(demo, ctx, capsys, both_report):
    month, result = both_report  # written from another copy of the demo, equal to this one
    stored = read_inputs(result.pdf)
    assert stored["fingerprint"] == result.fingerprint and stored["month"] == month
    assert verify_report(demo, result.pdf).matches
    case = _first(demo, month, "coronary")
    case.values["mi_30d"] = not case.values.get("mi_30d")
    update_case(demo, case)
    found = verify_report(demo, result.pdf)
    assert not found.matches and found.changed == [case.values["case_number"]]
    assert (found.added, found.removed, found.definitions_changed) == ([], [], False)
    demo.close()
    code = main(["--db", str(demo.path), "verify", str(result.pdf)])
    out = capsys.readouterr().out
    assert code == 8 and "no longer matches" in out and case.values["case_number"] in out


def test_verify_refuses_a_pdf_it_did_not_write(demo, tmp_path, capsys):
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    demo.close()
    code = main(["--db", str(demo.path), "verify", str(other)])
    assert code == 1 and "not a report written by registry-app" in capsys.readouterr().err


def test_an_old_cerebral_only_signoff_is_compared_as_such(demo, ctx):
    signed = sign_off_month(demo, ctx.full_month)
    assert signed.scope == "all" and signed.figures["cases"] > 0
    cerebral = build_report_data(demo, ctx.full_month).month_fingerprint  # 'all' scope
    from registry_app.services.reports.signoff import month_fingerprint
    with demo.transaction() as session:  # as migration 0006 marks sign-offs made before it
        session.execute(sql("UPDATE month_signoffs SET scope = 'cerebral', fingerprint = :f"),
                        {"f": month_fingerprint(demo, ctx.full_month, "cerebral")})
    data = build_report_data(demo, ctx.full_month)
    assert "cerebral cases only" in data.signoff_state and "unchanged since" in data.signoff_state
    assert data.month_fingerprint != cerebral


def test_a_report_whose_payload_was_compressed_at_level_9_still_verifies(demo, tmp_path, ctx,
                                                                         both_report):
    """Reports made before the payload's level was lowered (9) read back the same inputs."""
    import base64
    import json
    import zlib
    from registry_app.services.reports.fingerprint import MARK, encode
    _, result = both_report  # written from another copy of the demo, equal to this one
    inputs = read_inputs(result.pdf)
    old = MARK + base64.b64encode(zlib.compress(
        json.dumps(inputs, sort_keys=True).encode("utf-8"), 9)).decode("ascii")
    new = encode(inputs)
    assert old != new  # the level differs in the bytes, not in what they hold
    made_at_9 = tmp_path / "old.pdf"
    made_at_9.write_bytes(result.pdf.read_bytes().replace(new.encode("ascii"),
                                                          old.encode("ascii")))
    assert old.encode("ascii") in made_at_9.read_bytes()
    assert read_inputs(made_at_9) == inputs
    assert verify_report(demo, made_at_9).matches
