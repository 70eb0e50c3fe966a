"""Django's form renderer, with <select>s and <input>s written in Python rather than through template includes.

A select of 50 people in each row of an admin inline, or the lists' filter
panels, render hundreds of options; each option costs Django two template
includes (the option, then its attributes), which made up most of the
admin change page's time. ``QuickSelectRenderer`` writes exactly what
``django/forms/widgets/select.html`` with ``select_option.html``, and
``input.html`` (with the templates that only include it) write, character
for character (``tests/core/test_renderers.py`` compares them on every kind
of select and input), and hands every other template to Django.

A project template overriding one of those (WRITTEN_HERE) would be ignored
here: there is none, and the test fails if one appears.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# The <input>s: input.html, and the templates that only include it.
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
}
WRITTEN_HERE = {SELECT, OPTION, *INPUTS}


def _attrs(attrs):
    """attrs.html: `` name="value"`` each, `` name`` alone for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(str(value))}"')
    return "".join(parts)


class QuickSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            widget = context["widget"]
            if all(
                option["template_name"] == OPTION
                for _name, options, _index in widget["optgroups"]
                for option in options
            ):
                return self._select(widget)
        if template_name in INPUTS:
            return self._input(context["widget"])
        return super().render(template_name, context, request=request)

    @staticmethod
    def _input(widget):
        value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        html = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        return mark_safe(f"{html}{value}{_attrs(widget['attrs'])}>")  # noqa: S308 - every value is escaped

    @staticmethod
    def _select(widget):
        # {{ label }} in a template is localized and escaped: render_value_in_context does both.
        context = Context(autoescape=True)
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                    f"{render_value_in_context(option['label'], context)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        # BaseRenderer.render strips what a template writes: no newline after </select>.
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
