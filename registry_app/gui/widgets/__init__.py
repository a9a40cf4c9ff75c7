"""Small reusable widgets: field editors with 'unknown', issue labels, completeness badges."""
