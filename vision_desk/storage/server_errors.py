"""A team desk's server failures in the officer's words: which errors are the
server's refusal or failure (said in one sentence) rather than a bug of ours."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# SQLSTATE classes and codes that are the server's refusal or failure, not our bug:
# connection (08), authentication (28), no such database (3D000), read-only
# transaction (25006), permission (42501), resources (53), operator (57), system (58).
_FAILURE_CLASSES = ("08", "28", "53", "57", "58")
_FAILURE_CODES = frozenset({"3D000", "25006", "42501", "40001", "40P01", "23505", "23000"})


def is_server_failure(error: DBAPIError) -> bool:
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    state = getattr(error.orig, "sqlstate", None) or ""
    return state in _FAILURE_CODES or state.startswith(_FAILURE_CLASSES)


def describe_server_error(where: str, error: DBAPIError) -> str:
    """A server's failure in the officer's words (never with note text)."""
    original = error.orig
    state = getattr(original, "sqlstate", None) or ""
    if state.startswith("28") or _refused_sign_in(original):
        return (
            f"The server {where} refused the connection (authentication). Vision Desk "
            "stores no password: use a service file, ~/.pgpass, or the server's own sign-in."
        )
    said = str(original).lower()
    if state == "3D000" or ('database "' in said and "does not exist" in said):
        return f"The server has no database named in {where}."
    if 'role "' in said and "does not exist" in said:
        return (
            f"The server {where} has no role for the login given; the database "
            "administrator makes one for each officer (CREATE ROLE … LOGIN)."
        )
    if "pg_hba.conf" in said:
        return (
            f"The server {where} does not let this login in from this computer "
            "(pg_hba.conf); the database administrator decides who may connect from where."
        )
    if state in ("40001", "40P01", "23505", "23000"):
        # Another officer's change met this one (a round opened or closed meanwhile,
        # a seal that now applies): the server kept theirs.
        return (
            "The desk changed meanwhile (another officer's change came first); nothing "
            "was changed. Look again and try once more."
        )
    if state == "25006":
        return f"The desk on {where} was opened read-only here: nothing was changed."
    if state == "42501":
        return f"The server {where} refused the change: your role may not make it."
    if state == "53100":
        return "The server's disk is full: the change was not saved."
    return (
        f"The server {where} cannot be reached; nothing was changed. "
        "Check the address and the network, and try again."
    )


# libpq's words when the sign-in fails before the server gives a code: a failure
# to connect carries no SQLSTATE, and "cannot be reached" would send the officer
# to check the network instead of the password.
_SIGN_IN_WORDS = ("no password supplied", "password authentication failed", "authentication failed")


def _refused_sign_in(original: BaseException | None) -> bool:
    said = str(original).lower()
    return any(words in said for words in _SIGN_IN_WORDS)
