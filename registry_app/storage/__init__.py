"""Storage layer: SQLAlchemy schema, engine set-up, migrations, repository and audit trail."""
