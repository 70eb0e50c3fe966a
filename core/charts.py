"""Charts drawn on the server as inline SVG: no script, and they print.

Every bar carries its value as text, so a chart printed in black and white
still reads without a legend.
"""

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# A narrow drawing keeps labels readable on a phone; CSS caps its width on desktop.
WIDTH = 440
LABEL_WIDTH = 160
VALUE_WIDTH = 50
ROW_HEIGHT = 24
BAR_HEIGHT = 16


def _svg_open(kind, height, title):
    """The opening of every chart: scalable to its box, announced as an image by its title."""
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">'
        "<title>{}</title>",
        kind,
        WIDTH,
        height,
        title,
        title,
    )


def _format(value):
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def bar_chart(rows, *, title, value_format=_format):
    """Horizontal bars for ``rows`` of (label, value), longest scale first to last."""
    rows = list(rows)
    if not rows:
        return ""
    top = max((value for _label, value in rows), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * len(rows) + 8
    parts = [_svg_open("bars", height, title)]
    for index, (label, value) in enumerate(rows):
        y = 4 + index * ROW_HEIGHT
        length = round(bar_space * float(value) / float(top), 1) if value else 0
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="label" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>'
                '<text x="{}" y="{}" class="value">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 4,
                _truncate(label),
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT - 4,
                value_format(value),
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


def funnel_chart(rows, *, title):
    """Centred bars narrowing stage by stage, for ``rows`` of (stage label, count)."""
    rows = list(rows)
    if not rows:
        return ""
    top = max(value for _label, value in rows) or 1
    height = (ROW_HEIGHT + 4) * len(rows) + 8
    centre = WIDTH / 2
    parts = [_svg_open("funnel", height, title)]
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (ROW_HEIGHT + 4)
        width = max(round((WIDTH - 20) * value / top, 1), 2)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar step-{}"></rect>'
                '<text x="{}" y="{}" class="label" text-anchor="middle">{} : {}</text>',
                round(centre - width / 2, 1),
                y,
                width,
                ROW_HEIGHT,
                index,
                centre,
                y + ROW_HEIGHT - 8,
                label,
                _format(value),
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return mark_safe("".join(parts))  # noqa: S308


def _truncate(label, length=22):
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"


def target_gauge(value, target, *, title):
    """One bar filled to ``value`` out of ``target``, with the target marked."""
    if not target:
        return ""
    scale = max(value, target)
    filled = round((WIDTH - 20) * value / scale, 1)
    mark = round((WIDTH - 20) * target / scale, 1) + 10
    return format_html(
        '{}<rect x="10" y="8" width="{}" height="20" class="track"></rect>'
        '<rect x="10" y="8" width="{}" height="20" class="bar"></rect>'
        '<line x1="{}" x2="{}" y1="2" y2="34" class="target"></line></svg>',
        _svg_open("gauge", 40, title),
        WIDTH - 20,
        filled,
        mark,
        mark,
    )
