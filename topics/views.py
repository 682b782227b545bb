"""Pages of topic selection (placeholder while the foundation lands)."""
from django.http import HttpResponse
from django.views.generic import View


def plan_board(request, year=None):
    return HttpResponse("")


def topic_detail(request, pk):
    return HttpResponse("")


class TopicListView(View):
    pass
