"""`manage.py backup --to /backup`: the database and the uploaded files (and audit archives), in one folder."""
from django.core.management.base import BaseCommand, CommandError

from backups.archive import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database, MEDIA_ROOT and AUDIT_ARCHIVE_DIR into a new folder under --to."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="Folder that receives the backup (one sub-folder per run).")

    def handle(self, *args, to, **options):
        try:
            folder = backup(to)
        except Exception as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
