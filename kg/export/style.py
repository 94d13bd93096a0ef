"""Colours and display order per node type, shared by GEXF, DOT and the HTML view.

One table so that a type has the same colour in Gephi, Graphviz and the browser.
The palette is Tableau 10 (readable on white, distinguishable by most colour-blind readers
when combined with the legend's labels).
"""

from __future__ import annotations

TYPE_COLOURS: dict[str, str] = {
    "Official": "#d62728",
    "Person": "#ff7f0e",
    "Organization": "#1f77b4",
    "NewsAgency": "#17becf",
    "City": "#2ca02c",
    "Province": "#98df8a",
    "Country": "#bcbd22",
    "Project": "#9467bd",
    "Event": "#8c564b",
    "Post": "#e377c2",
    "Article": "#7f7f7f",
    "Statement": "#c49c94",
    "Quantity": "#aec7e8",
    "Mention": "#c7c7c7",
}
OTHER_COLOUR = "#b0b0b0"

# Persian names for the legend and the type filter of the HTML view.
TYPE_LABELS_FA: dict[str, str] = {
    "Official": "مقام رسمی",
    "Person": "شخص",
    "Organization": "سازمان",
    "NewsAgency": "خبرگزاری",
    "City": "شهر",
    "Province": "استان",
    "Country": "کشور",
    "Project": "پروژه",
    "Event": "رویداد",
    "Post": "سمت",
    "Article": "خبر",
    "Statement": "گفته",
    "Quantity": "مقدار",
    "Mention": "اشاره",
}

# When a resource has several rdf:types, the first of these that it has names it.
TYPE_PRIORITY: tuple[str, ...] = (
    "Official", "NewsAgency", "Person", "Organization", "City", "Province", "Country",
    "Project", "Event", "Post", "Article", "Statement", "Quantity", "Mention",
)


def colour_of(node_type: str) -> str:
    return TYPE_COLOURS.get(node_type, OTHER_COLOUR)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
