"""What the database itself keeps about event records (revision 0007), on both
databases.

An event record says that an event of an agreement happened on a date, who said
so and when (``models.EventRecordRow``). Records are append-only: a correction, or
taking an event back to "not yet", is a new record, so the board a closed round
showed can be read again as it was, and nobody's word is written over. The
database refuses to change or remove one, as it does for the history of changes.

On a team desk's server the officer who recorded it is the connection's login
(the sign trigger), its time is checked to be the store's form, and the desk's
roles may read and add records, never change them.
"""

from __future__ import annotations

from vision_desk.storage.server_checks import DATE_RANGE, utc_check

APPEND_ONLY = "event records are append-only"

_REFUSE = "BEGIN SELECT RAISE(ABORT, '{message}'); END"
SQLITE = (
    "CREATE TRIGGER event_records_no_update BEFORE UPDATE ON event_records "
    + _REFUSE.format(message=APPEND_ONLY),
    "CREATE TRIGGER event_records_no_delete BEFORE DELETE ON event_records "
    + _REFUSE.format(message=APPEND_ONLY),
)
SQLITE_TRIGGERS = tuple(statement.split()[2] for statement in SQLITE)

IN_ORDER = "an event record follows the one before it"
# Each record of an event is the one after the last: a version far ahead of it
# would leave the program no next version to record on.
VERSION_IN_ORDER = f"""
CREATE FUNCTION vision_desk_event_in_order() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM (
        SELECT coalesce(max(version), 0) + 1 FROM public.event_records
        WHERE agreement_id = NEW.agreement_id AND event_id = NEW.event_id
    ) THEN
        RAISE EXCEPTION '{IN_ORDER}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""  # noqa: S608

# The functions these call were made by revisions 0003, 0004 and 0006 (and resolve
# names in pg_catalog alone since 0006).
SERVER = (
    "CREATE TRIGGER event_records_no_update BEFORE UPDATE ON event_records "
    f"FOR EACH ROW EXECUTE FUNCTION vision_desk_refuse('{APPEND_ONLY}')",
    "CREATE TRIGGER event_records_no_delete BEFORE DELETE ON event_records "
    f"FOR EACH ROW EXECUTE FUNCTION vision_desk_refuse('{APPEND_ONLY}')",
    "CREATE TRIGGER event_records_no_truncate BEFORE TRUNCATE ON event_records "
    f"FOR EACH STATEMENT EXECUTE FUNCTION vision_desk_refuse('{APPEND_ONLY}')",
    "CREATE TRIGGER event_records_signed BEFORE INSERT ON event_records "
    "FOR EACH ROW EXECUTE FUNCTION vision_desk_sign('recorded_by')",
    # When: the server's clock, which a closed round's closing is compared with.
    "CREATE TRIGGER event_records_stamped BEFORE INSERT ON event_records "
    "FOR EACH ROW EXECUTE FUNCTION vision_desk_stamp('recorded_at')",
    VERSION_IN_ORDER,
    "CREATE TRIGGER event_records_in_order BEFORE INSERT ON event_records "
    "FOR EACH ROW EXECUTE FUNCTION vision_desk_event_in_order()",
    # A time or a date no desk could read would stop every desk reading its board.
    "ALTER TABLE event_records ADD CONSTRAINT ck_event_records_recorded_at_utc "
    f"CHECK ({utc_check('recorded_at')})",
    "ALTER TABLE event_records ADD CONSTRAINT ck_event_records_date_readable "
    f"CHECK (date IS NULL OR date {DATE_RANGE})",
)
SERVER_TRIGGERS = tuple(
    statement.split()[2] for statement in SERVER if statement.startswith("CREATE TRIGGER")
)
SERVER_DROP = (
    "ALTER TABLE event_records DROP CONSTRAINT ck_event_records_date_readable",
    "ALTER TABLE event_records DROP CONSTRAINT ck_event_records_recorded_at_utc",
    *(f"DROP TRIGGER {trigger} ON event_records" for trigger in SERVER_TRIGGERS),
    "DROP FUNCTION vision_desk_event_in_order()",
)

# Everyone on the desk reads the records and adds them (an officer's work, as a
# status is); nobody updates or deletes one. Tables made after revision 0004 are
# granted here, by name.
GRANTS = """
DO $$
DECLARE
    base text := current_database();
BEGIN
    EXECUTE format('GRANT SELECT, INSERT ON event_records TO %I', base || '_officer');
    EXECUTE format('GRANT USAGE ON SEQUENCE event_records_id_seq TO %I', base || '_officer');
    -- Set with the rest of the closing; a closed round's row is sealed after.
    EXECUTE format('GRANT UPDATE (events_seen) ON rounds TO %I', base || '_officer');
END
$$
"""

# On the server, who recorded is the server's: the copy of a desk holds this back
# with the other sign triggers (``server_copy``).
SIGN_TRIGGER = ("event_records", "event_records_signed")
STAMP_TRIGGER = ("event_records", "event_records_stamped")
