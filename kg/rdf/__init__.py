"""Typed records → RDF. Knows the vocabulary, not Persian."""
