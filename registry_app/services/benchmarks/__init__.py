"""The benchmark library: shipped studies plus the department's own, read, listed and added.

One job: the published figures the registry compares itself with.

Public functions (import them from their module; this package imports nothing itself):
- library: list_benchmarks, get_benchmark, get_benchmarks, territory_benchmarks, save_benchmark,
  add_benchmark_file, benchmark_summary, library_summary;
- files: load_library, load_benchmark_file, save_user_benchmark (the TOML files).
"""
