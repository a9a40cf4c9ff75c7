"""The dashboard tab: the registry's figures for a chosen period, filter and territory.

One job: show the statistics engine's figures as tables and charts. Public: DashboardView.
Inside: view (the tab), filters, periods, picker, rates, charts, benchmarks, territory,
territory_rates.
"""
from .view import DashboardView

__all__ = ["DashboardView"]
