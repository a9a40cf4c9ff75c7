"""Limb and coronary statistics: the territories' own breakdowns, benchmarks and trend.

Public functions: compute_territory_stats(registry, flt, benchmark_ids, by=, as_of=) (the
output shape is in engine.py's docstring), territory_case_ids (the cases behind one rate),
territories_in_use (cases per territory) and territory_filter. They are imported on first use,
so that reading one module of the package (e.g. text.py) does not load the engine and the
database. The measures they compute are defined in statistics/territory_measures.
"""
__all__ = ["compute_territory_stats", "territories_in_use", "territory_case_ids",
           "territory_filter"]


def __getattr__(name: str):
    if name in __all__:
        from . import engine
        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
