"""Dialogs opened from the menus and views: history, export, backups, imports, reports, settings.
(The error and reason dialogs sit beside gui/errors.py and gui/prompts.py, which open them.)"""
