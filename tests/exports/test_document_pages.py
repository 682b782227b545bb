"""The office pages of the official documents: the 发文字号 register and an outcome's meeting record."""
import pytest
from django.utils import timezone

from directory.models import Member
from history.models import HistoryEntry
from outcomes.documents import forwarding_letter_docx
from outcomes.models import IssuedNumber, MeetingRecord, NumberKind, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbered(make_forwarded, departments):
    """Letters forwarded and printed once: each took the next number of the year."""

    def build(count=1):
        assignments = [make_forwarded(departments[i % 2]) for i in range(count)]
        for assignment in assignments:
            forwarding_letter_docx(Outcome.objects.get(pk=assignment.outcome_id))
        return assignments

    return build


def test_register_lists_the_years_numbers_in_order(client_for, users, numbered):
    first, second = numbered(2)
    response = client_for(users["staff"]).get("/outcomes/numbers/")
    html = response.content.decode()
    year = timezone.localdate().year
    assert response.status_code == 200 and "发文字号登记簿" in html
    assert html.index(f"成政协函〔{year}〕1号") < html.index(f"成政协函〔{year}〕2号")
    assert first.outcome.title in html and second.outcome.title in html
    # The detail page and the export show the kept number.
    assert f"成政协函〔{year}〕1号" in client_for(users["staff"]).get(first.outcome.get_absolute_url()).content.decode()


def test_staff_corrects_a_serial_and_history_records_it(client_for, users, numbered):
    (assignment,) = numbered(1)
    number = IssuedNumber.objects.get(outcome=assignment.outcome, kind=NumberKind.LETTER)
    response = client_for(users["staff"]).post("/outcomes/numbers/", {"number": number.pk, "serial": "12"})
    assert response.status_code == 302
    number.refresh_from_db()
    assert number.serial == 12 and number.corrected_by == users["staff"]
    assert HistoryEntry.objects.filter(action="number_corrected", object_id=assignment.outcome_id).exists()


def test_a_taken_or_bad_serial_is_refused_and_changes_nothing(client_for, users, numbered):
    first, second = numbered(2)
    number = IssuedNumber.objects.get(outcome=second.outcome, kind=NumberKind.LETTER)
    client = client_for(users["staff"])
    for serial in ("1", "abc", "0"):
        response = client.post("/outcomes/numbers/", {"number": number.pk, "serial": serial}, follow=True)
        assert response.status_code == 200
        number.refresh_from_db()
        assert number.serial == 2
    assert "本年度该编号已被使用" in client.post(
        "/outcomes/numbers/", {"number": number.pk, "serial": "1"}, follow=True
    ).content.decode()
    assert client.post("/outcomes/numbers/", {"number": "999999", "serial": "5"}).status_code == 404


@pytest.mark.parametrize("role", ["department", "vice_chair", "leader_in_charge", "supervisor"])
def test_only_the_office_keeps_the_register_and_meeting_records(client_for, users, numbered, role):
    (assignment,) = numbered(1)
    number = IssuedNumber.objects.get(outcome=assignment.outcome)
    client = client_for(users[role])
    assert client.get("/outcomes/numbers/").status_code == 403
    assert client.post("/outcomes/numbers/", {"number": number.pk, "serial": "9"}).status_code == 403
    assert client.post(f"/outcomes/{assignment.outcome_id}/meeting/", {"place": "x"}).status_code == 403
    number.refresh_from_db()
    assert number.serial == 1 and not MeetingRecord.objects.exists()


def test_register_query_count_does_not_grow_with_rows(client_for, users, numbered, django_assert_max_num_queries):
    numbered(1)
    client = client_for(users["staff"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/outcomes/numbers/")
    numbered(6)
    with CaptureQueriesContext(connection) as many:
        client.get("/outcomes/numbers/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_meeting_record_is_entered_from_the_directory_and_printed(client_for, users, make_forwarded, departments):
    assignment = make_forwarded(departments[0])
    chair, present = Member.objects.create(name="王主席"), Member.objects.create(name="赵委员")
    client = client_for(users["staff"])
    url = f"/outcomes/{assignment.outcome_id}/meeting/"
    assert client.get(url).status_code == 200
    data = {
        "held_on": timezone.localdate().isoformat(), "place": "县政协三楼会议室", "presiding": chair.pk,
        "attendees": [present.pk], "guests": "县住房和城乡建设局 张明\n\n", "observers": "", "absent": "李委员",
    }
    assert client.post(url, data).status_code == 302
    record = MeetingRecord.objects.get(outcome=assignment.outcome)
    assert record.presiding == chair and list(record.attendees.all()) == [present]
    assert record.guests == "县住房和城乡建设局 张明"
    html = client.get(url).content.decode()
    assert "县政协三楼会议室" in html
    # Bad input: a date in the future is refused, what was typed stays, nothing changes.
    data.update(held_on="2099-01-01", place="别处")
    response = client.post(url, data)
    assert response.status_code == 400 and "别处" in response.content.decode()
    record.refresh_from_db()
    assert record.place == "县政协三楼会议室"
    assert client.post("/outcomes/999999/meeting/", data).status_code == 404
