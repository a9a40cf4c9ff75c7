"""The application's screens: case list, case editor and the views that plug into the main window."""
