"""The year's 提案工作情况报告 as an official .docx (the plain layout of chengwu_cppcc.documents).

Documents are Chinese whatever the reader's interface language, so the sentences are written in Chinese here and
the figures (their category names) are read in Chinese."""
from django.utils import timezone, translation

from chengwu_cppcc.documents import ISSUER, OfficialDocument, chinese_ordinal

from .figures import year_figures

__all__ = ["annual_report_docx", "annual_report_document"]


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _review(doc: OfficialDocument, data: dict) -> None:
    doc.heading1(f"{chinese_ordinal(1)}、提案提交和审查情况")
    if not data["received"]:
        doc.paragraph(f"{data['year']}年度，县政协提案委员会尚未收到提案。")
        return
    doc.paragraph(
        f"{data['year']}年度，县政协提案委员会共收到委员提案{data['received']}件，经审查立案{data['accepted']}件，"
        f"立案率{_pct(data['accepted_rate'])}；不予立案{data['rejected']}件，并案处理{data['merged']}件，"
        f"尚待审查{data['awaiting']}件。"
    )
    categories = [f"{row['label']}{row['count']}件" for row in data["by_category"] if row["count"]]
    if categories:
        doc.paragraph(f"从立案提案的内容看，{'，'.join(categories)}。")
    if data["key"]:
        doc.paragraph(f"经研究确定重点提案{len(data['key'])}件，由县领导领衔督办：")
        for number, row in enumerate(data["key"], start=1):
            leader = f"（督办领导：{row['leader']}）" if row["leader"] else ""
            label = f"{row['number']} " if row["number"] else ""
            doc.paragraph(f"{number}．{label}《{row['title']}》{leader}。")


def _handling(doc: OfficialDocument, data: dict) -> None:
    doc.heading1(f"{chinese_ordinal(2)}、提案交办和办理情况")
    if not data["forwarded"]:
        doc.paragraph("本年度立案提案尚未交办。")
        return
    doc.paragraph(
        f"立案提案已交有关承办单位办理{data['forwarded']}件。截至目前，承办单位已答复{data['replied']}件，"
        f"其中按期答复{data['replied_on_time']}件，按期答复率{_pct(data['on_time_rate'])}。"
    )
    classes, shares = data["classes"], data["class_shares"]
    if data["classed"]:
        doc.paragraph(
            f"从办理结果看，所提问题已经解决或基本解决的（A类）{classes['A']}件，占{_pct(shares['A'])}；"
            f"正在解决或列入计划逐步解决的（B类）{classes['B']}件，占{_pct(shares['B'])}；"
            f"因条件限制留作参考的（C类）{classes['C']}件，占{_pct(shares['C'])}。"
        )
    rows = [[row["name"], row["forwarded"], row["replied"], row["on_time"], row["A"], row["B"], row["C"]]
            for row in data["handling_by_department"]]
    if rows:
        doc.table(["主办单位", "交办", "已答复", "按期答复", "A类", "B类", "C类"], rows,
                  widths=[4, 1.1, 1.4, 1.8, 1, 1, 1], caption="各主办单位办理情况")


def _evaluation(doc: OfficialDocument, data: dict) -> None:
    doc.heading1(f"{chinese_ordinal(3)}、提案者测评情况")
    if not data["evaluated"]:
        text = "提案者对答复的测评尚未开展。"
        if data["evaluations_pending"]:
            text = f"已答复提案中有{data['evaluations_pending']}件尚待提案者测评。"
        doc.paragraph(text)
        return
    counts, shares = data["evaluations"], data["satisfaction"]
    paper = f"（其中纸质测评{data['paper_evaluations']}件）" if data["paper_evaluations"] else ""
    doc.paragraph(
        f"提案者已对{data['evaluated']}件答复进行测评{paper}，其中满意{counts['satisfied']}件，"
        f"占{_pct(shares['satisfied'])}；基本满意{counts['basically_satisfied']}件，"
        f"占{_pct(shares['basically_satisfied'])}；不满意{counts['unsatisfied']}件，占{_pct(shares['unsatisfied'])}。"
        + (f"另有{data['evaluations_pending']}件尚待测评。" if data["evaluations_pending"] else "")
    )
    if counts["unsatisfied"]:
        doc.paragraph("对提案者不满意的，已按规定退回承办单位重新办理。")


def annual_report_document(data: dict) -> OfficialDocument:
    title = f"{data['year']}年度提案工作情况报告"  # the issuer signs it
    day = timezone.localdate()
    doc = OfficialDocument(title=title, subject="提案工作情况报告", issued_on=day)
    doc.title(title)
    _review(doc, data)
    _handling(doc, data)
    _evaluation(doc, data)
    doc.signature(ISSUER, day)
    return doc


def annual_report_docx(year: int) -> OfficialDocument:
    with translation.override("zh-hans"):
        return annual_report_document(year_figures(year))
