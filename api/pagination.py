"""The lists' seek pagination (prospects.pagination.ListPage) as the API's cursor pagination.

``next`` and ``previous`` are links carrying the signed sort values of the
row a page ends or starts at, so every page costs what the first does and a
row added meanwhile neither repeats nor skips one; ``count`` stops at
COUNT_CAP (``count_capped`` then says so), as on the screens.
"""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from prospects.pagination import COUNT_CAP, ListPage

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class SeekPagination(BasePagination):
    page_size_query_param = "page_size"

    def page_size(self, request):
        try:
            size = int(request.query_params.get(self.page_size_query_param, PAGE_SIZE))
        except (TypeError, ValueError):
            return PAGE_SIZE
        return min(max(size, 1), MAX_PAGE_SIZE)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = ListPage(queryset, request.query_params, per_page=self.page_size(request))
        return list(self.page.object_list)

    def _link(self, query):
        if query is None:
            return None
        return self.request.build_absolute_uri(self.request.path) + query

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.total if not self.page.total_capped else COUNT_CAP,
                "count_capped": self.page.total_capped,
                "next": self._link(self.page.next_url),
                "previous": self._link(self.page.previous_url),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": f"Matches, counted up to {COUNT_CAP}."},
                "count_capped": {"type": "boolean"},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": "after",
                "required": False,
                "in": "query",
                "description": "Cursor of the next page: follow the `next` link rather than building it.",
                "schema": {"type": "string"},
            },
            {
                "name": "before",
                "required": False,
                "in": "query",
                "description": "Cursor of the previous page: follow the `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "The page's number, carried by the links.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
