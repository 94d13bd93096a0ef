"""Compiled matchers for the lexicons of reporting verbs and indirect cues.

Lexicon phrases are turned into patterns that tolerate the spelling variation of
real Persian text: optional space/ZWNJ between words, أ/ا, ئ/ی, and inflection of
the final verb («گفت» → گفتند، گفته است، می‌گوید ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicons import load_rows, load_table
from kg.text.normalise import LETTER, ZWNJ

SEP = f"[ {ZWNJ}]*"  # between two words: a space, a ZWNJ or nothing
SEP1 = f"[ {ZWNJ}]+"
NOT_LETTER_BEFORE = f"(?<![{LETTER}{ZWNJ}])"
NOT_LETTER_AFTER = f"(?![{LETTER}])"

_VARIANTS = {"أ": "[اأ]", "ا": "[اأ]", "ئ": "[ئی]", "ی": "[یئ]", "ة": "[هة]", "ه": "[هة]"}


def flex(phrase: str) -> str:
    """A regex for ``phrase`` tolerant of spacing and common letter variants."""
    words = re.split(f"[ {ZWNJ}]+", phrase.strip())
    out = []
    for w in words:
        out.append("".join(_VARIANTS.get(ch, re.escape(ch)) for ch in w))
    return SEP.join(out)


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    rows = load_rows("verb_stems.tsv")
    return {r["past"]: r["present"] for r in rows if r.get("past") and r.get("present")}


def _inflections(past: str, present: str) -> list[str]:
    """Regex alternatives for the reporting forms of one verb."""
    p = flex(past)
    pr = flex(present)
    mi = f"(?:ن?می{SEP})"
    return [
        f"{p}(?:ه{SEP}(?:است|اند|بود|بودند)|ند)?",  # گفت، گفتند، گفته است، گفته‌اند، گفته بود
        f"{mi}{pr}(?:ی)?(?:د|ند)",  # می‌گوید، می‌گویند، می‌کند
    ]


def _verb_pattern(lexicon: str) -> re.Pattern[str]:
    stems = _stems()
    alts: list[tuple[int, str]] = []
    for phrase in load_table(lexicon, "phrase"):
        words = phrase.split()
        last = words[-1]
        lights = [last] + (["نمود"] if last == "کرد" else [])
        for light in lights:
            present = stems.get(light)
            forms = _inflections(light, present) if present else [flex(light)]
            pre = (flex(" ".join(words[:-1])) + SEP) if len(words) > 1 else ""
            for form in forms:
                alts.append((len(phrase), pre + form))
    alts.sort(key=lambda a: -a[0])
    body = "|".join(f"(?:{a})" for _, a in alts)
    return re.compile(f"{NOT_LETTER_BEFORE}(?P<verb>{body}){NOT_LETTER_AFTER}")


@lru_cache(maxsize=1)
def reporting_verb_pattern() -> re.Pattern[str]:
    """Matches any reporting verb of the lexicon, inflected; group ``verb``."""
    return _verb_pattern("reporting_verbs.tsv")


@lru_cache(maxsize=1)
def assessment_verb_pattern() -> re.Pattern[str]:
    """Matches the verbs of «X را Y دانست»; group ``verb``."""
    return _verb_pattern("assessment_verbs.tsv")


@lru_cache(maxsize=1)
def indirect_cue_pattern() -> re.Pattern[str]:
    """Matches an indirect-statement cue; group ``cue``; ``lastgroup`` names its kind."""
    rows = sorted(load_rows("indirect_cues.tsv"), key=lambda r: -len(r["cue"]))
    alts = [flex(r["cue"]) for r in rows]
    return re.compile(f"{NOT_LETTER_BEFORE}(?P<cue>{'|'.join(alts)}){NOT_LETTER_AFTER}")


ACCORDING_TO = re.compile(f"{NOT_LETTER_BEFORE}(?P<cue>به{SEP1}گفته(?:{SEP1}(?:ی|ٔ))?){SEP1}")
