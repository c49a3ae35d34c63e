"""What the database itself keeps about evidence (revision 0009), on both databases.

Evidence items, the files kept with them, the citations of items for clauses, the
officer's confidence overrides and the parties' stated positions are all append-
only: a correction is a new row, the latest counts, and what a closed round cited
can be read again as it was. The database refuses to change or remove any of them.

On a team desk's server, who recorded each row is the connection's login and when
is the server's clock; the times are checked to be the store's form; the desk's
roles may read and add rows, never change them.
"""

from __future__ import annotations

from vision_desk.storage import party_seals
from vision_desk.storage.server_checks import DATE_RANGE, record_check, utc_check

APPEND_ONLY = "evidence is append-only"

# Each table, who wrote a row and when.
TABLES = {
    "evidence_files": None,
    "evidence_items": ("recorded_by", "recorded_at"),
    "evidence_links": ("linked_by", "linked_at"),
    "confidence_overrides": ("set_by", "set_at"),
    "party_positions": ("recorded_by", "recorded_at"),
}
_REFUSE = "BEGIN SELECT RAISE(ABORT, '{message}'); END"
SQLITE = tuple(
    f"CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} "
    + _REFUSE.format(message=APPEND_ONLY)
    for table in TABLES
    for action in ("update", "delete")
)
SQLITE_TRIGGERS = tuple(statement.split()[2] for statement in SQLITE)

_SEALS = tuple(
    statement
    for table in TABLES
    for statement in (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION vision_desk_refuse('{APPEND_ONLY}')",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION vision_desk_refuse('{APPEND_ONLY}')",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION vision_desk_refuse('{APPEND_ONLY}')",
    )
)
SIGN_TRIGGERS = tuple(
    (table, f"{table}_signed") for table, columns in TABLES.items() if columns is not None
)
STAMP_TRIGGERS = tuple(
    (table, f"{table}_stamped") for table, columns in TABLES.items() if columns is not None
)
_SIGNS = tuple(
    statement
    for table, columns in TABLES.items()
    if columns is not None
    for statement in (
        f"CREATE TRIGGER {table}_signed BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION vision_desk_sign('{columns[0]}')",
        f"CREATE TRIGGER {table}_stamped BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION vision_desk_stamp('{columns[1]}')",
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{columns[1]}_utc "
        f"CHECK ({utc_check(columns[1])})",
    )
)
_DATES = (
    f"ALTER TABLE evidence_items ADD CONSTRAINT ck_evidence_items_date_readable "
    f"CHECK (date {DATE_RANGE})",
    f"ALTER TABLE party_positions ADD CONSTRAINT ck_party_positions_said_on_readable "
    f"CHECK (said_on {DATE_RANGE})",
    # A file is kept under the hash of its bytes, which the server checks itself.
    "ALTER TABLE evidence_files ADD CONSTRAINT ck_evidence_files_hash_of_content "
    "CHECK (sha256 = encode(sha256(content), 'hex') AND size = octet_length(content))",
    "ALTER TABLE evidence_items ADD CONSTRAINT ck_evidence_items_digest_form "
    "CHECK (digest ~ '^[0-9a-f]{64}$')",
)
# An item is cited only for clauses of its own agreement (plain SQL could cite one
# of another agreement's, which no closing of this one would ever match).
OWN_AGREEMENT = "evidence is cited only for clauses of its own agreement"
_OWN_WHEN = (
    "WHEN (SELECT agreement_id FROM evidence_items WHERE id = NEW.evidence_id) IS NOT "
    "(SELECT agreement_id FROM clauses WHERE id = NEW.clause_id) "
)
_OWN_SQLITE = (
    "CREATE TRIGGER evidence_links_own_agreement BEFORE INSERT ON evidence_links "
    f"{_OWN_WHEN}{_REFUSE.format(message=OWN_AGREEMENT)}"
)
SQLITE = (*SQLITE, _OWN_SQLITE)
SQLITE_TRIGGERS = tuple(statement.split()[2] for statement in SQLITE)
_OWN_FUNCTION = f"""
CREATE FUNCTION vision_desk_cited_in_own_agreement() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF (SELECT agreement_id FROM public.evidence_items WHERE id = NEW.evidence_id)
       IS DISTINCT FROM (SELECT agreement_id FROM public.clauses WHERE id = NEW.clause_id)
    THEN
        RAISE EXCEPTION '{OWN_AGREEMENT}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$
"""  # noqa: S608
SERVER = (
    *_SEALS,
    *_SIGNS,
    *_DATES,
    _OWN_FUNCTION,
    "CREATE TRIGGER evidence_links_own_agreement BEFORE INSERT ON evidence_links "
    "FOR EACH ROW EXECUTE FUNCTION vision_desk_cited_in_own_agreement()",
)
SERVER_TRIGGERS = tuple(
    (statement.split()[6], statement.split()[2])
    for statement in SERVER
    if statement.startswith("CREATE TRIGGER")
)

# Everyone on the desk reads evidence and adds it, as a status is an officer's work.
GRANTS = """
DO $$
DECLARE
    base text := current_database();
BEGIN
    EXECUTE format('GRANT SELECT, INSERT ON evidence_files, evidence_items, evidence_links, '
                   'confidence_overrides, party_positions TO %I', base || '_officer');
    EXECUTE format('GRANT USAGE ON SEQUENCE evidence_items_id_seq, confidence_overrides_id_seq, '
                   'party_positions_id_seq TO %I', base || '_officer');
END
$$
"""

# A closing round's record names, for each clause, the digests of the items cited
# for it then (sorted, as the program writes them): the server reads them again.
_CITED = (
    "(SELECT '[' || string_agg('\"' || i.digest || '\"', ',' ORDER BY i.digest) || ']' "
    "FROM public.evidence_links l JOIN public.evidence_items i ON i.id = l.evidence_id "
    "WHERE l.clause_id = r.clause_id AND i.agreement_id::text = NEW.agreement_id::text)"
)
_EVIDENCE = f"\n                OR r.evidence IS DISTINCT FROM {_CITED}"
RECORD_MATCHES = record_check(
    "CREATE OR REPLACE",
    carried=party_seals.CARRIED_PARTS + _EVIDENCE,
    assessed=party_seals.ASSESSED_PARTS + _EVIDENCE,
)
RECORD_MATCHES_BEFORE = party_seals.RECORD_MATCHES
