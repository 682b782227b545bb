"""The year's figures as labelled tables: the page's plain tables and the .xlsx export read the same rows."""
from django.utils.translation import gettext as _


def share(value) -> str:
    """A share for reading: "12.5%", or "—" when there is nothing to share."""
    return "—" if value is None else f"{value}%"


def _counts(items) -> list[tuple[str, object]]:
    return [(item["label"], item["count"]) for item in items]


def figure_sections(data: dict) -> list[dict]:
    """[{"title", "rows": [(label, value)]}] in reading order; values are numbers or "12.5%"."""
    topics, research = data["topics"], data["research"]
    suggestions, assignments = data["suggestions"], data["assignments"]
    satisfaction, implementation, supervision = data["satisfaction"], data["implementation"], data["supervision"]
    return [
        {
            "title": _("Topics"),
            "rows": [(_("Topics in the plan"), topics["total"]), (_("Adopted topics"), topics["adopted"])]
            + [(_("Status: %(label)s") % {"label": label}, n) for label, n in _counts(topics["by_status"])],
        },
        {"title": _("Adopted topics by source"), "rows": _counts(topics["by_source"])},
        {"title": _("Adopted topics by domain"), "rows": _counts(topics["by_domain"])},
        {"title": _("Adopted topics by track"), "rows": _counts(topics["by_track"])},
        {
            "title": _("Research groups and activities"),
            "rows": [
                (_("Research groups"), research["groups"]),
                (_("Preparation and research activities"), research["activities"]),
                *_counts(research["activities_by_kind"]),
            ],
        },
        {
            "title": _("Suggestions"),
            "rows": [
                (_("Outcome documents sent out"), data["outcomes"]),
                (_("Suggestions"), suggestions["total"]),
                (_("Adopted into decisions"), suggestions["adopted"]),
                (_("Share adopted into decisions"), share(suggestions["adopted_share"])),
            ],
        },
        {
            "title": _("Assignments and replies"),
            "rows": [
                (_("Lead assignments"), assignments["total"]),
                (_("Co-handling assignments"), assignments["co_handling"]),
                (_("Replied"), assignments["replied"]),
                (_("Replied on time"), assignments["on_time"]),
                (_("Replied late"), assignments["late"]),
                (_("Overdue now"), assignments["overdue"]),
                (_("Very overdue now"), assignments["very_overdue"]),
                (_("On-time reply rate"), share(assignments["on_time_rate"])),
            ],
        },
        {
            "title": _("Satisfaction"),
            "rows": [
                (_("Replies evaluated"), satisfaction["evaluated"]),
                *_counts(satisfaction["by_evaluation"]),
                (_("Satisfied or basically satisfied"), share(satisfaction["satisfied_share"])),
            ],
        },
        {
            "title": _("Implementation"),
            "rows": [
                (_("Average implementation progress"), share(implementation["average_progress"])),
                (_("Suggestions fully implemented"), implementation["completed"]),
                (_("Share fully implemented"), share(implementation["completed_share"])),
            ],
        },
        {
            "title": _("Supervision"),
            "rows": [
                (_("Supervision cases"), supervision["total"]),
                (_("Open cases"), supervision["open"]),
                (_("Closed cases"), supervision["closed"]),
            ],
        },
    ]


def ranking_headers() -> list[str]:
    return [
        _("Rank"), _("Department"), _("Lead assignments"), _("Replied on time"), _("Replied late"),
        _("Overdue now"), _("Very overdue now"), _("On-time reply rate"), _("Satisfied"), _("Basically satisfied"),
        _("Unsatisfied"),
    ]


def ranking_rows(ranking: list[dict]) -> list[list]:
    return [
        [
            row["rank"], row["department"], row["total"], row["on_time"], row["late"], row["overdue"],
            row["very_overdue"], share(row["on_time_rate"]), row["satisfied"], row["basically_satisfied"],
            row["unsatisfied"],
        ]
        for row in ranking
    ]


def year_headers() -> list[str]:
    return [_("Year"), _("Adopted topics"), _("External study visits"), _("Suggestions")]


def year_rows(by_year: list[dict]) -> list[list]:
    return [[r["year"], r["topics_adopted"], r["external_visits"], r["suggestions"]] for r in by_year]


def export_rows(data: dict) -> list[list]:
    """Section | figure | value, then the department ranking and the series by year under their own headings."""
    rows = [[section["title"], label, value] for section in figure_sections(data) for label, value in section["rows"]]
    ranking_title = _("Departments by on-time reply rate")
    for row in data["ranking"]:
        rows.append([ranking_title, row["department"], share(row["on_time_rate"])])
        rows.append([ranking_title, f'{row["department"]} · {_("Replied on time")}', row["on_time"]])
        rows.append([ranking_title, f'{row["department"]} · {_("Lead assignments")}', row["total"]])
    by_year_title = _("Year by year")
    for r in data["by_year"]:
        rows.append([by_year_title, f'{r["year"]} · {_("Adopted topics")}', r["topics_adopted"]])
        rows.append([by_year_title, f'{r["year"]} · {_("External study visits")}', r["external_visits"]])
        rows.append([by_year_title, f'{r["year"]} · {_("Suggestions")}', r["suggestions"]])
    return rows
