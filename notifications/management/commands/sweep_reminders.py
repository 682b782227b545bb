"""Run every reminder sweep now, synchronously: `python manage.py sweep_reminders [--today YYYY-MM-DD]`."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.services import run_sweeps


class Command(BaseCommand):
    help = "Send the reminders that are due (each only once) and deliver waiting notifications."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Sweep as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today must be YYYY-MM-DD") from exc
        summary = run_sweeps(today=day)
        for name, count in summary.items():
            self.stdout.write(f"{name}: {count}")
