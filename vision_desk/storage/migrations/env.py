"""Alembic's environment, run from code on the program's own connection.

``vision_desk.storage.migrate`` opens the transaction and passes the connection in;
every revision runs inside that one transaction, so an upgrade is all or nothing.
"""

from alembic import context

from vision_desk.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
