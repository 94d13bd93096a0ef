"""One base error and a family per failure domain; the CLI prints their message as one line."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error officials-kg raises on purpose."""

    exit_code = 1


class InputError(KgError):
    """Unreadable, undecodable, empty or binary input; bad metadata."""

    exit_code = 2


class ValidationError(KgError):
    """A graph that does not conform to the SHACL shapes."""

    exit_code = 3


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query that does not parse or fails."""


class ExportError(KgError):
    """An export that cannot be written."""
