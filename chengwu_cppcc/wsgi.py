"""WSGI entry point (gunicorn chengwu_cppcc.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengwu_cppcc.settings.production")
application = get_wsgi_application()
