"""The monthly report as a PDF for the quality meeting (reportlab platypus, vector charts).

One job: lay out a ReportData as pages. Public function: document.write_report_pdf.

Assembly order: document (cover, then the parts) -> scorecard, sections, qi, territory ->
charts, charts_qi, cells, text. Parts never import document or each other's sections.
"""
