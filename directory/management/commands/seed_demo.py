"""Load the Chengwu demo data set; idempotent, and refused under production settings."""
import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each stage seeds its own demo data, in lifecycle order.
DEMO_MODULES = ["directory.demo", "topics.demo", "research.demo", "outcomes.demo", "notifications.demo", "members.demo",
                "proposals.demo"]


class Command(BaseCommand):
    help = "Create the Chengwu County demo data set and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="chengwu2026", help="Password for every demo login.")

    def handle(self, *args, password, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is refused under production settings.")
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            with transaction.atomic():
                module.seed(password=password, stdout=self.stdout)
        from directory.demo import DEMO_LOGINS, PEOPLE

        names = {username: (full_name, title) for username, full_name, title, _roles, _dept in PEOPLE}
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password: {password}):"))
        for username in DEMO_LOGINS:
            full_name, title = names[username]
            self.stdout.write(f"  {username:<18} {full_name} · {title}")
        self.stdout.write("  The developer admin (/admin/) opens for none of them: `make superuser` creates a developer account.")
