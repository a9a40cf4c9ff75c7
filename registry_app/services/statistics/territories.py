"""What differs per territory, in one descriptor each: label, measures, display groups, trend
set, the fields a light trend reads, breakdowns and follow-up days (cerebral, limb, coronary)."""
from __future__ import annotations

from dataclasses import dataclass

from ...domain.derived import CORONARY_FOLLOWUP_DAYS
from ...domain.vocab import TERRITORY
from .measures import CEREBRAL_MEASURES, Measure
from .metrics import OUTCOME_METRICS, TREND_METRICS
from .territory_measures import measures as other


@dataclass(frozen=True)
class Territory:
    """One territory's statistics: everything the engine, the reports and the dashboard need
    to know about it, so no list of territories is written anywhere else."""

    code: str
    label: str
    noun: str
    measures: tuple[Measure, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    """Display order: (group title, measure keys)."""
    trend: tuple[str, ...]
    """Measures shown per month or quarter."""
    failure_words: str
    """The territory's failure rule in words (domain.derived.mt_failed applies it)."""
    followup_days: int | None = None
    """Days to the outcome assessment; None: the registry's setting (90 by default)."""
    trend_fields: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    """(case fields, pass fields) the trend measures read: a long trend loads only these."""
    breakdowns: tuple = ()

    def measure(self, key: str) -> Measure:
        return next(m for m in self.measures if m.key == key)


LABELS = {c.code: c.label for c in TERRITORY}

TERRITORIES: dict[str, Territory] = {
    "cerebral": Territory(
        "cerebral", LABELS["cerebral"], "cerebral", CEREBRAL_MEASURES,
        (("Outcomes per arm", OUTCOME_METRICS),
         ("Procedure", ("mt_failure", "first_pass_effect", "modified_first_pass_effect",
                        "rescue_stent_share"))),
        TREND_METRICS, "reperfusion below the registry's threshold after the last pass"),
    "limb": Territory(
        "limb", LABELS["limb"], "limb", other.LIMB_MEASURES, other.LIMB_GROUPS,
        ("technical_success", "limb_salvage_30d"), "TIMI/TIPI flow 0-1 after the last attempt",
        trend_fields=other.LIMB_TREND_FIELDS, breakdowns=other.LIMB_BREAKDOWNS),
    "coronary": Territory(
        "coronary", LABELS["coronary"], "coronary", other.CORONARY_MEASURES,
        other.CORONARY_GROUPS, ("technical_success", "mace_30d"),
        "the stent could not be delivered", followup_days=CORONARY_FOLLOWUP_DAYS,
        trend_fields=other.CORONARY_TREND_FIELDS, breakdowns=other.CORONARY_BREAKDOWNS),
}
"""Every territory the registry records, in the order of the vocabulary."""

OTHER_TERRITORIES = tuple(code for code in TERRITORIES if code != "cerebral")
"""The territories with their own measures (limb and coronary)."""
