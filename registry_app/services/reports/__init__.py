"""Monthly audit reports: the figures gathered once, written as a PDF and an Excel workbook.

One job: everything the monthly quality meeting reads, and its sign-off.

Public functions (import them from their module; this package imports nothing itself, so that
reading a report's data does not load reportlab or openpyxl):
- monthly: generate_report, check_target, ReportResult (writes the files safely);
- data: build_report_data, ReportData (everything a report shows, for both files);
- signoff: sign_off_month, month_status, list_signoffs, parse_month;
- fingerprint: verify_report, encode (what a report showed, checkable later);
- inside: lists, queries (open data queries as rows), scorecard, territory, funnel, wording
  (percentages and capitals as printed);
  pdf/ (reportlab) and xlsx/ (openpyxl) write the two files.
"""
