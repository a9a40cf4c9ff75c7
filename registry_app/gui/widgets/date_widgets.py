"""Date and date-time inputs where 'unknown' (empty) is allowed, with a calendar to pick from."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from ...domain.field_types import FieldDef
from .field_widgets import UNKNOWN, TextFieldEditor


class DateFieldEditor(TextFieldEditor):
    """YYYY-MM-DD (other common forms are understood and tidied); empty is unknown."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fd, parent)
        self.edit.setPlaceholderText(f"YYYY-MM-DD or {UNKNOWN}")
        self.pick = QToolButton()
        self.pick.setText("…")
        self.pick.setToolTip("Pick the date from a calendar")
        self.pick.clicked.connect(self.show_calendar)
        self._layout.addWidget(self.pick)
        self.calendar: QCalendarWidget | None = None
        self._menu: QMenu | None = None

    def show_calendar(self) -> None:
        """Pop up a calendar under the button (built on first use: calendars are heavy)."""
        if self._menu is None:
            self._menu, self.calendar = QMenu(self), QCalendarWidget()
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
            self.calendar.clicked.connect(self._picked)
        current = self.value()
        chosen = QDate(current.year, current.month, current.day) if current else None
        self.calendar.setSelectedDate(chosen or QDate.currentDate())
        self._menu.popup(self.pick.mapToGlobal(self.pick.rect().bottomLeft()))

    def _picked(self, day: QDate) -> None:
        self.choose(day.toPython())
        self._menu.close()

    def choose(self, day: date) -> None:
        self.set_value(day)


class DateTimeFieldEditor(TextFieldEditor):
    """YYYY-MM-DD HH:MM; a time alone (HH:MM) is taken on the procedure date."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None,
                 default_day: Callable[[], date | None] | None = None) -> None:
        super().__init__(fd, parent)
        self.default_day = default_day
        self.edit.setPlaceholderText(f"YYYY-MM-DD HH:MM, HH:MM or {UNKNOWN}")

    def text(self) -> str:
        raw = self.edit.text().strip()
        day = self.default_day() if self.default_day else None
        if day is not None and looks_like_time(raw):
            return f"{day.isoformat()} {raw.zfill(5)}"
        return raw

    def value(self) -> Any:
        return self.parsed()[0]


def looks_like_time(text: str) -> bool:
    parts = text.split(":")
    return len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[1]) == 2 \
        and 0 <= int(parts[0]) < 24 and 0 <= int(parts[1]) < 60

