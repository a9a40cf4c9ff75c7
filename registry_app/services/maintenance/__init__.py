"""Keeping a registry safe: backups, restore, the integrity check and the log file.

One job: the registry's care rather than its contents.

Public functions (import them from their module; this package imports nothing itself):
- backups: open_with_backup, backup_before, backup_if_changed, backup_to, list_backups,
  check_backup, restore_backup, restore_file;
- registry_check: check_registry, rebuild_summary;
- restore_audit: record_restore (the replaced registry's audit trail kept beside it);
- logfile: write_exception, safe_text, safe_traceback (never a value from the database).
"""
