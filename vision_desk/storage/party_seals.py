"""What a team desk's server checks of the parts of a clause assessed per party
(revision 0008): every stored parts text is one the program can read back, the
history knows the new kind of change, the officer may write the new columns, and a
closing round's record carries the parts of what it records.
"""

from __future__ import annotations

from vision_desk.storage import server_checks
from vision_desk.storage.server_checks import STATUSES, record_check

PARTS_COLUMNS = (
    ("clause_states", "parts"),
    ("round_assessments", "parts"),
    ("round_records", "parts"),
)
# The history's kinds of change from this revision on (``domain.review.ChangeKind``).
CHANGE_KINDS = (*server_checks.CHANGE_KINDS, "party_status")

_KNOWN = "(" + ", ".join(f"'{status}'" for status in STATUSES) + ")"
# A parts text: a JSON object, each key a party code, each value a known status.
# Malformed JSON is a "no", not an error, so a CHECK refuses it in its own words.
PARTS_KNOWN = f"""
CREATE FUNCTION vision_desk_parts_known(parts text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    loaded jsonb;
BEGIN
    IF parts IS NULL THEN
        RETURN true;
    END IF;
    BEGIN
        loaded := parts::jsonb;
    EXCEPTION WHEN others THEN
        RETURN false;
    END;
    RETURN jsonb_typeof(loaded) = 'object'
        AND loaded <> '{{}}'::jsonb
        AND NOT EXISTS (
            SELECT 1 FROM jsonb_each(loaded) AS part(party, status)
            WHERE jsonb_typeof(part.status) <> 'string'
               OR part.status #>> '{{}}' NOT IN {_KNOWN}
               OR length(part.party) NOT BETWEEN 1 AND 64);
END
$$
"""  # noqa: S608 (the statuses are the program's own constants)


def _kinds(kinds: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    return f"ALTER TABLE changes ADD CONSTRAINT ck_changes_kind_known CHECK (kind IN ({listed}))"


# A carried-over line has the state's parts, an assessed one its assessment's.
RECORD_MATCHES = record_check(
    "CREATE OR REPLACE",
    carried="\n                OR r.parts IS DISTINCT FROM s.parts",
    assessed="\n                OR r.parts IS DISTINCT FROM a.parts",
)

SERVER = (
    PARTS_KNOWN,
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_known "
        f"CHECK (vision_desk_parts_known({column}))"
        for table, column in PARTS_COLUMNS
    ),
    "ALTER TABLE changes DROP CONSTRAINT ck_changes_kind_known",
    _kinds(CHANGE_KINDS),
    RECORD_MATCHES,
)
SERVER_DROP = (
    "CREATE OR REPLACE" + server_checks.RECORD_MATCHES.removeprefix("\nCREATE"),
    "ALTER TABLE changes DROP CONSTRAINT ck_changes_kind_known",
    _kinds(server_checks.CHANGE_KINDS),
    *(
        f"ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{column}_known"
        for table, column in PARTS_COLUMNS
    ),
    "DROP FUNCTION vision_desk_parts_known(text)",
)

# The officer sets the parts as a status is set; nobody changes a note's party or
# a change's, once written.
GRANTS = """
DO $$
DECLARE
    base text := current_database();
BEGIN
    EXECUTE format('GRANT UPDATE (parts) ON clause_states, round_assessments TO %I',
                   base || '_officer');
END
$$
"""
