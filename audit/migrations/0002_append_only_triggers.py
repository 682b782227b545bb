"""The database itself refuses to change an audit record, or to delete one that was not archived first.

PostgreSQL (production): a trigger refuses UPDATE always and DELETE unless the archiving transaction set
`audit.archiving` (audit.integrity.archive). SQLite (development): UPDATE is refused; DELETE stays possible
because the test runner empties tables with DELETE, and the model and queryset refuse it in the application.
"""
from django.db import migrations

PG_CREATE = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('audit.archiving', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditrecord
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
PG_DROP = "DROP TRIGGER IF EXISTS audit_append_only ON audit_auditrecord; DROP FUNCTION IF EXISTS audit_refuse_change();"
SQLITE_CREATE = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditrecord
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_no_update;"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]

    operations = [migrations.RunPython(create, drop)]
