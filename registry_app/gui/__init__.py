"""The PySide6 desktop application: main window, case list, case editor and dialogs."""
