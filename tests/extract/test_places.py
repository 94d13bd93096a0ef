"""Place gazetteer and find_places(): sentences written for these tests.

Inputs are normalised Persian (ی/ک, Persian digits); ZWNJ may be present,
missing or a space.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.places import Gazetteer, Place, PlaceMention, find_places, gazetteer, squash

ZWNJ = "\u200c"


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.place_id, m.kind) for m in find_places(text)]


def ids(text: str) -> list[str]:
    return [m.place_id for m in find_places(text)]


# --- the shipped data ---------------------------------------------------------


def test_gazetteer_counts_and_integrity() -> None:
    g = gazetteer()
    provinces = [p for p in g.places.values() if p.kind == "Province"]
    cities = [p for p in g.places.values() if p.kind == "City"]
    assert len(provinces) == 31
    assert len(cities) > 1000
    province_ids = {p.id for p in provinces}
    assert all(c.province_id in province_ids for c in cities), "every city has a known province"
    assert all(p.id.startswith("province-") for p in provinces)
    assert all(c.id.startswith("city-") for c in cities)
    assert g.get("country-iran").kind == "Country"


def test_no_wikidata_qid_on_two_places() -> None:
    qids = Counter(p.wikidata for p in gazetteer().places.values() if p.wikidata)
    assert qids, "some places carry QIDs"
    assert [q for q, n in qids.items() if n > 1] == []
    assert all(q.startswith("Q") and q[1:].isdigit() for q in qids)


def test_every_province_has_a_qid_and_capitals_line_up() -> None:
    g = gazetteer()
    assert all(p.wikidata for p in g.places.values() if p.kind == "Province")
    # A province named after its capital shares the capital's slug.
    assert g.get("city-hamedan").province_id == "province-hamedan"
    assert g.get("city-isfahan").province_id == "province-isfahan"
    assert g.get("city-mashhad").province_id == "province-razavi-khorasan"


def test_aliases_point_at_known_places() -> None:
    g = gazetteer()
    assert g.aliases
    assert all(pid in g.places for _alias, pid in g.aliases)


def test_ambiguous_list_really_catches_city_names() -> None:
    g = gazetteer()
    # The stoplist is derived: city names that are common words.
    for word in ("شنبه", "بافت", "نور", "مهر", "تراز", "مرکزی"):
        assert squash(word) in g.ambiguous
    assert squash("همدان") not in g.ambiguous


def test_place_is_frozen() -> None:
    p = gazetteer().get("city-tabriz")
    assert isinstance(p, Place)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name_fa = "x"  # type: ignore[misc]


# --- lookup ---------------------------------------------------------------------


def test_lookup_city_and_province_names() -> None:
    g = gazetteer()
    assert [p.id for p in g.lookup("همدان")] == ["city-hamedan", "province-hamedan"]
    assert [p.id for p in g.lookup("استان همدان")] == ["province-hamedan"]
    assert [p.id for p in g.lookup("شهر همدان")] == ["city-hamedan"]
    assert [p.id for p in g.lookup("شهرستان همدان")] == ["city-hamedan"]
    assert [p.id for p in g.lookup("گیلان")] == ["province-gilan"]
    assert g.lookup("ناکجاآباد") == []


def test_lookup_tolerates_spelling_variants() -> None:
    g = gazetteer()
    for spelling in ("خرم‌آباد", "خرم آباد", "خرمآباد", "خرم اباد", "خرم\u200cآباد"):
        assert g.lookup(spelling)[0].name_fa == "خرم آباد", spelling
    assert g.lookup("آذربايجان شرقي")[0].id == "province-east-azerbaijan"
    assert g.lookup("سیستان وبلوچستان")[0].id == "province-sistan-and-baluchestan"


# --- province vs city -------------------------------------------------------------


def test_province_cue_vs_bare_name_hamedan() -> None:
    text = "استاندار همدان در سفر به همدان گفت: استان همدان امسال ۱۲ طرح آبرسانی دارد."
    assert found(text) == [
        ("همدان", "province-hamedan", "Province"),  # «استاندار X» is the province
        ("همدان", "city-hamedan", "City"),  # bare: the city
        ("استان همدان", "province-hamedan", "Province"),  # span covers «استان»
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قیمت مسکن در اصفهان افزایش یافت.", [("اصفهان", "city-isfahan", "City")]),
        ("بارش باران در استان اصفهان ادامه دارد.", [("استان اصفهان", "province-isfahan", "Province")]),
        ("شهردار کرمان از افتتاح بوستان جدید خبر داد.", [("کرمان", "city-kerman", "City")]),
        ("کشاورزان استان کرمان خسارت دیدند.", [("استان کرمان", "province-kerman", "Province")]),
        ("جلسه در شهر یزد برگزار شد.", [("یزد", "city-yazd", "City")]),
        ("فرماندار شهرستان سمنان گفت", [("سمنان", "city-semnan", "City")]),
    ],
)
def test_city_or_province(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_province_only_names_are_provinces() -> None:
    assert found("سیل در گیلان و مازندران خسارت زد.") == [
        ("گیلان", "province-gilan", "Province"),
        ("مازندران", "province-mazandaran", "Province"),
    ]
    assert ids("بارندگی در خراسان رضوی و کهگیلویه و بویراحمد") == [
        "province-razavi-khorasan",
        "province-kohgiluye-and-buyer-ahmad",
    ]


def test_province_named_like_a_town_elsewhere_stays_province() -> None:
    # The town «البرز» is in Qazvin province, so bare «البرز» is the province.
    assert ids("ساخت مسکن در البرز سرعت گرفت.") == ["province-alborz"]
    assert ids("شهردار شهر البرز گفت") == ["city-alborz"]


def test_plural_province_cue_carries_over_a_list() -> None:
    assert ids("استان‌های همدان، کرمان و اصفهان بیشترین بارش را داشتند.") == [
        "province-hamedan",
        "province-kerman",
        "province-isfahan",
    ]
    assert ids("شهرهای رشت، لاهیجان و آستارا میزبان گردشگران بودند.") == [
        "city-rasht",
        "city-lahijan-gilan",
        "city-astara",
    ]


def test_country() -> None:
    assert found("ایران بزرگ‌ترین تولیدکننده زعفران است.") == [("ایران", "country-iran", "Country")]
    assert found("سفیر جمهوری اسلامی ایران گفت") == [("جمهوری اسلامی ایران", "country-iran", "Country")]


# --- spelling: ZWNJ, spaces, joined -----------------------------------------------


@pytest.mark.parametrize("spelling", ["خرم‌شهر", "خرمشهر", "خرم شهر"])
def test_zwnj_space_or_nothing(spelling: str) -> None:
    text = f"بازسازی بندر {spelling} آغاز شد."
    assert found(text) == [(spelling, "city-khorramshahr", "City")]


@pytest.mark.parametrize("spelling", ["بندرعباس", "بندر عباس", "بندر‌عباس"])
def test_bandar_abbas_spellings(spelling: str) -> None:
    assert ids(f"کشتی‌ها در {spelling} پهلو گرفتند.") == ["city-bandar-abbas"]


def test_multiword_names_and_aliases() -> None:
    assert ids("پروژه مسجد سلیمان و مسجدسلیمان") == ["city-masjed-soleyman", "city-masjed-soleyman"]
    assert ids("محور رشت–انزلی بازگشایی شد") == ["city-rasht", "city-bandar-e-anzali"]
    assert ids("پتروشیمی‌های ماهشهر و بندر ماهشهر") == ["city-bandar-mahshahr", "city-bandar-mahshahr"]
    assert ids("در سیستان‌وبلوچستان و چهار محال و بختیاری") == [
        "province-sistan-and-baluchestan",
        "province-chaharmahal-and-bakhtiyari",
    ]


def test_diacritics_are_tolerated() -> None:
    assert ids("هوای تهرانِ امروز آلوده است") == ["city-tehran"]


# --- longest match and word boundaries ----------------------------------------------


def test_longest_match() -> None:
    assert ids("نخلستان‌های خرمشهر") == ["city-khorramshahr"]
    assert ids("بازار ایرانشهر") == ["city-iranshahr"]
    assert ids("فولاد شاهین‌شهر") == ["city-shahin-shahr"]
    assert ids("گردشگران بندر انزلی") == ["city-bandar-e-anzali"]


@pytest.mark.parametrize(
    "text",
    [
        "قمار در این کشور ممنوع است.",  # «قم» inside a word
        "بمباران مناطق مسکونی محکوم شد.",  # «بم»
        "به نام یزدان پاک",  # «یزد»
        "شیرازه کار از هم پاشید.",  # «شیراز»
        "این ساریان خستگی ناپذیر",  # «ساری» + «ان» is not an adjective form
    ],
)
def test_never_inside_a_longer_word(text: str) -> None:
    assert find_places(text) == []


# --- common words, cues, blocked contexts ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "روز شنبه بازار تعطیل بود.",
        "نوسازی بافت فرسوده شهر در دستور کار است.",
        "تراز آب سد کاهش یافت.",
        "در مهر ماه امسال بارندگی کم بود.",
        "نور خورشید به پنل‌ها می‌تابد.",
        "آستانه تحمل مردم پایین آمده است.",
        "تخت‌های بیمارستان پر شد.",
        "سیب و انار صادر شد.",
        "باغ‌های مرکبات زیر آب رفت.",  # «زیر آب» is also the town Zirab
        "در ساعات اوج مصرف برق",  # «اوج» (peak) is not the town «آوج»
        "مسافران به شهر بازگشتند.",  # «به شهر» is not «بهشهر»
        "زائران شهر امام رضا",  # not the town «شهرامام»
    ],
)
def test_common_word_city_names_need_a_cue(text: str) -> None:
    assert find_places(text) == []


def test_common_word_city_names_with_a_cue() -> None:
    assert ids("زلزله در شهرستان بافت خسارتی نداشت.") == ["city-baft"]
    assert ids("شهردار نور گفت") == ["city-nur"]
    assert ids("امام جمعه میانه گفت") == ["city-mianeh"]
    assert ids("نماینده مردم سراب در مجلس") == ["city-sarab"]
    assert ids("تردد زائران از مرز مهران") == ["city-mehran"]


def test_list_licenses_names_but_not_common_nouns() -> None:
    # «مهران» is a given name: in a list of places it is the town.
    assert ids("مرزهای ایلام و مهران شلوغ است.") == ["city-ilam", "city-mehran"]
    # «بافت» is a common noun: a list link is not enough.
    assert ids("شهر همدان و بافت تاریخی آن") == ["city-hamedan"]


def test_province_only_common_word_needs_province_cue() -> None:
    assert ids("رئیس بانک مرکزی گفت") == []
    assert ids("بخشدار مرکزی شهرستان اراک") == ["city-arak"]
    assert found("کارخانه‌ای در استان مرکزی") == [("استان مرکزی", "province-markazi", "Province")]
    assert ids("استاندار مرکزی گفت") == ["province-markazi"]


@pytest.mark.parametrize(
    "text",
    [
        "نفتکش در خلیج فارس توقیف شد.",
        "تراز دریاچه ارومیه بالا آمد.",
        "به گزارش خبرگزاری فارس،",
        "ترافیک خیابان شیراز سنگین است.",
        "کلاس‌های زبان فارسی",
    ],
)
def test_names_inside_other_names_are_skipped(text: str) -> None:
    assert find_places(text) == []


@pytest.mark.parametrize("text", ["بیت امام خمینی", "دیدار با آیت‌الله خامنه‌ای", "آبادانی روستاها"])
def test_derived_forms_that_are_words_or_names(text: str) -> None:
    assert find_places(text) == []


# --- adjectives ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, surface, place_id",
    [
        ("هنرمندان همدانی در جشنواره", "همدانی", "city-hamedan"),
        (f"تهرانی{ZWNJ}ها در ترافیک", f"تهرانی{ZWNJ}ها", "city-tehran"),
        ("تهرانیها در ترافیک", "تهرانیها", "city-tehran"),
        (f"فرش ساوه{ZWNJ}ای", f"ساوه{ZWNJ}ای", "city-saveh"),
        ("کشاورزان کرمانی", "کرمانی", "city-kerman"),
        ("ایرانیان خارج از کشور", "ایرانیان", "country-iran"),
        ("برنج گیلانی", "گیلانی", "province-gilan"),
    ],
)
def test_adjective_forms(text: str, surface: str, place_id: str) -> None:
    (m,) = find_places(text)
    assert (m.surface, m.place_id, m.form) == (surface, place_id, "adjective")


@pytest.mark.parametrize("text", ["آقای تهرانی گفت", "شهید همدانی", "محمد شیرازی، کارشناس اقتصادی"])
def test_adjective_after_a_person_cue_is_a_surname(text: str) -> None:
    assert find_places(text) == []


# --- homonyms ----------------------------------------------------------------------


def test_homonyms_follow_the_article_province() -> None:
    assert ids("لاهیجان") == ["city-lahijan-gilan"]  # the county seat by default
    assert ids("در استان آذربایجان شرقی، لاهیجان") == [
        "province-east-azerbaijan",
        "city-lahijan-east-azerbaijan",
    ]
    assert ids("مهاباد در آذربایجان غربی") == ["city-mahabad-west-azerbaijan", "province-west-azerbaijan"]
    assert ids("مهاباد، شهری در استان اصفهان") == ["city-mahabad-isfahan", "province-isfahan"]


# --- a realistic paragraph -------------------------------------------------------------


def test_news_paragraph_many_cities() -> None:
    text = (
        "به گزارش ایسنا، معاون عمرانی استاندار خوزستان روز دوشنبه در جلسه‌ای در اهواز گفت: "
        "طرح آبرسانی به دزفول، شوشتر و آبادان تا پایان سال تکمیل می‌شود و سهم شهرستان بافت "
        "از اعتبارات امسال نیز افزایش یافته است. وی افزود: روز شنبه هیئتی از تهران برای بازدید "
        "از پروژه‌های بندر امام خمینی به استان سفر می‌کند."
    )
    assert found(text) == [
        ("خوزستان", "province-khuzestan", "Province"),
        ("اهواز", "city-ahwaz", "City"),
        ("دزفول", "city-dezful", "City"),
        ("شوشتر", "city-shushtar", "City"),
        ("آبادان", "city-abadan", "City"),
        ("بافت", "city-baft", "City"),
        ("تهران", "city-tehran", "City"),
        ("بندر امام خمینی", "city-bandar-imam-khomeini", "City"),
    ]


# --- properties ---------------------------------------------------------------------

_PIECES = [
    "همدان", "استان", "شهر", "شهرستان", "تهران", "ی", "ها", ZWNJ, " ", "،", "و", "خرم", "آباد",
    "بندر", "عباس", "شنبه", "بافت", "فارس", "خلیج", "ایران", "مرکزی", "\u0650", "۱۲", "\n", "«", "»",
]


def _check(text: str) -> None:
    ms = find_places(text)
    last = -1
    for m in ms:
        assert isinstance(m, PlaceMention)
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.start >= last, "mentions are in order and do not overlap"
        last = m.end
        assert m.place_id in gazetteer().places
        assert gazetteer().get(m.place_id).kind == m.kind


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_random_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_spans_are_exact_on_persian_like_text(text: str) -> None:
    _check(text)


def test_fast_enough() -> None:
    sentence = "شهردار همدان گفت: پروژه‌های نیمه‌تمام شهر با همکاری استانداری و دولت در سال آینده تکمیل می‌شود. "
    article = (sentence * (3000 // len(sentence) + 1))[:3000]
    find_places(article)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(20):
            find_places(article)
        best = min(best, (time.perf_counter() - t) / 20)
    # Measured ~1 ms on the dev machine; the bound only guards against a
    # regression to per-name regexes (~100x slower).
    assert best < 0.02, f"{best * 1000:.1f} ms for 3,000 characters"


def test_explicit_lexicon_dir_loads_the_same_data() -> None:
    from kg.extract.places import LEXICON_DIR

    g = Gazetteer(LEXICON_DIR)
    assert g.lookup("همدان")[0].id == "city-hamedan"
    assert len(g.places) == len(gazetteer().places)
