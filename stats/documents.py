"""The year's consultation work report (年度协商工作报告) as an official .docx document."""
import datetime

from django.utils import timezone, translation

from chengwu_cppcc.documents import OfficialDocument, chinese_ordinal

from .selectors import topic_report_rows, year_figures
from .tables import share as _share


def share(value) -> str:
    """12.5% for reading; 无 where there is nothing to share (never a dash in running text)."""
    return "无" if value is None else _share(value)


def _clause(text: str, value) -> str:
    """"，按时答复率12.5%", or nothing where there is no figure (no "率无", no dash)."""
    return "" if value is None else f"，{text}{_share(value)}"


ISSUER = "政协成武县委员会"


def _figures_prose(data: dict) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs: the year's figures in sentences."""
    topics, research = data["topics"], data["research"]
    tracks = {item["key"]: item["count"] for item in topics["by_track"]}
    suggestions, assignments = data["suggestions"], data["assignments"]
    satisfaction, implementation, supervision = data["satisfaction"], data["implementation"], data["supervision"]
    return [
        (
            "精准选题",
            f"全年确定协商课题{topics['adopted']}个，其中党政出题课题{tracks.get('party_government', 0)}个、"
            f"年度协商课题{tracks.get('annual', 0)}个；备选课题共{topics['total']}个。",
        ),
        (
            "精心调研",
            f"坚持一课题一个调研组，成立调研组{research['groups']}个，开展学习调研活动{research['activities']}次，"
            f"其中外出考察{research['external_visits']}次。",
        ),
        (
            "精准破题",
            f"形成协商成果{data['outcomes']}件，提出建议{suggestions['total']}条，"
            f"其中{suggestions['adopted']}条纳入决策程序{_clause('占', suggestions['adopted_share'])}。",
        ),
        (
            "跟踪问效",
            f"交办承办单位{assignments['total']}件（另有协办{assignments['co_handling']}件），"
            f"已答复{assignments['replied']}件，其中按时答复{assignments['on_time']}件、逾期答复{assignments['late']}件"
            f"{_clause('按时答复率', assignments['on_time_rate'])}；目前逾期未复{assignments['overdue']}件，"
            f"其中严重逾期{assignments['very_overdue']}件。对答复评价{satisfaction['evaluated']}件，"
            f"满意{satisfaction['satisfied']}件、基本满意{satisfaction['basically_satisfied']}件、"
            f"不满意{satisfaction['unsatisfied']}件。"
            + (f"建议平均落实进度{_share(implementation['average_progress'])}，" if implementation["average_progress"]
               is not None else "")
            + f"已全部落实建议{implementation['completed']}条。"
            f"督办事项{supervision['total']}件，"
            f"已办结{supervision['closed']}件，正在督办{supervision['open']}件。",
        ),
    ]


def work_report_document(year: int, today: datetime.date | None = None) -> OfficialDocument:
    today = today or timezone.localdate()
    data = year_figures(year, today=today)
    doc = OfficialDocument(
        title=f"政协成武县委员会{year}年度协商工作报告", subject="年度协商工作报告", issued_on=today
    )
    doc.title(f"政协成武县委员会{year}年度协商工作报告")
    doc.paragraph(
        f"{year}年，县政协坚持精准选题、精心调研、精准破题、跟踪问效，推动协商成果转化落实。"
        "现将全年协商工作情况报告如下。"
    )
    numbers = iter(range(1, 100))  # sections are numbered as they come: the ranking may be left out

    def heading(text: str) -> None:
        doc.heading1(f"{chinese_ordinal(next(numbers))}、{text}")

    for title, text in _figures_prose(data):
        heading(title)
        doc.paragraph(text)
    if data["ranking"]:
        heading("承办单位答复情况")
        leading = [row for row in data["ranking"] if row["on_time_rate"]][:3]  # nobody is "best" at 0 %
        best = "、".join(row["department"] for row in leading)
        doc.paragraph(f"按时答复率居前的承办单位：{best}。" if best else "按时答复率居前的承办单位：无。")
        doc.table(
            ["名次", "承办单位", "交办件", "按时答复", "逾期答复", "目前逾期", "按时答复率"],
            [
                [r["rank"], r["department"], r["total"], r["on_time"], r["late"], r["overdue"],
                 share(r["on_time_rate"])]
                for r in data["ranking"]
            ],
            widths=[10, 44, 14, 16, 16, 16, 20],
            caption="承办单位答复情况表",
        )
    rows = topic_report_rows(year, today=today)
    heading("课题办理情况一览")
    if not rows:
        doc.paragraph("本年度暂无确定的协商课题。")
    else:
        doc.table(
            ["序号", "课题", "调研组组长", "调研报告", "协商成果", "交办件", "按时答复", "评价", "落实进度"],
            [
                [
                    index, row["topic"].title, row["leader"] or "无", row["report_status"] or "无",
                    "；".join(row["outcomes"]) or "无", row["assignments"], row["on_time"],
                    "、".join(f"{label}{n}件" for label, n in row["evaluations"].items()) or "无",
                    share(row["implementation"]),
                ]
                for index, row in enumerate(rows, start=1)
            ],
            widths=[8, 40, 16, 16, 30, 12, 12, 26, 14],
            caption="课题办理情况一览表",
        )
    doc.signature(ISSUER, today)
    doc.imprint(copies_to="县委办公室，县政府办公室", printed_on=today)
    return doc


def work_report_response(year: int):
    # An official document is Chinese whatever the reader's interface language.
    with translation.override("zh-hans"):
        document = work_report_document(year)
    return document.response(f"{year}年度协商工作报告.docx")
