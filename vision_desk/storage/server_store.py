"""A team desk's store: a PostgreSQL database, through SQLAlchemy and psycopg 3.

The same tables and the same migrations as the officer's SQLite file, and the same
way in for the services (``read``, ``write``, ``snapshot``). What a file has and a
server does not (a header, a journal, backups beside it) is the file store's own;
the server's backups are the ministry's (``pg_dump``), and its passwords libpq's
(a service file, ``.pgpass``, peer or certificate authentication): Vision Desk
never stores one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from vision_desk.errors import StoreError
from vision_desk.storage import migrate, server_notify
from vision_desk.storage.plain_sql import ServerConnection
from vision_desk.storage.server_errors import describe_server_error, is_server_failure
from vision_desk.storage.store import Rehearsal, Rehearsed, Store, Transaction

DRIVER = "postgresql+psycopg"
# A server that does not answer is said to be unreachable after this long, rather
# than leaving the officer's window or command waiting on the network.
CONNECT_TIMEOUT_S = 5


def server_url(text_url: str) -> URL:
    """The SQLAlchemy URL of a server given as ``postgresql://…`` (or with the
    ``+psycopg`` driver already named). Anything else is refused in one sentence."""
    try:
        url = make_url(text_url.strip())
    except ArgumentError:
        raise StoreError(
            f"'{shown(text_url)}' is not a server address; "
            "give one like postgresql://host/database."
        ) from None
    if url.get_backend_name() != "postgresql":
        raise StoreError(
            f"'{shown(text_url)}' is not a PostgreSQL address; "
            "give one like postgresql://host/database."
        )
    return url.set(drivername=DRIVER)


# Query parameters that carry a secret: never printed, shown or kept.
SECRET_PARAMETERS = ("password", "sslpassword")


def printable(url: URL) -> str:
    """An address as it may be printed: no password, in the user part or the query."""
    return (
        url.difference_update_query(SECRET_PARAMETERS)
        .set(drivername="postgresql")
        .render_as_string(hide_password=True)
    )


def shown(text_url: str) -> str:
    """An address as it may be printed: never with a password in it."""
    try:
        return printable(make_url(text_url.strip()))
    except ArgumentError:
        return "the address given"


JIT_OFF = "-c jit=off"


def connection_arguments() -> dict[str, object]:
    """What every connection to a desk is opened with, the listener's too."""
    return {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "vision-desk",
        # A network that goes silent (a VPN down, a laptop waking) is noticed in
        # seconds, not after TCP's quarter of an hour: the desk says so and waits.
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": 15_000,
        # No JIT: a desk's reads are short and many; compiling the board's query
        # (its cost is over jit_above_cost at 5,000 clauses) took more server CPU
        # than running it (about 25 ms a board, measured by bench_server.py).
        "options": JIT_OFF,
    }


def make_server_engine(url: URL, read_only: bool = False) -> Engine:
    """With ``read_only`` every transaction is read-only by the server's own rule
    (``default_transaction_read_only``): a writer's statement is refused there."""
    connect_args = connection_arguments()
    if read_only:
        connect_args["options"] = f"{JIT_OFF} -c default_transaction_read_only=on"
    return create_engine(
        url,
        hide_parameters=True,  # parameters are note text: never in logs or errors
        pool_pre_ping=True,  # a connection the server dropped is replaced, not used
        connect_args=connect_args,
    )


class ServerStore:
    """An open server desk. As the file store, one short session per action."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        # As the officer writes it: without the driver SQLAlchemy is told to use.
        self.where = printable(url)
        self.rehearsal = Rehearsal()

    @classmethod
    def open(cls, text_url: str, read_only: bool = False) -> ServerStore:
        """Connect to a desk database that ``server init`` made; one at an older
        schema is upgraded by ``server migrate``, never silently here."""
        url = server_url(text_url)
        engine = make_server_engine(url, read_only)
        store = cls(url, engine)
        try:
            with store.translated(), engine.connect() as connection:
                revision = migrate.stored_revision(connection)
        except BaseException:
            engine.dispose()
            raise
        problem = schema_problem(revision, store.where)
        if problem is not None:
            engine.dispose()
            raise StoreError(problem)
        return store

    def close(self) -> None:
        self.engine.dispose()

    def integrity_problems(self) -> list[str]:
        """The server keeps its own pages; a desk that answers is whole."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError as error:
            return [describe_server_error(self.where, error)]
        return []

    def checkpoint(self) -> bool:
        """Nothing to move: the server writes its own journal."""
        return True

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        with self.translated(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        with (
            self.translated(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            if self.rehearsal.on:
                session.flush()  # every statement sent, then none of it kept
                raise Rehearsed
            # Every open desk hears of it when it commits, and not if it rolls back.
            session.execute(text(server_notify.NOTIFY))

    @contextmanager
    def snapshot(self) -> Iterator[ServerConnection]:
        """A plain connection in one read transaction, for the reads a key makes.
        Its statements all see one moment (REPEATABLE READ): a count and the page
        it counts agree even while other officers commit. READ ONLY: it cannot write."""
        import psycopg

        with self.translated():
            pooled = self.engine.raw_connection()
            try:
                connection = cast("psycopg.Connection[Any]", pooled.driver_connection)
                # Set on the connection for the transaction it begins (psycopg's
                # BEGIN carries them: no extra round trip), and set back before it
                # returns to the pool, where other work expects the defaults.
                connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                connection.read_only = True
                try:
                    yield ServerConnection(connection)
                finally:
                    try:
                        connection.rollback()  # it only read
                        connection.isolation_level = None
                        connection.read_only = None
                    except psycopg.Error:
                        # Lost midway, it may keep the snapshot's settings: never reused.
                        pooled.invalidate()
                        raise
            finally:
                pooled.close()

    def change_listener(self, heard: Callable[[], None]) -> server_notify.ChangeListener:
        """A listener, not yet started, that calls ``heard`` from its own thread when
        a change commits on this desk (``server_notify``)."""
        import psycopg

        _arguments, options = self.engine.dialect.create_connect_args(self.url)

        def connect() -> server_notify.PlainServerConnection:
            named = {
                **options,
                **connection_arguments(),
                "application_name": server_notify.LISTENER_NAME,
            }
            # Autocommit: LISTEN takes effect at once, and no transaction stays open.
            return psycopg.connect(**named, autocommit=True)

        return server_notify.ChangeListener(connect, heard)

    @contextmanager
    def translated(self) -> Iterator[None]:
        """A server's failure inside the block as a ``StoreError`` in one sentence; a
        fault in our own SQL stays the bug it is."""
        import psycopg

        try:
            yield
        except DBAPIError as error:
            if not is_server_failure(error):
                raise
            raise StoreError(describe_server_error(self.where, error)) from None
        except psycopg.Error as error:
            # The same failures met on a plain connection (``snapshot``).
            wrapped = DBAPIError(None, None, error)
            if not (isinstance(error, psycopg.OperationalError) or is_server_failure(wrapped)):
                raise
            raise StoreError(describe_server_error(self.where, wrapped)) from None


def schema_problem(revision: str | None, where: str) -> str | None:
    """Why a desk database cannot be used as it is, in one sentence; None if it can."""
    if revision == migrate.HEAD_REVISION:
        return None
    if revision is None:
        return (
            f"The server database {where} holds no Vision Desk desk yet; "
            "make one with 'vision-desk server init URL'."
        )
    if revision not in migrate.known_revisions():
        return (
            f"The desk on {where} was made by a newer version of Vision Desk (schema "
            f"'{revision}'). It was left untouched; please use the newer Vision Desk."
        )
    return (
        f"The desk on {where} is at an older schema ('{revision}'); "
        "upgrade it with 'vision-desk server migrate URL'."
    )


# What a desk works on: the officer's file or a team's server.
AnyStore = Store | ServerStore


def create_desk(text_url: str) -> ServerStore:
    """Make the desk's tables in an empty database with the migrations the
    officer's file uses, in one transaction. A database that holds a desk already,
    at any schema, is left as it is."""
    url = server_url(text_url)
    engine = make_server_engine(url)
    store = ServerStore(url, engine)
    try:
        with store.translated():
            with engine.connect() as connection:
                revision = migrate.stored_revision(connection)
            if revision is not None:
                raise StoreError(
                    f"The server database {store.where} holds a desk already (schema "
                    f"'{revision}'); nothing was changed. 'vision-desk server migrate URL' "
                    "upgrades it."
                )
            migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return store


def upgrade_desk(text_url: str) -> tuple[str | None, str]:
    """Bring a server desk to this version's schema, in one transaction; the
    revisions before and after. A newer desk is refused as a newer file is."""
    url = server_url(text_url)
    engine = make_server_engine(url)
    store = ServerStore(url, engine)
    try:
        with store.translated():
            with engine.connect() as connection:
                before = migrate.stored_revision(connection)
            problem = schema_problem(before, store.where)
            if before is None or (problem is not None and before not in migrate.known_revisions()):
                raise StoreError(problem or "")
            if before != migrate.HEAD_REVISION:
                migrate.upgrade(engine)
    finally:
        engine.dispose()
    return before, migrate.HEAD_REVISION


def connected_role(store: ServerStore) -> str:
    """Who the server says this connection is: the name every change is signed
    with on a team desk, never one the program is told."""
    with store.engine.connect() as connection:
        return str(connection.execute(text("SELECT session_user")).scalar())


def grant_desk_role(text_url: str, login: str, desk_role: str) -> str:
    """Make the server role ``login`` an officer, reviewer or director of this desk
    (and nothing else of it); the group role it now belongs to."""
    from vision_desk.storage.server_roles import DESK_ROLES, group_role

    if desk_role not in DESK_ROLES:
        raise StoreError(f"'{desk_role}' is not a desk role; give officer, reviewer or director.")
    store = ServerStore.open(text_url)
    try:
        with store.translated(), store.engine.begin() as connection:
            can_log_in = connection.execute(
                text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :login"), {"login": login}
            ).scalar()
            if can_log_in is None:
                raise StoreError(
                    f"The server has no role named '{login}'; the database administrator "
                    "makes it first (CREATE ROLE … LOGIN)."
                )
            database = str(connection.execute(text("SELECT current_database()")).scalar())
            groups = {group_role(database, each) for each in DESK_ROLES}
            if login in groups:
                # One of them made a member of another breaks the chain officer <
                # reviewer < director the privileges follow, or is a loop the server
                # refuses in its own words.
                raise StoreError(
                    f"'{login}' is one of the desk's own group roles, not an officer's "
                    "login; nothing was changed: give the officer's own login role."
                )
            if not can_log_in:
                raise StoreError(
                    f"The server role '{login}' cannot log in, so no officer signs in "
                    "as it; nothing was changed: give the officer's own login role."
                )
            quote = connection.dialect.identifier_preparer.quote
            member = quote(login)
            for other in DESK_ROLES:
                connection.exec_driver_sql(
                    f"REVOKE {quote(group_role(database, other))} FROM {member}"
                )
            chosen = group_role(database, desk_role)
            connection.exec_driver_sql(f"GRANT {quote(chosen)} TO {member}")
    finally:
        store.close()
    return chosen
