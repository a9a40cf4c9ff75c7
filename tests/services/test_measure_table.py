"""The measure table is the one definition of each measure: the SQL fast path, the benchmark
vocabulary, the labels and the territory lists all agree with it."""
from registry_app.domain.benchmarks import METRICS, TERRITORIES as BENCHMARK_TERRITORIES
from registry_app.domain.field_types import ALL_TERRITORIES
from registry_app.domain.settings import RegistrySettings
from registry_app.gui.views.dashboard.filters import TERRITORIES as DASHBOARD_TERRITORIES
from registry_app.services.statistics import definitions
from registry_app.services.statistics.measures import CEREBRAL_MEASURES, FOLLOWUP
from registry_app.services.statistics.metrics import (ADVERSE_METRICS, FOLLOWUP_METRICS,
                                                      METRIC_VALUES, OUTCOME_METRICS)
from registry_app.services.statistics.sections import METRIC_LABELS
from registry_app.services.statistics.territories import OTHER_TERRITORIES, TERRITORIES
from registry_app.storage.summary_tables import METRIC_VALUES as SQL_VALUES


def test_every_per_case_measure_has_its_sql_form_and_no_other():
    assert set(METRIC_VALUES) == set(SQL_VALUES)


def test_direction_and_horizon_agree_with_the_benchmark_vocabulary():
    for measure in CEREBRAL_MEASURES:
        metric = METRICS[measure.benchmark_metric]
        assert metric.adverse == measure.adverse, measure.key
        assert (measure.horizon == FOLLOWUP) == measure.key.endswith("_90d"), measure.key
    assert ADVERSE_METRICS == {m.key for m in CEREBRAL_MEASURES if m.adverse}
    assert FOLLOWUP_METRICS == {"good_outcome_90d", "excellent_outcome_90d",
                                "favourable_outcome_90d", "mortality_90d"}


def test_labels_and_definitions_come_from_the_table():
    settings = RegistrySettings(good_outcome_max_mrs=3, followup_days=180)
    words = definitions(settings)
    assert words["good_outcome_90d"].startswith("mRS 0-3 at 180 days")
    assert "within 180 days" in words["mortality_90d"]
    assert METRIC_LABELS == {m.key: m.label for m in CEREBRAL_MEASURES if m.key in OUTCOME_METRICS}


def test_one_list_of_territories():
    assert tuple(TERRITORIES) == ("cerebral", "limb", "coronary")
    assert OTHER_TERRITORIES == ("limb", "coronary")
    assert set(ALL_TERRITORIES) == set(TERRITORIES) == set(BENCHMARK_TERRITORIES)
    assert DASHBOARD_TERRITORIES == tuple((t.code, t.label) for t in TERRITORIES.values())
    assert TERRITORIES["coronary"].followup_days == 30
    for territory in TERRITORIES.values():
        keys = {m.key for m in territory.measures}
        assert set(territory.trend) <= keys
        assert {k for _, group in territory.groups for k in group} <= keys
