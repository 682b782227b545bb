"""No template decides what to offer by testing a state string: pages ask the step tables (docs/workflow.md)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_TEST = re.compile(r"\{%\s*(?:if|elif)\b[^%]*\b(?:status|state)\s*(?:==|!=|\bin\b|\bnot in\b)")


def test_no_template_tests_a_state_string():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if STATE_TEST.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
