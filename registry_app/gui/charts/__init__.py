"""Charts drawn with QPainter (PySide6-Essentials has no QtCharts): forest, trend, CUSUM, completeness."""
from .base import ChartWidget, Mark
from .completeness import CompletenessChart, CompletenessRow
from .cusum import CusumChart
from .forest import ForestChart, ForestLayout, ForestRow, forest_layout
from .trend import TrendChart, TrendPoint

__all__ = ["ChartWidget", "Mark", "CompletenessChart", "CompletenessRow", "CusumChart",
           "ForestChart", "ForestLayout", "ForestRow", "forest_layout", "TrendChart", "TrendPoint"]
