"""Build .mo files from every .po file with polib, so no GNU gettext install is needed."""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def po_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(p for p in base.glob("**/locale/*/LC_MESSAGES/*.po") if ".venv" not in p.parts)


class Command(BaseCommand):
    help = "Compile all translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        for po_path in po_files():
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        self.stdout.write(f"Compiled {len(po_files())} catalogue(s).")
