"""Reading, normalising and segmenting text; every offset maps back to the raw text."""

from kg.text.document import Document, OffsetMap, Span
from kg.text.normalise import fold, normalise, normalise_text

__all__ = ["Document", "OffsetMap", "Span", "fold", "normalise", "normalise_text"]
