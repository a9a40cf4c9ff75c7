"""Numbers and words as every report output prints them (PDF, workbook, scorecard)."""


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def pct_text(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"
