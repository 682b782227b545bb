"""Development settings: the embedded SQLite default, e-mail written to files, debug pages."""
from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# E-mail goes to files (one per message) so seeding the demo and clicking through it keep the console short;
# EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend prints them instead.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "media" / "outbox"))
# Without a Redis server, work queued by requests runs in-process so the demo still shows reminders.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)

# `make run HOST=192.168.1.20:8000` serves on that address: links in e-mails point there (unless SITE_URL is set)
# and Django accepts that host name.
HOST = env("HOST") or "127.0.0.1:8000"
_host_name, _colon, _port = HOST.rpartition(":") if ":" in HOST else (HOST, "", "")
# 0.0.0.0 serves every interface but is no address to link to: links then name this machine's loopback.
_link_host = "127.0.0.1" if _host_name == "0.0.0.0" else _host_name
SITE_URL = env("SITE_URL") or f"http://{_link_host}{_colon}{_port}"
if _host_name != "0.0.0.0" and _host_name not in ALLOWED_HOSTS:  # noqa: F405
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, _host_name]  # noqa: F405
# Tasks run in-process here: one "Task … succeeded" line per notification batch would bury the console.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
