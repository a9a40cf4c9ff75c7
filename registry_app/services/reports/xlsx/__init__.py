"""The monthly report as an Excel workbook: typed cells, frozen headers, filters, no formulas.

One job: lay out a ReportData as sheets. Public function: workbook.write_report_xlsx.

Assembly order: workbook (the sheet list) -> summary, qi, territory, derived -> sheets (shared
helpers: typed cells, banner, list sheets) -> rows (ReportWorkbook, Column). No sheet imports
workbook.
"""
