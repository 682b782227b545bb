"""Paging of the list pages: a page number past the end shows the last page, a malformed one the first.

Django's ListView answers 404 for `?page=999` (a bookmarked page after the list shrank, a filter that left fewer
rows); the pages that page with `Paginator.get_page` already fall back. This mixin gives a ListView the same.
"""
from django.core.paginator import Paginator


class LastPageListMixin:
    """For a ListView with `paginate_by`: out-of-range or malformed `?page=` shows the nearest page, never 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        number = self.request.GET.get(self.page_kwarg) or self.kwargs.get(self.page_kwarg)
        page = paginator.get_page(paginator.num_pages if number == "last" else number)
        return paginator, page, page.object_list, page.has_other_pages()


def page_of(queryset, request, per_page: int = 50, *, paginator_class=Paginator):
    """The requested page of a list (the last page when the number is past the end)."""
    return paginator_class(queryset, per_page).get_page(request.GET.get("page"))
