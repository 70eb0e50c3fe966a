"""The companies list's « Filtres » panel, rendered once per change of what its choices list.

Rendering the panel's <select>s (people, appearances, sectors…) is most of
the list page's time while its own SQL is about a millisecond. The panel's
HTML is cached (``{% cache %}`` in the template) under a key made of the
request's filters, the language and a *version* of the choices, which
changes whenever a person, a group membership, a sector, a show or an
appearance is saved or deleted. The cache entry also lives at most
PANEL_SECONDS: in a process that did not see the change (the default cache
is per process; set CACHE_URL to share one), the panel catches up then.
"""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from .pagination import CURSOR_PARAMS

PANEL_SECONDS = 60
VERSION_KEY = "prospects:filter-choices-version"
# The models whose rows are the panel's choices (or their labels).
CHOICE_MODELS = ["auth.User", "prospects.Sector", "events.Appearance", "events.TradeShow"]
# What changes the page but not the panel: where the list is, and its order (a field outside the panel).
NOT_FILTERS = {*CURSOR_PARAMS, "sort"}


def choices_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def choices_changed(**_kwargs):
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def panel_key(request):
    """What the cached panel varies on: its choices' version, the language and the filters typed."""
    filters = sorted((name, value) for name, value in request.GET.lists() if name not in NOT_FILTERS)
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    return f"{choices_version()}:{translation.get_language()}:{digest}"


def connect():
    for label in CHOICE_MODELS:
        model = apps.get_model(label)
        post_save.connect(choices_changed, sender=model, dispatch_uid=f"filter-panel-save-{label}")
        post_delete.connect(choices_changed, sender=model, dispatch_uid=f"filter-panel-delete-{label}")
    groups = apps.get_model(settings.AUTH_USER_MODEL).groups.through
    m2m_changed.connect(choices_changed, sender=groups, dispatch_uid="filter-panel-groups")
