"""The interchange format: one flat row per case by field code, written out and read back.

One job: the registry's data as files - exporting it (CSV or xlsx), its printed data dictionary,
and reading .csv / .xlsx files into plain rows for the import.

Public functions (import them from their module; this package imports nothing itself):
- rows: case_fields, attempt_fields, contact_fields, case_record, attempt_records, contact_records;
- exporting: export_registry; export_files: atomic_files, check_folder (whole files or none);
  export_stored (the full Excel export from the stored rows, written by export_native's
  rustpy-xlsxwriter; rows from stored_records), export_xlsxwriter (the fallback writer) and
  export_sheets (what the Excel writers share);
- dictionary: dictionary_entries, dictionary_json, dictionary_csv, dictionary_text;
- spreadsheets: read_tables, UnreadableFile; xlsx_reading: read_xlsx_rows (one streaming pass);
  xlsx_fast: read_plain_xlsx (calamine, for plain sheets); staged_sheets: stage_tables (the same
  sheets staged in a temporary SQLite file as they are read; sheet_staging writes them;
  xlsx_plain_stream reads their plain worksheets) and the rules both share: csv_text
  (encoding, separator), merged_cells.
"""
