"""``{{ contact.phone|phone }}`` and ``{{ contact.phone|tel }}``: a number as shown, and its link."""

from django import template

from core.phones import display_phone, tel_uri

register = template.Library()

register.filter("phone", display_phone)
register.filter("tel", tel_uri)
