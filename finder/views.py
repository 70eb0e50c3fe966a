"""The header's search: suggestions as JSON for the combobox, and a results page that needs no JavaScript.

Both are for the chargés de mission and Direction: an observer reaches no
company, person, project, site or show page (accounts/roles.py), so there is
nothing a search could lead them to.
"""

from django.http import JsonResponse
from django.shortcuts import render

from accounts.roles import staff_required

from . import selectors


@staff_required
def search_suggestions(request):
    query = selectors.clean_query(request.GET.get("q", ""))
    groups = selectors.global_search(user=request.user, text=query)
    return JsonResponse(
        {
            "q": query,
            "groups": [
                {
                    "key": group.key,
                    "label": str(group.label),
                    "results": [
                        {"id": hit.key, "label": hit.label, "detail": hit.detail, "url": hit.url} for hit in group.hits
                    ],
                }
                for group in groups
            ],
        }
    )


@staff_required
def search_results(request):
    typed = request.GET.get("q", "")
    query = selectors.clean_query(typed)
    groups = selectors.global_search(user=request.user, text=query, limit=selectors.PAGE_LIMIT)
    return render(
        request,
        "finder/results.html",
        {
            "typed": typed.strip()[: selectors.MAX_LENGTH],
            "query": query,
            "groups": groups,
            "page_limit": selectors.PAGE_LIMIT,
            "min_length": selectors.MIN_LENGTH,
        },
    )
