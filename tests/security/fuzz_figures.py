"""The schemathesis figures of tests/security/test_api_fuzz.py: kept per process (one file per xdist worker) and
added up for the run's summary (tests/conftest.py), so that the log shows them for all roles together."""
import json
import os
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis"


def save(figures: dict) -> None:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (DIRECTORY / f"{worker}.json").write_text(json.dumps(figures, ensure_ascii=False))


def load(since: float) -> list[dict]:
    """Every process's figures written since `since` (a run's start)."""
    if not DIRECTORY.exists():
        return []
    return [json.loads(path.read_text()) for path in sorted(DIRECTORY.glob("*.json")) if path.stat().st_mtime >= since]


def render(parts: list[dict]) -> str:
    """One table: phase, check, operations, requests, failing requests, failing operations; then the false
    positives configured away, the answers tolerated by rule, and the stateful steps."""
    rows: dict[str, list] = {}
    skipped: dict[str, int] = {}
    tolerated: dict[str, int] = {}
    links = {"steps": 0, "linked": 0, "transitions": 0}
    roles: list[str] = []
    vendor = ""
    for part in parts:
        vendor = part["vendor"]
        roles += part["roles"]
        for key, (operations, requests, failures, failing) in part["rows"].items():
            row = rows.setdefault(key, [set(), 0, 0, set()])
            row[0] |= set(operations)
            row[1] += requests
            row[2] += failures
            row[3] |= set(failing)
        for name, into in (("skipped", skipped), ("tolerated", tolerated)):
            for key, count in part[name].items():
                into[key] = into.get(key, 0) + count
        links["steps"] += part["links"]["steps"]
        links["linked"] += part["links"]["linked"]
        links["transitions"] = max(links["transitions"], part["links"]["transitions"])
    lines = [f"schemathesis figures ({len(roles)} roles, {vendor}): phase, check, operations, requests, "
             f"failing requests, failing operations"]
    for key, (operations, requests, failures, failing) in rows.items():
        phase, check = key.split(" ")
        lines.append(f"  {phase:<9} {check:<28} {len(operations):>4} {requests:>6} {failures:>5} {len(failing):>4}")
    lines.append("  configured away (known false positives, reasons in CONFIGURED_AWAY): "
                 + ", ".join(f"{key} {count}" for key, count in skipped.items()))
    lines.append("  tolerated by positive_data_acceptance: " + ", ".join(f"{k} {n}" for k, n in tolerated.items()))
    lines.append(f"  stateful: {links['transitions']} links; {links['steps']} steps, {links['linked']} by a link")
    return "\n".join(lines)

