"""Cases: saving, finding, listing and following up the registry's cases, with their history.

One job: every use case that reads or changes cases one at a time or as a selection.

Public functions (import them from their module; this package imports nothing itself):
- editing: create_case, update_case, save_case, get_case, find_case_id, delete_case,
  restore_case, deleted_cases, case_history, recompute_derived;
- case_filter: CaseFilter (what the coordinator asked to see, plain data);
- queries: case_ids, count_cases, first_ids, list_rows, iter_cases, load_cases;
- loading: load_month_cases, load_selected_cases, load_partial_cases (a few Core queries);
- followup: worklist, worklist_rows, worklist_counts, log_contact_attempt, record_outcome,
  mark_lost, clear_lost, contact_history;
- history: history_by_save, restore_value, settings_history;
- duplicates: possible_duplicates, duplicates_sentence; choices: procedure_date_range, operators;
- merging: merging two cases of one patient and undoing it; data_queries: open data queries;
- bulk: bulk_add_cases (fast insertion for the demo and benchmarks).
"""
