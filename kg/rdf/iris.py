"""Deterministic IRIs: the same article always yields the same names.

The article IRI comes from a hash of its text, statements and mentions from the
article plus offsets, people from their normalised name (or, unnamed, their
post), places from their gazetteer id. Ingesting twice therefore changes nothing.
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from kg.rdf.namespace import DEFAULT_BASE


def digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


class Minter:
    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    @staticmethod
    def article_id(sha256: str) -> str:
        return sha256[:16]

    def article(self, sha256: str) -> URIRef:
        return self._iri("article", self.article_id(sha256))

    def spanned(self, kind: str, sha256: str, start: int, end: int, qualifier: str = "") -> URIRef:
        """A resource of one span; ``qualifier`` tells apart resources sharing the span
        (the statements of a joint subject: one content span, one statement per speaker)."""
        suffix = f"-{digest(qualifier, 6)}" if qualifier else ""
        return self._iri(kind, f"{self.article_id(sha256)}-{start}-{end}{suffix}")

    def mention(self, sha256: str, start: int, end: int, referent: str) -> URIRef:
        return self._iri("mention", f"{self.article_id(sha256)}-{start}-{end}-{digest(referent, 6)}")

    def person(self, identity_key: str) -> URIRef:
        return self._iri("person", digest(identity_key))

    def post(self, key: str) -> URIRef:
        return self._iri("post", digest(key))

    def organization(self, key: str) -> URIRef:
        return self._iri("org", digest(key))

    def place(self, gazetteer_id: str) -> URIRef:
        return self._iri("place", gazetteer_id)

    def local(self, kind: str, sha256: str, key: str) -> URIRef:
        return self._iri(kind, f"{self.article_id(sha256)}-{digest(key, 8)}")

    def activity(self, sha256: str, version: str) -> URIRef:
        return self._iri("activity", f"{self.article_id(sha256)}-{version}")

    def software(self, version: str) -> URIRef:
        return self._iri("software", "officials-kg", version)
