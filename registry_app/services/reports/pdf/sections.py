"""The PDF report after its cover: outcomes, benchmarks, trend, CUSUM, follow-up, lists, notes."""
from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from registry_app.stats import SMALL_N
from registry_app.stats.benchmark_test import format_p
from registry_app.stats.benchmark_test import VERDICT_LABELS
from .charts import (SHORT_ARMS, arm_groups, capital, cusum_chart, followup_chart, forest_chart, month_label,
                     pct_text, plural)
from ..data import ReportData
from .cells import table
from .qi import trend
from .text import para, rate_text
from ..signoff import HIDDEN
from ...statistics.metrics import ARM_NAMES, OUTCOME_METRICS
from ...statistics.sections import DEFINITION_NAMES, METRIC_LABELS, NOT_RANDOMISED, TEST_NAMES



def _heading(text: str, room: float = 120) -> list:
    """A section heading that never stays alone at a page foot (a table follows)."""
    return [CondPageBreak(room), para(text, "h1")]


def verdict_text(entry: dict) -> str:
    """'better', 'worse', 'consistent', 'not assessable: too few to judge' or 'no known
    outcome' (the verdict of the same test as the p-value, in the measure's direction)."""
    return VERDICT_LABELS.get(entry["verdict"], entry["verdict"])


def _with_chart(text: str, *flowables) -> list:
    """A section heading kept on one page with its introduction and chart."""
    return [KeepTogether([para(text, "h1"), *flowables])]


def _no_cases(data: ReportData, what: str) -> str:
    """'No cerebral cases in November 2024: <what>.' for a month without cases."""
    return f"No {data.territory} cases in {data.period_text}: {what}."


def _bounds_text(entry: dict) -> str:
    b = entry.get("bounds")
    if not b:
        return "—"
    return (f"{pct_text(b['best_case'])} best / {pct_text(b['worst_case'])} worst"
            f" (of {b['denominator']})")


def outcomes(data: ReportData) -> list:
    arms = data.stats["arms"]
    rows = [[capital(METRIC_LABELS[m]), SHORT_ARMS[a], arms[a]["n"], rate_text(arms[a][m]),
             arms[a][m]["unknown"], _bounds_text(arms[a][m])]
            for m in OUTCOME_METRICS for a in ARM_NAMES]
    intro = ("Rates are events over cases with a known outcome (the denominator); cases with an"
             " unknown outcome are counted beside them, and the best/worst case shows the rate if"
             " every unknown outcome went one way.")
    if not data.cases:
        return _with_chart("1. Outcomes by arm", para(_no_cases(data, "no outcome to show by"
                                                                     " arm"), "body"))
    known = any(arms[a][m]["known"] for m in OUTCOME_METRICS for a in ARM_NAMES)
    chart = (forest_chart(arms, data.benchmarks) if known else
             para("No outcome of this month's cases is known yet (see the table): no chart to"
                  " draw.", "body"))
    return _with_chart("1. Outcomes by arm", para(intro, "small"), chart) + [
        Spacer(1, 6), table(("Measure", "Arm", "n", "Rate (events/known; 95% CI)", "Unknown",
                             "If unknowns were all"),
              rows, (2.1, 1.3, 0.6, 3.2, 1.3, 2.9))]


def _benchmark_rows(section: dict) -> list[list]:
    rows = []
    for entries in section["by_arm"].values():
        for e in entries.values():
            p = format_p(e["p_value"]) if e["p_value"] is not None else "no test"
            holm = format_p(e["p_holm"]) if e.get("p_holm") is not None else "—"
            rows.append([e["metric_label"], e["arm_label"], rate_text(e["center"]),
                         _published(e), p, holm, verdict_text(e)])
    return rows


BENCHMARK_INTRO = (
    "How each comparison is tested: a published arm given as counts (events/total) by a"
    " two-sample test of the two counts (Fisher's exact test when an expected count is below 5,"
    " else Pearson chi-square, two-sided), with the difference and its 95% interval; a published"
    " rate without counts, or a quality threshold, by a one-sided exact binomial test in the"
    " measure's direction. The verdict comes from that test at 5%; 'Holm p' is the p-value"
    " adjusted (Holm) for the several comparisons shown together.")


def _published(entry: dict) -> str:
    """'88.9% (8/9); diff −4.4 points (95% CI …)' when counted, else the rate or threshold."""
    rate = pct_text(entry["benchmark_rate"])
    if entry.get("benchmark_threshold"):
        return f"threshold {rate}"
    if entry.get("benchmark_events") is None or not entry.get("benchmark_total"):
        return rate
    text = f"{rate} ({entry['benchmark_events']}/{entry['benchmark_total']})"
    ci = entry.get("difference_ci95")
    if entry.get("difference") is not None and ci:
        text += (f"; difference {100 * entry['difference']:+.1f} points"
                 f" (95% CI {100 * ci[0]:+.1f} to {100 * ci[1]:+.1f})")
    return text


def benchmarks(data: ReportData) -> list:
    story = _heading("2. Compared with published benchmarks", room=230)
    if not data.benchmarks:
        return story + [para("No benchmark was selected for this report and the registry settings"
                             " name no default benchmark.", "small")]
    story.append(para(BENCHMARK_INTRO, "small"))
    for section in data.benchmarks:
        story += [CondPageBreak(110),
                  para(f"{section['label']} — {section['design_label']}", "h2"),
                  para(section["citation"], "small"),
                  table(("Measure", "Arm", "Centre", "Published", "p", "Holm p", "Verdict"),
                        _benchmark_rows(section), (1.7, 1.7, 2.6, 1.5, 0.9, 0.9, 1.2)),
                  Spacer(1, 3)]
        warnings = sorted({w for e in section["by_arm"].values() for m in e.values()
                           for w in m["definition_warnings"]} | set(section["warnings"]))
        story += [para(f"Definitions: {w}", "small") for w in warnings]
    return story


def comparison(data: ReportData) -> list:
    rows = []
    arms = data.stats["arms"]
    for metric, result in data.stats["comparisons"].items():
        p = format_p(result["p_value"]) if result["p_value"] is not None else "—"
        rows.append([capital(METRIC_LABELS[metric]), rate_text(arms["rescue_stent"][metric]),
                     rate_text(arms["no_stent"][metric]),
                     TEST_NAMES.get(result["test"], "No test"), p, result["reason"]])
    return _heading("3. Rescue stent vs no stent after failed MT") + [
        table(("Measure", "Rescue stent", "No stent", "Test", "p", "Why this test"), rows,
              (1.6, 2.3, 2.3, 1.4, 1.1, 2.4)),
        Spacer(1, 4), para(NOT_RANDOMISED, "small")]


def _cusum_block(metric: str, entry: dict) -> list:
    title = para(f"CUSUM: {METRIC_LABELS[metric]}", "h2")
    if not entry.get("available"):
        return [title, para(entry["reason"], "small")]
    mature = (" Only mature cases: those whose 90-day outcome is not yet due are left out."
              if entry.get("only_mature") else "")
    text = (f"{plural(entry['n'], 'case')} with known outcome in the arm"
            f" '{SHORT_ARMS[entry['arm']]}', against {entry['benchmark_label']}"
            f" {pct_text(entry['p0'])}; the score rises with each adverse outcome, falls with"
            f" each other outcome and signals when it reaches the threshold h ="
            f" {entry['threshold']:.2f} (set to detect a {entry['odds_ratio']:g}-fold rise in the"
            f" odds, about a 5% false-alarm risk over the series)."
            f" {capital(plural(entry['unknown_excluded'], 'case'))} with unknown outcome"
            f" {'is' if entry['unknown_excluded'] == 1 else 'are'} left out.{mature}")
    signals = "; ".join(f"{c['registry_id']} / {c['case_number']} ({c['procedure_date']})"
                        for c in entry["signal_cases"])
    verdict = (f"SIGNAL at {signals}: review these cases." if signals else "No signal.")
    notes = [para(w, "small") for w in entry.get("definition_warnings") or []]
    return [title, para(text, "small"), cusum_chart(entry),
            para(verdict, "signal" if signals else "body")] + notes


def cusum(data: ReportData) -> list:
    heading = (f"5. CUSUM monitoring ({month_label(data.trend[0]['period'])} to"
               f" {month_label(data.trend[-1]['period'])})")
    story: list[Any] = []
    for metric, entry in data.cusum.items():
        block = _cusum_block(metric, entry)
        story += _with_chart(heading, *block) if not story else [KeepTogether(block)]
    return story


def _followup_rows(section: dict) -> list[list]:
    return [[SHORT_ARMS[a], g["cases"], g["due"], g["complete"], g["missing"], g["not_yet_due"],
             pct_text(g["completeness"]["rate"]) if g["due"] else "—"]
            for a, g in ((a, section["arms"][a]) for a in ARM_NAMES)]


def followup(data: ReportData) -> list:
    section = data.stats["followup"]
    window = section["window"]
    counts = Counter(r["status"] for r in data.followup)
    work = (f"Worklist for procedures from {data.trend_from} to {data.period_to} (details in the"
            f" workbook): {counts['due']} due now, {counts['overdue']} overdue,"
            f" {counts['missing']} missing (lost to follow-up).")
    recan = section["by_recanalization"]
    loss = (f"{section['note']} This month: {_completeness(recan['recanalized'])} after"
            f" recanalization vs {_completeness(recan['not_recanalized'])} after failed"
            " recanalization.")
    intro = para(f"90-day assessment window: {window['days']} ± {window['plus_minus']} days.",
                 "small")
    if not data.cases:
        return _with_chart("6. Follow-up completeness", intro, para(
            _no_cases(data, "no follow-up to show"), "body"), para(work, "small"))
    groups = arm_groups(section)
    chart = (followup_chart(groups) if any(g["due"] for _, g in groups) else para(
        f"No case of {data.period_text} is due for its 90-day follow-up yet"
        f" ({plural(section['arms']['all_mt']['not_yet_due'], 'case')} not yet due): no"
        " completeness to draw.", "body"))
    return _with_chart("6. Follow-up completeness", intro, chart) + [Spacer(1, 4),
        table(("Arm", "Cases", "Due", "Complete", "Missing", "Not yet due", "Completeness"),
              _followup_rows(section), (2, 1, 1, 1, 1, 1, 1.3)),
        Spacer(1, 4), para(loss, "small"),
        table(("Arm", "Measure", "Rate among known outcomes", "Unknown", "Best case",
               "Worst case"), _bounds_rows(data.stats["arms"]), (1.2, 2.0, 2.2, 0.9, 1.0, 1.0)),
        Spacer(1, 4), para(work, "small")]


def _bounds_rows(arms: dict) -> list[list]:
    """Each arm's 90-day outcomes with the rates if every unknown went one way."""
    rows = []
    for arm in ARM_NAMES:
        for metric in ("good_outcome_90d", "mortality_90d"):
            entry, bounds = arms[arm][metric], arms[arm][metric].get("bounds") or {}
            known = (f"{pct_text(entry['rate'])} ({entry['events']}/{entry['known']})"
                     if entry["known"] else rate_text(entry))
            rows.append([SHORT_ARMS[arm], capital(METRIC_LABELS[metric]), known,
                         entry["unknown"], pct_text(bounds.get("best_case")),
                         pct_text(bounds.get("worst_case"))])
    return rows


def _completeness(group: dict) -> str:
    if not group["due"]:
        return "none due"
    rate = pct_text(group["completeness"]["rate"])
    return f"{rate} complete ({group['complete']}/{group['due']})"


def operators_text(data: ReportData) -> str:
    """How the report names operators: letters by default, names when asked for."""
    return ("operators by name (asked for)" if data.operator_names else
            "operators as letters A, B, C... (the same letter in every list and plot)")


def review(data: ReportData) -> list:
    story = _heading("7. Cases for morbidity and mortality review")
    story.append(para("Every territory, most severe first: death, sICH, failed MT without rescue,"
                      " failed MT, procedural complication (then amputation, MI, re-occlusion)."
                      " De-identified: registry ID and case number only;"
                      f" {operators_text(data)}. Mark the review status in the workbook.",
                      "small"))
    if not data.review:
        return story + [para("No case of this month meets the review criteria.", "body")]
    rows = [[f"{r['registry_id']}\n{r['case_number']}", r["procedure_date"], r["territory"],
             r["reasons"], _case_mix(r), r["operator"], r["mrs_90d"], r["review_status"]]
            for r in data.review]
    return story + [table(("Registry ID / case number", "Date", "Territory", "Reasons",
                           "Case mix", "Operator", "mRS 90d", "Review"), rows,
                          (1.6, 1.2, 1.0, 2.4, 2.0, 1.2, 0.7, 0.9))]


def _case_mix(row: dict) -> str:
    """'age 71, NIHSS 14, pre-stroke mRS 1, M1' (what is recorded)."""
    parts = [f"age {row['age']}" if row["age"] is not None else "",
             f"NIHSS {row['nihss']}" if row["nihss"] is not None else "",
             f"pre-stroke mRS {row['prestroke_mrs']}" if row["prestroke_mrs"] is not None else "",
             row["site"] or ""]
    return ", ".join(p for p in parts if p) or "not recorded"


def changes(data: ReportData) -> list:
    story = _heading("8. Cases changed after sign-off")
    if not data.changes:
        return story + [para("No case of a signed-off month was changed after its sign-off.")]
    rows = [[c["month"], c["registry_id"], c["case_number"], c["changed_at"], c["user"],
             c["field"] or c["action"], _change_text(c), c["reason"]] for c in data.changes]
    return story + [table(("Month", "Registry ID", "Case number", "Changed", "By", "Field",
                           "Change", "Reason"), rows, (0.9, 1.4, 1.5, 1.9, 0.8, 1.4, 1.8, 1.7))]


def _change_text(change: dict) -> str:
    if change["new_value"] == HIDDEN:
        return HIDDEN
    if change["action"] not in ("update", "merge", "unmerge") or not change["field"]:
        return change["action"]  # a whole-case action (delete, restore, a merge's marker)
    return f"from {change['old_value'] or '(empty)'} to {change['new_value'] or '(empty)'}"


def quality(data: ReportData) -> list:
    story = _heading("9. Data quality")
    if not data.quality:
        return (story + [para("No missing recommended field and no validation warning.", "body")]
                + open_queries(data))
    by_field = Counter((r["severity"], r["field_label"]) for r in data.quality)
    rows = [[severity, label, n] for (severity, label), n in by_field.most_common(15)]
    text = (f"{data.quality_cases} of {len(data.cases)} cases have at least one problem"
            f" ({len(data.quality)} in all); the workbook lists them case by case.")
    return (story + [para(text, "small"), table(("Severity", "Field", "Cases"), rows, (1, 3, 0.8))]
            + open_queries(data))


def open_queries(data: ReportData) -> list:
    """Consistency rules saved with a comment and not yet resolved, case by case."""
    if not data.queries:
        return [Spacer(1, 4), para("No open queries.", "small")]
    count = len(data.queries)
    text = (f"{count} open quer{'ies' if count != 1 else 'y'}: consistency rules saved as"
            " entered (e.g. copied from paper), to resolve.")
    if data.identified:
        rows = [[q["registry_id"], q["case_number"], q["rule"], q["field_label"],
                 q["comment"] or ""] for q in data.queries]
        return [Spacer(1, 4), para(text, "small"), table(
            ("Registry ID", "Case number", "Rule", "Field", "Comment"), rows, (1, 1, 2, 1.2, 2))]
    rows = [[q["registry_id"], q["rule"], q["field_label"]] for q in data.queries]
    return [Spacer(1, 4), para(text, "small"),
            table(("Registry ID", "Rule", "Field"), rows, (1, 3, 1.5))]


def arm_words(text: str) -> str:
    """The arms by their names ('Rescue stent'), not their codes ('rescue_stent')."""
    for code, name in SHORT_ARMS.items():
        text = text.replace(f"'{code}'", f"'{name}'")
    return text


def notes(data: ReportData) -> list:
    definitions = data.stats["definitions"]
    rows = [[DEFINITION_NAMES.get(k, k), arm_words(v)] for k, v in definitions.items()
            if isinstance(v, str)]
    small = (f"Small numbers: a rate with fewer than {SMALL_N} known outcomes is imprecise; its"
             " 95% confidence interval shows how much. Do not compare single months.")
    return (_heading("10. Definitions and notes") + [para(small, "small")]
            + [para(f"• {w}", "small") for w in data.warnings]
            + [Spacer(1, 4), table(("Definition", "In this registry"), rows, (1.2, 4.8))])


def sections(data: ReportData) -> list:
    parts = (outcomes, benchmarks, comparison, trend, cusum, followup, review, changes, quality,
             notes)
    return [flowable for part in parts for flowable in part(data)]
