"""Dialogs: reasons, history, export, about, errors (and those other modules add)."""
