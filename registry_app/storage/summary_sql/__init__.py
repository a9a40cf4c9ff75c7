"""The statistics summary's SQL as each migration created it: frozen, never edited.

Migration 0004 created the summary with v0004's triggers and 0005 with v0005's (SQLite);
0010 created the PostgreSQL triggers of v0010_postgresql. The live code (storage.stats_summary,
storage.summary_postgres) must generate exactly the newest frozen SQL of its backend; a registry whose
triggers differ from the code's is read by scanning the cases instead (see summary_kept).
"""
