"""Realistic synthetic cases for trying the application and for benchmarks.

One job: fill a registry with made-up but plausible cases.

Public functions: generator.fill_demo, generator.demo_cases, generator.iter_demo_cases;
territories: limb_case, coronary_case.
"""
