"""``{% object_url "prospects:followup_complete" followup.pk %}``: ``{% url %}`` for lists of objects."""

from django import template

from core.urlcache import object_url as _object_url

register = template.Library()


@register.simple_tag
def object_url(name, pk):
    return _object_url(name, pk)
