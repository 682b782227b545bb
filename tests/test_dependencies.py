"""Dependencies point one way: the core, then topics, research, outcomes, then what spans them (stats, workbench)."""
import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORE = {"chengwu_cppcc", "directory", "history", "workdays", "notifications"}
# members (委员履职) sits with what spans the stages: it reads topics, research and outcomes, and the to-do
# centre (workbench) lists its step tables. proposals (委员提案) sits beside it: a proposal not accepted may become
# a member's 社情民意 report (members.services), and the to-do centre lists its table too.
# office (机关管理) edits the rules and records of every layer below it, and nothing imports it.
# audit, accounts and backups (等保: the audit trail, passwords/sessions/tokens, backup and restore) need only the
# core, and any later app may record an audit event or revoke a user's tokens through them.
LAYERS = [CORE, {"audit", "accounts", "backups"}, {"topics"}, {"research"}, {"outcomes"},
          {"stats", "workbench", "members", "proposals"}, {"office"}]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def _imports(path: pathlib.Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", sorted(LAYER_OF))
def test_an_app_imports_no_later_layer(app):
    wrong = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for name in _imports(path)
        if LAYER_OF.get(name, -1) > LAYER_OF[app]
    )
    assert not wrong, wrong


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """A model change (a new state in a step table's choices) ships with its migration."""
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
