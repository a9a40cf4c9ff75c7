"""The limb and coronary measures: their tables (measures.py) and the per-case values they read
(values.py), below both the territory descriptors (statistics/territories.py) and the territory
engine (statistics/territory), so neither imports the other's package to reach them."""
