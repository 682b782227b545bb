"""Check the audit trail's hash chain and report the first break (exit status 1 when broken)."""
from django.core.management.base import BaseCommand, CommandError

from audit.integrity import verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; report the first record where it breaks."

    def handle(self, *args, **options):
        checked, broken = verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at record {broken.seq}: {broken.reason} ({checked} records "
                               f"before it are intact).")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} records checked."))
