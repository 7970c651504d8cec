"""Alembic environment: always runs on a connection handed over by storage.migrate.

The caller owns the transaction (and, on PostgreSQL, the advisory lock around it), so
this file only configures the context. There is no alembic.ini and no offline mode.
"""

from __future__ import annotations

from alembic import context

from storage.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "storage migrations run from code: use storage.upgrade_schema(url) or "
        "storage.open_store(url), not the alembic command line"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
