"""What the database itself refuses about sign-off (revision 0006), on both databases.

A step of sign-off (``round_signoffs``) is written once and never changed or
removed. It may only be taken on a closed (submitted) round, must name the round's
content hash, comes in order (reviewed, then approved), and nothing follows an
approval: the approved round is sealed.

On a team desk's server the identity rules are the server's too: nobody signs off
their own submission (the login is compared with the one that closed the round),
only a director approves, and only a reviewer's group may write a step at all
(``GRANTS``). The officer's own file has one officer in every role, so there these
two rules do not apply. The messages are the same words on both databases.
"""

from __future__ import annotations

CHANGED = "a sign-off cannot change"
OPEN = "only a closed round is signed off"
HASH = "a sign-off names the content hash of its round"
SEALED = "an approved round is sealed"
ORDER = "a round is reviewed before it is approved"
OWN = "nobody signs off their own submission"
DIRECTOR = "only a director approves a round"
REVIEWER = "only a reviewer or a director signs off a round"

_REFUSE = "BEGIN SELECT RAISE(ABORT, '{message}'); END"
_ROUND = "(SELECT {column} FROM rounds WHERE id = NEW.round_id)"
_HAS_STEP = (
    "EXISTS (SELECT 1 FROM round_signoffs WHERE round_id = NEW.round_id AND step = '{step}')"
)

SQLITE = (
    "CREATE TRIGGER round_signoffs_no_update BEFORE UPDATE ON round_signoffs "
    + _REFUSE.format(message=CHANGED),
    "CREATE TRIGGER round_signoffs_no_delete BEFORE DELETE ON round_signoffs "
    + _REFUSE.format(message=CHANGED),
    "CREATE TRIGGER round_signoffs_checked BEFORE INSERT ON round_signoffs BEGIN SELECT CASE "
    f"WHEN {_ROUND.format(column='closed_at')} IS NULL THEN RAISE(ABORT, '{OPEN}') "
    f"WHEN NEW.content_hash IS NOT {_ROUND.format(column='content_hash')} "
    f"THEN RAISE(ABORT, '{HASH}') "
    f"WHEN {_HAS_STEP.format(step='approved')} THEN RAISE(ABORT, '{SEALED}') "
    f"WHEN NEW.step = 'approved' AND NOT {_HAS_STEP.format(step='reviewed')} "
    f"THEN RAISE(ABORT, '{ORDER}') "
    "END; END",
)
SQLITE_TRIGGERS = tuple(statement.split()[2] for statement in SQLITE)

# The messages are this module's constants, never input.
CHECK = f"""
CREATE FUNCTION vision_desk_check_signoff() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    signed public.rounds%ROWTYPE;
BEGIN
    -- Names resolve in pg_catalog alone (server_checks): nothing an officer made in
    -- public can stand in for an operator or a function here.
    SELECT * INTO signed FROM public.rounds WHERE id = NEW.round_id;
    IF signed.closed_at IS NULL OR signed.closed_by IS NULL THEN
        RAISE EXCEPTION '{OPEN}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.content_hash::text IS DISTINCT FROM signed.content_hash::text THEN
        RAISE EXCEPTION '{HASH}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.round_signoffs
               WHERE round_id = NEW.round_id AND step::text = 'approved') THEN
        RAISE EXCEPTION '{SEALED}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.step::text = 'approved' AND NOT EXISTS (
        SELECT 1 FROM public.round_signoffs
        WHERE round_id = NEW.round_id AND step::text = 'reviewed'
    ) THEN
        RAISE EXCEPTION '{ORDER}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- The login, not the name the client sent.
    IF session_user::text = signed.closed_by::text THEN
        RAISE EXCEPTION '{OWN}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT pg_has_role(session_user, current_database() || '_reviewer', 'MEMBER') THEN
        RAISE EXCEPTION '{REVIEWER}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.step::text = 'approved'
       AND NOT pg_has_role(session_user, current_database() || '_director', 'MEMBER') THEN
        RAISE EXCEPTION '{DIRECTOR}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Who and when are the server's: its login and its own clock, in the store's
    -- form of a time (UTC, microseconds); and the step was checked here.
    NEW.signed_by := session_user;
    NEW.signed_at := to_char(clock_timestamp() AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
    NEW.checked_by_server := true;
    RETURN NEW;
END
$$
"""  # noqa: S608

SERVER = (
    CHECK,
    "CREATE TRIGGER round_signoffs_checked BEFORE INSERT ON round_signoffs "
    "FOR EACH ROW EXECUTE FUNCTION vision_desk_check_signoff()",
    "CREATE TRIGGER round_signoffs_signed BEFORE INSERT ON round_signoffs "
    "FOR EACH ROW EXECUTE FUNCTION vision_desk_sign('signed_by')",
    "CREATE TRIGGER round_signoffs_no_update BEFORE UPDATE ON round_signoffs "
    f"FOR EACH ROW EXECUTE FUNCTION vision_desk_refuse('{CHANGED}')",
    "CREATE TRIGGER round_signoffs_no_delete BEFORE DELETE ON round_signoffs "
    f"FOR EACH ROW EXECUTE FUNCTION vision_desk_refuse('{CHANGED}')",
    "CREATE TRIGGER round_signoffs_no_truncate BEFORE TRUNCATE ON round_signoffs "
    f"FOR EACH STATEMENT EXECUTE FUNCTION vision_desk_refuse('{CHANGED}')",
)
SERVER_TRIGGERS = tuple(statement.split()[2] for statement in SERVER[1:])

# Everyone on the desk reads the sign-off; a reviewer's group (and so a director's)
# writes its steps. Tables made after revision 0004 are granted here, by name.
GRANTS = """
DO $$
DECLARE
    base text := current_database();
BEGIN
    EXECUTE format('GRANT SELECT ON round_signoffs TO %I', base || '_officer');
    EXECUTE format('GRANT INSERT ON round_signoffs TO %I', base || '_reviewer');
    EXECUTE format('GRANT USAGE ON SEQUENCE round_signoffs_id_seq TO %I', base || '_reviewer');
END
$$
"""

SERVER_DROP = (
    *(f"DROP TRIGGER {trigger} ON round_signoffs" for trigger in SERVER_TRIGGERS),
    "DROP FUNCTION vision_desk_check_signoff()",
)

# On the server, who signs is the server's: the copy of a desk holds these back
# with the other sign triggers (``server_copy``).
SIGN_TRIGGER = ("round_signoffs", "round_signoffs_signed")
CHECK_TRIGGER = ("round_signoffs", "round_signoffs_checked")
