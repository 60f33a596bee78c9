"""Alembic's environment: runs on the connection `migrations.upgrade` passes in (no alembic.ini).
The models are read only to write a new revision (`python -m migrations.revise "message"`)."""

from alembic import context

connection = context.config.attributes["connection"]
target_metadata = None
if context.config.attributes.get("autogenerate"):
    import accounts.models  # noqa: F401 - staff accounts' tables
    from handoff.models import Base  # the knowledge base's and the advisor desk's tables

    target_metadata = Base.metadata
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
