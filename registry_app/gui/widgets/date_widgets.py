"""Date and date-time inputs where 'unknown' (empty) is allowed, with a calendar to pick from."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCalendarWidget, QLabel, QMenu, QToolButton, QWidget,
                               QWidgetAction)

from ...domain.clock_times import read_clock
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
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one tab stop per date
        self._layout.addWidget(self.pick)
        self.calendar: QCalendarWidget | None = None
        self._menu: QMenu | None = None

    def show_calendar(self) -> None:
        """Pop up a calendar under the button (built on first use: calendars are heavy)."""
        if self._menu is None or self.calendar is None:
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
        self.choose(date(day.year(), day.month(), day.day()))
        if self._menu is not None:
            self._menu.close()

    def choose(self, day: date) -> None:
        self.set_value(day)


class DateTimeFieldEditor(TextFieldEditor):
    """YYYY-MM-DD HH:MM, or a time alone (HH:MM) that belongs to the procedure date: the form
    places it (``place``), the day it went on is shown beside it and follows the date."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None,
                 default_day: Callable[[], date | None] | None = None) -> None:
        super().__init__(fd, parent)
        self.default_day = default_day
        self.placed: datetime | None = None
        self.edit.setPlaceholderText(f"HH:MM, YYYY-MM-DD HH:MM or {UNKNOWN}")
        self.day_note = QLabel()
        self.day_note.setStyleSheet("color: #555;")
        self._layout.addWidget(self.day_note)

    def clock(self) -> time | None:
        """The time of day when only a time was typed."""
        return read_clock(self.edit.text())

    def parsed(self) -> tuple[Any, str | None]:
        clock, day = self.clock(), self.default_day() if self.default_day else None
        if clock is not None and self.placed is not None:
            return self.placed, None
        if clock is not None and day is not None:
            return datetime.combine(day, clock), None
        return super().parsed()

    def place(self, when: datetime | None) -> None:
        """Where the form put a bare time (None when a full date-time was typed)."""
        self.placed = when if self.clock() is not None else None
        day = self.default_day() if self.default_day else None
        note = ""
        if self.placed is not None:
            shift = (self.placed.date() - day).days if day else 0
            note = self.placed.date().isoformat() + {1: " (next day)", -1: " (day before)"}.get(
                shift, "")
        self.day_note.setText(note)

    def tidy(self) -> None:
        clock = self.clock()
        if clock is not None:
            if self.edit.text() != f"{clock:%H:%M}":
                self.set_text(f"{clock:%H:%M}")
            return
        super().tidy()


def looks_like_time(text: str) -> bool:
    return read_clock(text) is not None
