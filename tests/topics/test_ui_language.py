"""The shared visual language (docs/ui.md) as the topic pages use it: badges by meaning, the one filter bar,
history labels per object, product-worded validation messages, conditional required markers, similar topics on
`input`, the near-duplicate warning before an adoption, sensible default titles."""
import pytest
from django.template import Context, Template
from django.utils import translation

from chengwu_cppcc.tones import STATE_TONES, Tone, tone_for, tone_of
from history.labels import action_label, state_adds, state_label
from topics import services
from topics.forms import TopicForm
from topics.models import Topic, TopicStatus
from topics.selectors import topic_subject

from .conftest import MEETING, make_candidate


def test_every_state_of_every_workflow_model_has_a_meaning():
    from django.apps import apps

    for label, tones in STATE_TONES.items():
        model = apps.get_model(label)
        field = "adoption_status" if label == "outcomes.suggestion" else "status"
        states = {value for value, _label in model._meta.get_field(field).flatchoices}
        assert states <= set(tones), f"{label}: {states - set(tones)} have no tone"
        assert set(tones.values()) <= {v for k, v in vars(Tone).items() if k.isupper()}
    assert tone_for("topics.topic", TopicStatus.ADOPTED) == Tone.DONE
    assert tone_for("topics.topic", TopicStatus.REJECTED) == Tone.REFUSED
    assert tone_for("outcomes.reply", "draft") == Tone.DRAFT


def test_an_open_item_past_its_deadline_reads_overdue(users, plan, candidate):
    candidate.is_overdue = True  # as the lists annotate it
    assert tone_of(candidate) == Tone.OVERDUE
    candidate.status = TopicStatus.ADOPTED
    assert tone_of(candidate) == Tone.DONE  # done is done


def test_status_badge_tag_renders_the_tone_class(candidate):
    html = Template("{% load ui %}{% status_badge topic %}").render(Context({"topic": candidate}))
    assert 'class="badge tone tone-waiting"' in html and "备选" in html or "Candidate" in html


def test_history_labels_belong_to_their_object():
    with translation.override("zh-hans"):
        # a reply's "approved" is the reply's own state, never the research group's 报告已审定
        assert str(state_label("outcomes", "reply", "approved")) != str(state_label("research", "researchgroup", "approved"))
        assert "报告" not in str(state_label("outcomes", "reply", "approved"))
        # an outcome's submission says it once: the badge is left out when the label already says it
        label = str(action_label("outcome", "submitted"))
        state = str(state_label("outcomes", "outcome", "submitted"))
        assert not state_adds(label, state) or state not in label


def test_filter_bar_reads_all_and_filter(client_for, users, plan, candidate):
    with translation.override("zh-hans"):
        page = client_for(users["staff"]).get("/topics/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "filter-bar" in page
    assert "---------" not in page and "未知" not in page
    assert ">全部<" in page and "筛选" in page and "过滤器" not in page
    assert "共 1 条" in page


def test_validation_messages_are_the_products_own(client_for, users, plan):
    form = TopicForm({"title": "关" * 250, "source": "special_committee"})
    assert not form.is_valid()
    with translation.override("zh-hans"):
        messages = " ".join(str(e) for errors in form.errors.values() for e in errors)
        assert "确保" not in messages and "这个字段是必填项" not in messages
        assert "请填写此项" in messages and "最多 200 字" in messages
    with translation.override("en"):
        form = TopicForm({"title": "x" * 250})
        form.is_valid()
        assert "Too long: at most 200 characters (now 250)" in " ".join(form.errors["title"])


def test_conditional_required_marker_and_similar_on_input(client_for, users, plan):
    page = client_for(users["staff"]).get(f"/topics/new/?year={plan.year}").content.decode()
    assert 'data-required-when="source=special_committee"' in page
    assert "data-required-marker" in page  # the 拟题专门委员会 asterisk follows the source
    assert 'hx-trigger="input changed' in page  # paste and IME input, not only key-up


def test_new_topic_is_not_offered_and_refused_on_an_adopted_plan(users, plan, committee):
    from chengwu_cppcc.errors import InvalidState
    from topics.steps import PLAN_STEPS

    assert PLAN_STEPS.may("add_candidate", users["staff"], plan)
    plan.status = "adopted"
    plan.save(update_fields=["status"])
    assert not PLAN_STEPS.may("add_candidate", users["staff"], plan)
    with pytest.raises(InvalidState):
        make_candidate(plan, users["staff"], committee=committee)
    # a party/government topic can still be recorded on an adopted plan
    make_candidate(plan, users["staff"], title="关于统筹推进复工复产工作的意见", source="party_committee")


def test_near_duplicate_warning_on_the_topic_page(client_for, users, plan, committee):
    staff = users["staff"]
    first = make_candidate(plan, staff, title="关于推动中小企业数字化转型的建议", committee=committee)
    twin = make_candidate(plan, staff, title="关于推动中小企业数字化转型升级的建议", committee=committee)
    for topic in (first, twin):
        services.topic_shortlist(actor=staff, topic_id=topic.pk, meeting_date=MEETING)
    services.topic_adopt(actor=staff, topic_id=first.pk, meeting_date=MEETING)
    page = client_for(staff).get(f"/topics/{twin.pk}/").content.decode()
    assert 'id="near-duplicate-warning"' in page and "data-confirm" in page
    assert Topic.objects.get(pk=twin.pk).status == "shortlisted"


def test_default_titles_do_not_wrap_twice():
    assert topic_subject("关于加快成武经济开发区食品产业链延链补链的建议") == "加快成武经济开发区食品产业链延链补链"
    with translation.override("zh-hans"):
        from django.utils.translation import gettext as _

        title = _("Research report on %(subject)s") % {"subject": topic_subject("关于发展预制菜产业的建议")}
    assert title == "关于发展预制菜产业的调研报告"


def test_the_form_of_an_adopted_plan_offers_party_topics_only(client_for, users, plan):
    plan.status = "adopted"
    plan.save(update_fields=["status"])
    page = client_for(users["staff"]).get(f"/topics/new/?year={plan.year}").content.decode()
    assert 'value="special_committee"' not in page and 'value="party_committee"' in page
