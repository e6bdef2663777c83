"""Alembic revisions of the console's tables (branch ``console``); see ``console.db``."""
