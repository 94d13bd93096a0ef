"""Compiled matchers for the lexicons of reporting verbs and indirect cues.

Lexicon phrases are turned into patterns that tolerate the spelling variation of
real Persian text: optional space/ZWNJ between words, أ/ا, ئ/ی, and inflection of
the final verb («گفت» → گفتند، گفته است، می‌گوید ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.speakers import squash
from kg.lexicons import load_rows, load_table
from kg.text.normalise import LETTER, ZWNJ

SEP = f"[ {ZWNJ}]*"  # between two words: a space, a ZWNJ or nothing
SEP1 = f"[ {ZWNJ}]+"
NOT_LETTER_BEFORE = f"(?<![{LETTER}{ZWNJ}])"
NOT_LETTER_AFTER = f"(?![{LETTER}])"

_VARIANT_CHARS = {"أ": "اأ", "ا": "اأ", "ئ": "ئی", "ی": "یئ", "ة": "هة", "ه": "هة"}
_VARIANTS = {k: f"[{v}]" for k, v in _VARIANT_CHARS.items()}


def _pieces(phrase: str) -> list[str]:
    """``flex(phrase)`` as a list: one regex per letter, ``SEP`` between words."""
    out: list[str] = []
    for k, w in enumerate(re.split(f"[ {ZWNJ}]+", phrase.strip())):
        if k:
            out.append(SEP)
        out.extend(_VARIANTS.get(ch, re.escape(ch)) for ch in w)
    return out


def flex(phrase: str) -> str:
    """A regex for ``phrase`` tolerant of spacing and common letter variants."""
    return "".join(_pieces(phrase))


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    rows = load_rows("verb_stems.tsv")
    return {r["past"]: r["present"] for r in rows if r.get("past") and r.get("present")}


# An alternative of a verb pattern split after its first letter: (the letters it may
# start with, the regex for the rest). See _verb_pattern.
_Alt = tuple[str, str]


def _split(phrase: str, after: str = "") -> _Alt | None:
    """``flex(phrase) + after`` split after its first letter (None: no letter to split at)."""
    pieces = _pieces(phrase)
    first = phrase.strip()[:1]
    if not first or not pieces or pieces[0] != _VARIANTS.get(first, re.escape(first)):
        return None
    return _VARIANT_CHARS.get(first, first), "".join(pieces[1:]) + after


def _inflections(past: str, present: str) -> list[tuple[str, list[_Alt | None]]]:
    """The reporting forms of one verb: each a regex, and the same split after its first letter."""
    p = flex(past)
    pr = flex(present)
    mi = f"(?:ن?می{SEP})"
    past_end = f"(?:ه{SEP}(?:است|اند|بود|بودند)|ند)?"
    present_end = f"{pr}(?:ی)?(?:د|ند)"
    return [
        (f"{p}{past_end}", [_split(past, past_end)]),  # گفت، گفتند، گفته است، گفته‌اند، گفته بود
        # می‌گوید، می‌گویند، می‌کند: «ن?» tries «ن» first, so «نمی…» comes before «می…»
        (f"{mi}{present_end}", [("ن", f"می{SEP}{present_end}"), ("م", f"ی{SEP}{present_end}")]),
    ]


def _verb_pattern(lexicon: str) -> re.Pattern[str]:
    stems = _stems()
    alts: list[tuple[int, str, list[_Alt | None]]] = []
    for phrase in load_table(lexicon, "phrase"):
        words = phrase.split()
        last = words[-1]
        lights = [last] + (["نمود"] if last == "کرد" else [])
        for light in lights:
            present = stems.get(light)
            forms = _inflections(light, present) if present else [(flex(light), [_split(light)])]
            if len(words) > 1:
                lead = " ".join(words[:-1])
                pre = flex(lead) + SEP
                for form, _ in forms:
                    alts.append((len(phrase), pre + form, [_split(lead, SEP + form)]))
            else:
                alts.extend((len(phrase), form, split) for form, split in forms)
    alts.sort(key=lambda a: -a[0])
    if any(None in split for _, _, split in alts):  # a lexicon entry not starting with a letter
        body = "|".join(f"(?:{a})" for _, a, _ in alts)
        return re.compile(f"{NOT_LETTER_BEFORE}(?P<verb>{body}){NOT_LETTER_AFTER}")
    # One branch per first letter, keeping the order of the alternatives: at any position
    # only the branch of the letter found there can match, and it tries the alternatives
    # that can in the order of the plain alternation (longest phrase first), so matches
    # are the same. With the lookbehind after the letter the pattern starts with a set of
    # literals, and the regex engine skips straight to the positions holding one.
    by_letter: dict[str, list[str]] = {}
    for _, _, split in alts:
        for first, rest in split:  # type: ignore[misc]
            for ch in first:
                by_letter.setdefault(ch, []).append(rest)
    body = "|".join(
        f"{re.escape(ch)}(?<![{LETTER}{ZWNJ}]{re.escape(ch)})(?:{'|'.join(f'(?:{r})' for r in rests)})"
        for ch, rests in by_letter.items()
    )
    return re.compile(f"(?P<verb>{body}){NOT_LETTER_AFTER}")


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


@lru_cache(maxsize=1)
def _plural_endings() -> tuple[frozenset[str], tuple[int, ...], frozenset[str]]:
    """Third-person plural forms of every stem (squashed), their lengths, and the past stems."""
    forms: set[str] = set()
    for past, present in _stems().items():
        p, pr = squash(past), squash(present)
        # گفتند، گفته‌اند، گفته بودند، می‌گویند، نمی‌گویند
        forms.update({p + "ند", p + "هاند", p + "هبودند", "می" + pr + "ند", "می" + pr + "یند"})
    return (
        frozenset(forms),
        tuple(sorted({len(f) for f in forms}, reverse=True)),
        frozenset(squash(p) for p in _stems()),
    )


@lru_cache(maxsize=256)
def is_plural_verb(verb: str) -> bool:
    """Is a reporting verb as written third-person plural («گفتند», «تأکید کردند», «گفته‌اند»)?

    A plural verb is what tells «X و Y گفتند» (two speakers) from «X و Y گفت» (one
    person with two posts).
    """
    forms, lengths, pasts = _plural_endings()
    v = squash(verb)
    if v in pasts:  # «خواند» is a singular past, not «خوا» + «ند»
        return False
    return any(v[-n:] in forms for n in lengths if n <= len(v))


_COPULAS = frozenset(("است", "بود", "بودند", "هست", "نیست", "شد", "شدند"))


@lru_cache(maxsize=1)
def _verb_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Squashed past stems and present stems of ``verb_stems.tsv``."""
    stems = _stems()
    return frozenset(squash(p) for p in stems), frozenset(squash(p) for p in stems.values())


@lru_cache(maxsize=1024)
def is_finite_verb(token: str) -> bool:
    """Does ``token`` end a clause as its verb («برگزار شد»، «حضور داشتند»، «می‌گفت»، «است»)?

    Third person only, and no «ی»/«م» endings: a surname may end like «کردی».
    """
    t = squash(token.strip("،,.؛"))
    if t in _COPULAS:
        return True
    pasts, presents = _verb_forms()
    if t in pasts or (t.endswith("ند") and t[:-2] in pasts):  # «داشت», «داشتند»
        return True
    for prefix in ("نمی", "می"):
        if t.startswith(prefix):
            rest = t[len(prefix) :]
            if rest in pasts or (rest.endswith("ند") and rest[:-2] in pasts):  # «می‌گفت», «می‌گفتند»
                return True
            # «می‌گوید», «می‌گویند», «نمی‌شود»
            return any(rest.endswith(e) and rest[: -len(e)] in presents for e in ("یند", "ید", "ند", "د"))
    return False


ACCORDING_TO = re.compile(f"{NOT_LETTER_BEFORE}(?P<cue>به{SEP1}گفته(?:{SEP1}(?:ی|ٔ))?){SEP1}")
