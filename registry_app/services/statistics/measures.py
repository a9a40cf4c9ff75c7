"""One definition of every measure: the Measure shape all territories share, and the cerebral
measures; labels, definitions, directions, horizons and trend sets derive from this table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ...domain import derived
from ...domain.settings import RegistrySettings

FOLLOWUP = "follow-up"
"""Horizon of an outcome known at the registry's follow-up point (default 90 days)."""


@dataclass(frozen=True)
class Measure:
    """One rate: key, label, definition in words, per-case value, horizon and direction.

    `value` gives True (event), False, None (unknown) or NA (outside the measure's
    population); it is called as value(case, settings) when `uses_settings`, else value(case).
    `horizon`: None for a measure known at the procedure, whole days, or FOLLOWUP (the
    registry's follow-up days); a case counts only once procedure date + horizon + the
    follow-up window's late margin has passed on the as-of date ('not yet due' before).
    `adverse`: a lower rate is better (decides better / worse and the best / worst bound).
    `per_arm`: shown per arm with bounds; `in_trend`: in the trend by month and quarter.
    `benchmark_metric`: the same figure's code in the benchmark files. A cerebral measure's
    fast SQL form is storage.summary_tables.METRIC_VALUES under the same key (a test holds the
    two together).
    """

    key: str
    label: str
    definition: str | Callable[[RegistrySettings], str]
    value: Callable[..., Any] | None
    adverse: bool = False
    horizon: int | str | None = None
    uses_settings: bool = False
    per_arm: bool = False
    in_trend: bool = False
    benchmark_metric: str | None = None

    def describe(self, settings: RegistrySettings) -> str:
        """The definition in words, with the registry's own settings filled in."""
        return self.definition(settings) if callable(self.definition) else self.definition

    def horizon_days(self, settings: RegistrySettings) -> int | None:
        """Days from the procedure to the outcome (None: known at the procedure)."""
        if self.horizon == FOLLOWUP:
            return settings.followup_days
        return self.horizon if isinstance(self.horizon, int) else None


def _mrs_at_most(limit: int) -> Callable:
    return lambda case, settings: derived.mrs_at_most(case, limit, settings)


def _cerebral(key: str, label: str, definition, value, **kwargs) -> Measure:
    return Measure(key, label, definition, value, uses_settings=True, **kwargs)


def _sich_words(settings: RegistrySettings) -> str:
    from ...domain.vocab import SICH_DEFINITION
    name = dict((c.code, c.label) for c in SICH_DEFINITION).get(settings.sich_definition,
                                                                 settings.sich_definition)
    return f"Symptomatic intracranial haemorrhage as recorded; registry definition: {name}"


CEREBRAL_MEASURES: tuple[Measure, ...] = (
    _cerebral("recanalization", "final recanalization (≥ 2b)",
              "Final reperfusion (after any rescue treatment) eTICI/mTICI 2b or better; after a"
              " rescue stent without a final grade it is unknown",
              lambda c, s: derived.recanalized(c), per_arm=True, in_trend=True,
              benchmark_metric="recanalization"),
    _cerebral("good_outcome_90d", "good outcome at 90 days",
              lambda s: f"{s.describe_good_outcome()}; a death within the period counts as mRS 6",
              derived.good_outcome, horizon=FOLLOWUP, per_arm=True, in_trend=True,
              benchmark_metric="good_outcome_90d"),
    _cerebral("excellent_outcome_90d", "excellent outcome at 90 days (mRS 0-1)",
              "mRS 0-1 at the follow-up point; a death within the period counts as mRS 6",
              _mrs_at_most(1), horizon=FOLLOWUP, benchmark_metric="excellent_outcome_90d"),
    _cerebral("favourable_outcome_90d", "favourable outcome at 90 days (mRS 0-3)",
              "mRS 0-3 at the follow-up point; a death within the period counts as mRS 6",
              _mrs_at_most(3), horizon=FOLLOWUP, benchmark_metric="favourable_outcome_90d"),
    _cerebral("sich", "symptomatic ICH", _sich_words, lambda c, s: c.get("sich"),
              adverse=True, per_arm=True, in_trend=True, benchmark_metric="sich"),
    _cerebral("mortality_90d", "90-day mortality",
              lambda s: (f"Death within {s.followup_days} days of the procedure: a date of death"
                         " within the period, an in-hospital death without a date, or mRS 6"
                         " without a later date of death"),
              derived.mortality_90d, horizon=FOLLOWUP, adverse=True, per_arm=True,
              in_trend=True, benchmark_metric="mortality_90d"),
    _cerebral("reocclusion", "re-occlusion", "Re-occlusion of the treated artery",
              lambda c, s: c.get("reocclusion"), adverse=True, benchmark_metric="reocclusion"),
    _cerebral("first_pass_effect", "first-pass effect (2c-3)",
              "eTICI/mTICI 2c-3 after a single pass", lambda c, s: derived.first_pass_effect(c),
              benchmark_metric="first_pass_effect"),
    _cerebral("modified_first_pass_effect", "modified first-pass effect (2b-3)",
              "eTICI/mTICI 2b-3 after a single pass",
              lambda c, s: derived.first_pass_effect(c, "2b"),
              benchmark_metric="modified_first_pass_effect"),
    _cerebral("mt_failure", "MT failure", lambda s: s.describe_mt_failure(), None, adverse=True,
              in_trend=True, benchmark_metric="mt_failure"),
    _cerebral("rescue_stent_share", "rescue stent among failed MT",
              "Among failed thrombectomies: a rescue stent recorded as placed (blank = unknown)",
              None, benchmark_metric="rescue_stent_share"),
)
"""Cerebral measures. mt_failure and rescue_stent_share have no per-case function here: they
follow the territory's failure rule (metrics.failure_values)."""

BY_KEY: dict[str, Measure] = {m.key: m for m in CEREBRAL_MEASURES}
