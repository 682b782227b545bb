"""The proposal list as .xlsx (the list's filter and scope), one proposal's printable page (the detail's scope),
and the year's figures (numbers, the year, who reads them); query counts equal at 1 and 50 rows."""
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from directory.models import Sector
from proposals import services
from proposals.models import Proposal

from .conftest import draft, submitted

pytestmark = pytest.mark.django_db

HEADERS = ["Proposal number", "Subject", "Proposer", "Co-signers", "Kind", "Session", "Category", "Status",
           "Submitted at", "Suggested handling departments", "Key proposal", "Supervising leader"]


@pytest.fixture
def year_of_proposals(users, members, member_users, departments, reason):
    """a: member's joint proposal (member2 confirmed, member3 declined), accepted, key; b: member2's, not accepted;
    c: member's, merged into a; d: member2's, awaiting review; e: member's draft. member is in 经济界."""
    members["member"].sector = Sector.objects.create(name="经济界")
    members["member"].save()
    staff, me, other = users["staff"], member_users["member"], member_users["member2"]
    a = draft(me, title="关于推进农村生活污水治理的建议", kind="joint", session="plenary",
              cosigner_ids=[members["member2"].pk, members["member3"].pk],
              department_ids=[departments[0].pk, departments[1].pk])
    services.proposal_invite(actor=me, proposal_id=a.pk)
    services.proposal_cosign(actor=other, proposal_id=a.pk)
    services.proposal_decline(actor=member_users["member3"], proposal_id=a.pk, comment="不熟悉该领域")
    services.proposal_submit(actor=me, proposal_id=a.pk)
    services.proposal_accept(actor=staff, proposal_id=a.pk, category="ecology",
                             suggested_handling="建议由县住房和城乡建设局主办。")
    services.proposal_mark_key(actor=staff, proposal_id=a.pk, leader=users["leader_in_charge"].pk)
    b = submitted(other, title="关于解决本人小区物业纠纷的建议")
    services.proposal_reject(actor=staff, proposal_id=b.pk, reason=reason.pk, comment="属于个人诉求。")
    c = submitted(me, title="关于农村污水处理设施运维的建议")
    services.proposal_merge(actor=staff, proposal_id=c.pk, into=a.pk, comment="并案办理。")
    d = submitted(other, title="关于完善县城停车设施的建议", department_ids=[departments[0].pk])
    e = draft(me, title="关于农村学校午餐配送的建议（草稿）")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_staff_export_the_filtered_list(users, client_for, year_of_proposals):
    client = client_for(users["staff"])
    client.cookies["django_language"] = "en"
    header, rows = _sheet(client.get(reverse("proposals:export")))
    assert list(header) == HEADERS
    assert len(rows) == Proposal.objects.exclude(status="draft").count() == 4  # as the list: no member's draft
    header, rows = _sheet(client.get(reverse("proposals:export"), {"status": "accepted"}))
    assert len(rows) == 1
    row = dict(zip(HEADERS, rows[0], strict=True))
    year = timezone.localdate().year
    assert row["Proposal number"] == f"{year}-001" and row["Proposer"] == "钱丽娟"
    assert row["Co-signers"] == "赵文博"  # confirmed only: member3 declined
    assert row["Kind"] == "Joint" and row["Session"] == "During the plenary session"
    assert row["Category"] == "Ecological conservation" and row["Status"] == "Accepted"
    assert row["Submitted at"].year == year
    assert row["Suggested handling departments"] == "县住房和城乡建设局、县自然资源和规划局"
    assert row["Key proposal"] == "Yes" and row["Supervising leader"] == users["leader_in_charge"].display_name
    _, rows = _sheet(client.get(reverse("proposals:export"), {"q": "停车"}))
    assert [r[1] for r in rows] == ["关于完善县城停车设施的建议"]


def test_the_list_page_links_the_export_with_its_filters(users, client_for, year_of_proposals):
    body = client_for(users["staff"]).get(reverse("proposals:list"), {"status": "accepted"}).content.decode()
    assert reverse("proposals:export") + "?status=accepted" in body
    assert reverse("proposals:figures") in body


def test_a_member_exports_only_what_they_see(member_users, client_for, year_of_proposals):
    client = client_for(member_users["member"])
    list_body = client.get(reverse("proposals:list")).content.decode()
    assert reverse("proposals:figures") not in list_body
    _, rows = _sheet(client.get(reverse("proposals:export")))
    assert {r[1] for r in rows} == {"关于推进农村生活污水治理的建议", "关于农村污水处理设施运维的建议",
                                    "关于农村学校午餐配送的建议（草稿）"}
    _, rows = _sheet(client_for(member_users["member2"]).get(reverse("proposals:export")))
    assert {r[1] for r in rows} == {"关于推进农村生活污水治理的建议", "关于解决本人小区物业纠纷的建议",
                                    "关于完善县城停车设施的建议"}  # a co-signed; not member's draft


def test_other_roles_may_not_export(users, client_for):
    assert client_for(users["vice_chair"]).get(reverse("proposals:export")).status_code == 403


def test_the_printable_page(users, member_users, client_for, year_of_proposals, reason):
    a, b, c = year_of_proposals["a"], year_of_proposals["b"], year_of_proposals["c"]
    client = client_for(member_users["member"])
    client.cookies["django_language"] = "zh-hans"
    body = client.get(reverse("proposals:print", args=[a.pk])).content.decode()
    for text in (f"{a.year}-001", a.title, "钱丽娟", "经济界", "赵文博", "联名", "情况分析", "具体建议",
                 "县域冷链物流设施不足", "一是规划建设产地冷库", "县住房和城乡建设局、县自然资源和规划局",
                 "建议由县住房和城乡建设局主办。", users["leader_in_charge"].display_name, "print.css"):
        assert text in body, text
    assert "孙国栋" not in body  # declined
    assert reverse("proposals:print", args=[a.pk]) in client.get(a.get_absolute_url()).content.decode()
    merged = client.get(reverse("proposals:print", args=[c.pk])).content.decode()
    assert a.title in merged and f"{a.year}-001" in merged
    # b is member2's: outside member's scope, as on the detail page
    assert client.get(reverse("proposals:print", args=[b.pk])).status_code == 404
    staff = client_for(users["staff"])
    assert reason.name in staff.get(reverse("proposals:print", args=[b.pk])).content.decode()
    assert client_for(users["vice_chair"]).get(reverse("proposals:print", args=[b.pk])).status_code == 403
    assert client_for(users["department"]).get(reverse("proposals:print", args=[b.pk])).status_code == 404


def _figures(client, **params):
    response = client.get(reverse("proposals:figures"), params)
    assert response.status_code == 200
    return response.context["data"]


def test_the_year_figures(users, client_for, year_of_proposals, departments):
    cache.clear()
    client = client_for(users["staff"])
    client.cookies["django_language"] = "en"
    year = timezone.localdate().year
    data = _figures(client, year=year)
    assert (data["received"], data["accepted"], data["rejected"], data["merged"], data["awaiting"]) == (4, 1, 1, 1, 1)
    assert data["accepted_rate"] == 25.0
    counts = {row["key"]: row["count"] for row in data["by_category"]}
    assert counts["ecology"] == 1 and sum(counts.values()) == 1
    assert {row["key"]: row["count"] for row in data["by_kind"]} == {"individual": 3, "joint": 1, "collective": 0}
    assert {row["key"]: row["count"] for row in data["by_session"]} == {"plenary": 1, "between": 3}
    assert {row["label"]: row["count"] for row in data["by_sector"]} == {"经济界": 2, "No sector": 2}
    assert data["by_department"] == [{"label": departments[0].name, "count": 2},
                                     {"label": departments[1].name, "count": 1}]
    assert [row["title"] for row in data["key"]] == ["关于推进农村生活污水治理的建议"]
    body = client.get(reverse("proposals:figures")).content.decode()  # this year by default
    assert "25.0%" in body and "关于推进农村生活污水治理的建议" in body
    # a change is seen at once (the cache is keyed by a version bumped on every save)
    services.proposal_accept(actor=users["staff"], proposal_id=year_of_proposals["d"].pk, category="economy")
    data = _figures(client, year=year)
    assert (data["accepted"], data["awaiting"], data["accepted_rate"]) == (2, 0, 50.0)
    empty = _figures(client, year=year - 1)
    assert (empty["received"], empty["accepted_rate"], empty["key"]) == (0, None, [])


def test_a_wrong_year_answers_400(users, client_for):
    client = client_for(users["staff"])
    for year in ("abc", "1900", "20266"):
        assert client.get(reverse("proposals:figures"), {"year": year}).status_code == 400


def test_who_reads_the_figures(users, member_users, client_for):
    for role in ("staff", "vice_chair", "leader_in_charge", "principal_leader", "supervisor"):
        assert client_for(users[role]).get(reverse("proposals:figures")).status_code == 200, role
    assert client_for(users["department"]).get(reverse("proposals:figures")).status_code == 403
    assert client_for(member_users["member"]).get(reverse("proposals:figures")).status_code == 403


def _count(client, url, **params):
    cache.clear()  # the figures are computed, not read from the cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["proposals:export", "proposals:figures"])
def test_query_counts_do_not_grow_with_rows(url_name, users, members, member_users, departments, client_for):
    client = client_for(users["staff"])
    me = member_users["member"]

    def many(n, start):
        for i in range(start, start + n):
            p = draft(me, title=f"关于第{i}项工作的建议", kind="joint", cosigner_ids=[members["member2"].pk],
                      department_ids=[departments[i % 2].pk])
            services.proposal_invite(actor=me, proposal_id=p.pk)
            services.proposal_cosign(actor=member_users["member2"], proposal_id=p.pk)
            services.proposal_submit(actor=me, proposal_id=p.pk)
            services.proposal_accept(actor=users["staff"], proposal_id=p.pk, category="economy")
            services.proposal_mark_key(actor=users["staff"], proposal_id=p.pk, leader=users["leader_in_charge"].pk)

    many(1, 0)
    _count(client, reverse(url_name))
    one = _count(client, reverse(url_name))
    many(49, 1)
    fifty = _count(client, reverse(url_name))
    assert one == fifty, (one, fifty)
    if url_name == "proposals:figures":
        assert _figures(client)["accepted"] == 50
    else:
        assert len(_sheet(client.get(reverse(url_name)))[1]) == 50
