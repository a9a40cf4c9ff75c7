"""The case editor: one case's form, its rules, drafts, saving and edit conflicts.

One job: enter and change one case. Public: case_editor.CaseEditor, case_editor.open_editor.
Inside: form, layout, side, times, passes, rules, drafts, saving, conflict.
"""
