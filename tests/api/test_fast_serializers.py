"""The API lists' fast representation (chengwu_cppcc.fast_serializers) gives exactly DRF's output."""
import json

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework import serializers

from notifications.api import NotificationSerializer
from notifications.models import Notification
from outcomes.models import Assignment
from outcomes.serializers import AssignmentDetailSerializer, AssignmentSerializer
from proposals.api import ProposalListSerializer, ProposalSerializer
from proposals.selectors import proposals_for
from topics.models import Topic
from topics.serializers import TopicSerializer

pytestmark = pytest.mark.django_db


def _drf(serializer_class):
    class Plain(serializer_class):
        def to_representation(self, instance):
            return serializers.ModelSerializer.to_representation(self, instance)

        def get_fields(self):
            return serializers.ModelSerializer.get_fields(self)

    return Plain


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_same_json_as_drf(language, rf):
    call_command("seed_demo", password="fast-serializers-2026", verbosity=0)
    cases = [
        (TopicSerializer, Topic.objects.select_related("plan", "committee", "vice_chair")),
        (AssignmentSerializer, Assignment.objects.select_related("outcome", "department")),
        (AssignmentDetailSerializer, Assignment.objects.select_related("outcome", "department")),
        (NotificationSerializer, Notification.objects.all()),
    ]
    from directory.models import User

    request = rf.get("/api/")
    request.user = User.objects.get(username="staff")
    # Proposals as the list and the detail read them (the detail's co-signers, departments and topics prefetched).
    proposals = proposals_for(request.user).order_by("-created_at", "-id")
    cases += [(ProposalListSerializer, proposals),
              (ProposalSerializer, proposals.prefetch_related("cosigners__member", "suggested_departments",
                                                              "consulted_in"))]
    with translation.override(language):
        for serializer_class, queryset in cases:
            rows = list(queryset)
            assert rows, serializer_class
            fast = serializer_class(rows, many=True, context={"request": request}).data
            plain = _drf(serializer_class)(rows, many=True, context={"request": request}).data
            assert json.dumps(fast, ensure_ascii=False, default=str) == json.dumps(plain, ensure_ascii=False, default=str)
    # A topic without a committee or vice-chair: the relation's None takes DRF's path (its default, None).
    topic = Topic.objects.filter(committee__isnull=True).first() or Topic.objects.first()
    assert TopicSerializer(topic).data == _drf(TopicSerializer)(topic).data
