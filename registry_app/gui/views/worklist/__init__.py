"""The follow-up tab: assessments due, in window, overdue or lost, and logging a contact.

One job: the coordinator's follow-up work. Public: WorklistView.
Inside: view (the tab), model (the table), dialogs (contact and outcome).
"""
from .view import WorklistView

__all__ = ["WorklistView"]
