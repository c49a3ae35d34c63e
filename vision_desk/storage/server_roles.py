"""A team desk's roles and signatures, kept by the server itself.

Each desk database has three group roles, named after it: ``<db>_officer``
(assess, write notes, run rounds), ``<db>_reviewer`` and ``<db>_director`` (each
with what the one before may do; the steps of sign-off are theirs, and a director
also brings in the agreements under review). An officer
logs in as their own PostgreSQL role, which ``vision-desk server grant`` makes a
member of one of them. What a role may do is granted here, table by table: a
program, or a person with plain SQL, can do no more than that.

Every row that names who did something is signed by the server with the
connection's login (``session_user``), whatever name the client sent: a trigger
sets it before the row is written.
"""

from __future__ import annotations

DESK_ROLES = ("officer", "reviewer", "director")

# The group roles, made once per database (roles belong to the whole server).
MAKE_ROLES = """
DO $$
DECLARE
    base text := current_database();
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = base || '_officer') THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', base || '_officer');
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = base || '_reviewer') THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE %I', base || '_reviewer', base || '_officer');
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = base || '_director') THEN
        EXECUTE format(
            'CREATE ROLE %I NOLOGIN IN ROLE %I', base || '_director', base || '_reviewer'
        );
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', base, base || '_officer');
    -- No temporary tables: one named like a desk table could stand in for it.
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', base);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', base || '_officer');
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', base || '_officer');
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', base || '_officer');
    -- What an officer's work writes: statuses, notes and their history, the undo
    -- stack, rounds and their assessments, review cadences, the desk's settings.
    EXECUTE format('GRANT INSERT ON clause_states, notes, operations, settings, '
                   'clause_schedules, rounds, round_assessments TO %I', base || '_officer');
    -- Updates name their columns: never a note's author, an action's officer or
    -- who opened a round (the names the sign triggers wrote stay as written).
    EXECUTE format('GRANT UPDATE (status, changed_at, changed_by) ON clause_states TO %I',
                   base || '_officer');
    EXECUTE format('GRANT UPDATE (text, edited_at, removed, removed_at) ON notes TO %I',
                   base || '_officer');
    EXECUTE format('GRANT UPDATE (state, payload) ON operations TO %I', base || '_officer');
    EXECUTE format('GRANT UPDATE (value) ON settings TO %I', base || '_officer');
    EXECUTE format('GRANT UPDATE (cadence_days) ON clause_schedules TO %I', base || '_officer');
    EXECUTE format('GRANT UPDATE (closed_at, closed_by, content_hash) ON rounds TO %I',
                   base || '_officer');
    EXECUTE format('GRANT UPDATE (status, note_id, assessed_at, assessed_by) '
                   'ON round_assessments TO %I', base || '_officer');
    EXECUTE format('GRANT INSERT ON changes, round_records TO %I', base || '_officer');
    -- A deleted note's earlier wordings are scrubbed with it; an undone assessment
    -- leaves the open round (a closed round's refuse, by their own triggers).
    EXECUTE format('GRANT INSERT, DELETE ON note_revisions, round_assessments TO %I',
                   base || '_officer');
    -- A clause's own review cadence, set back to its kind's.
    EXECUTE format('GRANT DELETE ON clause_schedules TO %I', base || '_officer');
    -- The agreements under review are the director's to bring in.
    EXECUTE format('GRANT INSERT ON agreements, clauses TO %I', base || '_director');
END
$$
"""

SIGN = """
CREATE FUNCTION vision_desk_sign() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- TG_ARGV: the columns that name who acted; each is set to the login.
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[i], session_user));
    END LOOP;
    RETURN NEW;
END
$$
"""

# (table, when, columns): on insert every name column; on update only those that
# name the last to act (a note's author stays the one who wrote it).
SIGNED = (
    ("agreements", "INSERT", ("imported_by",)),
    ("clause_states", "INSERT OR UPDATE", ("changed_by",)),
    ("notes", "INSERT", ("author",)),
    ("note_revisions", "INSERT", ("replaced_by",)),
    ("changes", "INSERT", ("author",)),
    ("operations", "INSERT", ("author",)),
    ("rounds", "INSERT", ("opened_by",)),
    ("round_assessments", "INSERT OR UPDATE", ("assessed_by",)),
)


def _sign_trigger(table: str, when: str, columns: tuple[str, ...]) -> str:
    arguments = ", ".join(f"'{column}'" for column in columns)
    return (
        f"CREATE TRIGGER {table}_signed BEFORE {when} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION vision_desk_sign({arguments})"
    )


# A round is closed by whoever closes it: signed when it closes.
SIGN_CLOSING = (
    "CREATE TRIGGER rounds_closing_signed BEFORE UPDATE ON rounds FOR EACH ROW "
    "WHEN (NEW.closed_at IS NOT NULL AND OLD.closed_at IS NULL) "
    "EXECUTE FUNCTION vision_desk_sign('closed_by')"
)

INSTALL = (SIGN, *(_sign_trigger(*signed) for signed in SIGNED), SIGN_CLOSING, MAKE_ROLES)
UNINSTALL = (
    "DROP TRIGGER rounds_closing_signed ON rounds",
    *(f"DROP TRIGGER {table}_signed ON {table}" for table, _when, _columns in SIGNED),
    "DROP FUNCTION vision_desk_sign()",
)


def group_role(database: str, desk_role: str) -> str:
    """The group role of ``desk_role`` in ``database`` (as MAKE_ROLES names it)."""
    if desk_role not in DESK_ROLES:
        raise ValueError(desk_role)
    return f"{database}_{desk_role}"


# Revision 0005: the versions' columns, which an officer's changes move on.
GRANT_VERSIONS = """
DO $$
BEGIN
    EXECUTE format('GRANT UPDATE (version) ON clause_states, notes TO %I',
                   current_database() || '_officer');
END
$$
"""
