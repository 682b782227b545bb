"""What changed between two versions of a report: body lines and suggestions, as rows a template escapes."""
import difflib

from .models import Report


def _line_rows(old: str, new: str) -> list[dict]:
    """Side-by-side rows: tag is equal / replace / delete / insert; text stays raw (the template escapes it)."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = old_lines[i1:i2], new_lines[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append({
                "tag": tag,
                "old": left[k] if k < len(left) else None,
                "new": right[k] if k < len(right) else None,
            })
    return rows


def _suggestion_text(s) -> str:
    finding = f"\n[{s.finding.title}]" if s.finding_id else ""
    return f"{s.title}\n{s.content}{finding}"


def report_diff(old: Report, new: Report) -> dict:
    """Compare two versions; suggestions are matched by number."""
    old_s = {s.number: s for s in old.suggestions.select_related("finding")}
    new_s = {s.number: s for s in new.suggestions.select_related("finding")}
    suggestions = []
    for number in sorted(set(old_s) | set(new_s)):
        a, b = old_s.get(number), new_s.get(number)
        a_text = _suggestion_text(a) if a else ""
        b_text = _suggestion_text(b) if b else ""
        if a is None:
            status = "added"
        elif b is None:
            status = "removed"
        else:
            status = "unchanged" if a_text == b_text else "changed"
        suggestions.append({"number": number, "change": status, "rows": _line_rows(a_text, b_text)})
    title_changed = old.title != new.title
    body_rows = _line_rows(old.body, new.body)
    return {
        "old": old,
        "new": new,
        "title_changed": title_changed,
        "body_rows": body_rows,
        "body_changed": any(r["tag"] != "equal" for r in body_rows),
        "suggestions": suggestions,
        "unified": "\n".join(
            difflib.unified_diff(
                (old.body or "").splitlines(), (new.body or "").splitlines(),
                f"v{old.version}", f"v{new.version}", lineterm="",
            )
        ),
    }
