"""The funnel's words stay readable whatever the size of its bars."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from core import charts

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "results.css"


def parse(svg):
    root = ET.fromstring(str(svg).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    rects = root.findall(f"{SVG}rect")
    texts = root.findall(f"{SVG}text")
    labels = [text for text in texts if text.get("class") == "label"]
    values = [text for text in texts if text.get("class", "").startswith("value")]
    return rects, labels, values


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


ROWS = [
    ("Piste", 120),
    ("Projet actif", 64),
    ("Visite de site", 15),
    ("Proposition", 3),
    ("Décision", 1),
    ("Implanté", 0),
]


def test_stage_names_are_ink_in_their_own_column():
    _rects, labels, _values = parse(charts.funnel_chart(ROWS, title="Entonnoir"))
    assert [label.text for label in labels] == [name for name, _count in ROWS]
    for label in labels:
        assert label.get("fill") == charts.INK
        assert label.get("text-anchor") == "end"
        assert float(label.get("x")) <= charts.LABEL_WIDTH


def test_a_count_goes_inside_a_wide_bar_and_beside_a_narrow_one():
    rects, _labels, values = parse(charts.funnel_chart(ROWS, title="Entonnoir"))
    placement = {}
    for (name, _count), rect, value in zip(ROWS, rects, values, strict=True):
        left, width = float(rect.get("x")), float(rect.get("width"))
        x = float(value.get("x"))
        text_width = len(value.text) * charts.CHAR_WIDTH
        if "inside" in value.get("class"):
            assert value.get("fill") == "#fff"
            assert left <= x - text_width / 2 and x + text_width / 2 <= left + width
        else:
            assert value.get("fill") == charts.INK
            assert x >= left + width
            assert x + text_width <= charts.WIDTH
        assert left >= charts.LABEL_WIDTH
        placement[name] = value.get("class")
    assert placement == {
        "Piste": "value inside",
        "Projet actif": "value inside",
        "Visite de site": "value inside",
        "Proposition": "value outside",
        "Décision": "value outside",
        "Implanté": "value outside",
    }


@pytest.mark.parametrize("counts", [[1], [1, 1], [5, 0], [1000, 999, 1]])
def test_every_count_is_written_and_within_the_drawing(counts):
    rows = [(f"Étape {index}", count) for index, count in enumerate(counts)]
    rects, _labels, values = parse(charts.funnel_chart(rows, title="Entonnoir"))
    assert [value.text for value in values] == [f"{count:,}".replace(",", "\u00a0") for count in counts]
    for value in values:
        assert float(value.get("x")) + len(value.text) * charts.CHAR_WIDTH / 2 <= charts.WIDTH


def test_white_counts_sit_on_bars_dark_enough_for_them():
    css = CSS.read_text(encoding="utf-8")
    steps = dict(re.findall(r"\.chart\.funnel \.step-(\d) \{ fill: (#[0-9a-f]{6}); \}", css))
    assert sorted(steps) == [str(index) for index in range(6)]
    for colour in steps.values():
        assert contrast(colour, "#ffffff") >= 4.5, colour
