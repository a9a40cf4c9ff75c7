"""Importing spreadsheets: map columns, check every row, keep good rows, explain every rejected one.

One job: turn a legacy .csv / .xlsx file into registry cases, or say exactly why a row cannot be.

Public functions (import them from their module; this package imports nothing itself):
- file_import: analyse, import_file, NotImportable; report: ImportReport (what an import did);
- preview: preview_import, ImportPreview (what an import would do, for the wizard);
- options: ImportOptions; layouts: suggest_mapping, save_layout, load_layout;
- inside: rows (rows to candidate cases), checks (against stored, deleted and signed-off cases),
  dates, synonyms, rejects (the rejects file), writing (the bulk insert / update);
- a big file (part_sizes.read_in_parts): in_parts (staged on disk, checked by checking's
  steps and written part by part in one transaction), staged_parts (which part each row is
  in), staged_duplicates and staged_rejects (what is kept across parts, on disk).
"""
