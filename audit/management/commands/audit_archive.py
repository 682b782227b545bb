"""Archive audit records older than the retention (AUDIT_RETENTION_DAYS, at least 180) to a file."""
from django.core.management.base import BaseCommand

from audit.integrity import archive


class Command(BaseCommand):
    help = "Move audit records older than the retention to a gzip JSON-lines file in AUDIT_ARCHIVE_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention in days (never below 180).")
        parser.add_argument("--dir", default=None, help="Archive directory (default AUDIT_ARCHIVE_DIR).")

    def handle(self, *args, days, dir, **options):
        entry = archive(days=days, directory=dir)
        if entry is None:
            self.stdout.write("Nothing older than the retention.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{entry.count} records archived to {entry.file}."))
