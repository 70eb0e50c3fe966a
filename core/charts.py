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


# A rough width of one character of the funnel's text at its largest (14 px on
# a phone, see results.css), bold digits included: whether a count fits in its bar.
CHAR_WIDTH = 9
INK = "#1d2733"
ON_BAR = "#fff"


def funnel_chart(rows, *, title):
    """Bars narrowing stage by stage, for ``rows`` of (stage label, count).

    The stage names stand in a column of their own, in ink on the page; the
    bars are centred beside them. A count is written in white inside its bar
    when it fits there, else in ink just right of the bar: a stage few
    projects reached has a bar too narrow for any text, and white text beside
    it would vanish on the white page.
    """
    rows = list(rows)
    if not rows:
        return ""
    top = max(value for _label, value in rows) or 1
    height = (ROW_HEIGHT + 4) * len(rows) + 8
    bar_space = WIDTH - LABEL_WIDTH - 10
    centre = LABEL_WIDTH + bar_space / 2
    parts = [_svg_open("funnel", height, title)]
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (ROW_HEIGHT + 4)
        width = max(round(bar_space * value / top, 1), 2)
        count = _format(value)
        inside = width >= len(count) * CHAR_WIDTH + 12
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="label" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar step-{}"></rect>'
                '<text x="{}" y="{}" class="value {}" text-anchor="{}" fill="{}">{}</text>',
                LABEL_WIDTH - 8,
                y + ROW_HEIGHT - 8,
                INK,
                _truncate(label),
                round(centre - width / 2, 1),
                y,
                width,
                ROW_HEIGHT,
                index,
                centre if inside else round(centre + width / 2 + 6, 1),
                y + ROW_HEIGHT - 8,
                "inside" if inside else "outside",
                "middle" if inside else "start",
                ON_BAR if inside else INK,
                count,
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
