"""`manage.py restore --from <backup folder> --database <new db> --media <new folder>`: never over the live data."""
from django.core.management.base import BaseCommand, CommandError

from backups.archive import restore


class Command(BaseCommand):
    help = "Restore a backup folder into a NEW PostgreSQL database and new media (and audit archive) folders."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True)
        parser.add_argument("--database", required=True, help="Name of the new database (created here).")
        parser.add_argument("--media", required=True, help="New folder for the uploaded files.")
        parser.add_argument("--audit-archive", default=None, help="New folder for the audit archives.")

    def handle(self, *args, source, database, media, audit_archive, **options):
        try:
            manifest = restore(source, database=database, media_root=media, audit_root=audit_archive)
        except Exception as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored into database {database}: {len(manifest['media'])} uploaded files checked. "
            f"Point DATABASE_URL and MEDIA_ROOT at them to switch over."))
