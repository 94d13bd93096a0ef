"""find_organizations() and find_agency(): sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.organizations import (
    AgencyMention,
    OrgMention,
    find_agency,
    find_organizations,
    org_lexicon,
)
from kg.extract.places import find_places

ZWNJ = "\u200c"


def orgs(text: str) -> list[tuple[str, str, str | None]]:
    return [(o.label, o.kind, o.place_id) for o in find_organizations(text)]


# --- lexicons -------------------------------------------------------------------


def test_lexicon_rows_are_valid() -> None:
    lex = org_lexicon()
    heads = {p.head for p in lex.patterns}
    for head in (
        "شهرداری",
        "شورای اسلامی شهر",
        "شورای شهر",
        "استانداری",
        "فرمانداری",
        "فرمانداری ویژه",
        "بخشداری",
        "اداره کل",
        "سازمان",
        "دانشگاه",
        "خبرگزاری",
        "روابط عمومی",
        "مجلس شورای اسلامی",
        "دادگستری",
        "اتاق بازرگانی",
        "وزارت نیرو",
        "وزارت کشور",
        "وزارت راه و شهرسازی",
        "وزارت امور اقتصادی و دارایی",
    ):
        assert head in heads, head


def test_news_agencies_listed() -> None:
    names = {a.name for a in org_lexicon().agencies}
    expected = ["ایرنا", "ایسنا", "فارس", "مهر", "تسنیم", "صدا و سیما", "خانه ملت", "ایلنا", "میزان"]
    for name in [*expected, "باشگاه خبرنگاران جوان"]:
        assert name in names, name


# --- local government -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("شهرداری تبریز اعلام کرد", ("شهرداری تبریز", "Municipality", "city-tabriz")),
        ("شورای اسلامی شهر کرمانشاه تصویب کرد", ("شورای اسلامی شهر کرمانشاه", "CityCouncil", "city-kermanshah")),
        ("جلسه شورای شهر یزد", ("شورای شهر یزد", "CityCouncil", "city-yazd")),
        ("استانداری گلستان اطلاعیه داد", ("استانداری گلستان", "ProvinceGovernorate", "province-golestan")),
        ("سالن فرمانداری شهرستان ورامین", ("فرمانداری شهرستان ورامین", "CountyGovernorate", "city-varamin")),
        ("فرمانداری ویژه کاشان", ("فرمانداری ویژه کاشان", "CountyGovernorate", "city-kashan")),
        ("بخشداری کوهپایه", ("بخشداری کوهپایه", "DistrictGovernorate", "city-koohpayeh")),
        ("دادگستری استان یزد اعلام کرد", ("دادگستری استان یزد", "Judiciary", "province-yazd")),
    ],
)
def test_local_bodies(text: str, expected: tuple[str, str, str]) -> None:
    assert orgs(text) == [expected]


def test_province_body_named_by_the_capital() -> None:
    # «استانداری قزوین»: the city name stands for its province.
    assert orgs("استانداری قزوین") == [("استانداری قزوین", "ProvinceGovernorate", "province-qazvin")]


# --- ministries, national bodies ------------------------------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("وزارت نیرو اعلام کرد", "وزارت نیرو"),
        ("بخشنامه وزارت کشور", "وزارت کشور"),
        ("وزارت راه و شهرسازی قرارداد بست", "وزارت راه و شهرسازی"),
        ("کارشناسان وزارت امور اقتصادی و دارایی", "وزارت امور اقتصادی و دارایی"),
        ("سخنگوی وزارت بهداشت، درمان و آموزش پزشکی", "وزارت بهداشت، درمان و آموزش پزشکی"),
        ("لایحه در مجلس شورای اسلامی تصویب شد", "مجلس شورای اسلامی"),
    ],
)
def test_ministries_and_parliament(text: str, label: str) -> None:
    ((got_label, _kind, place),) = orgs(text)
    assert (got_label, place) == (label, None)


def test_parliament_committee() -> None:
    assert orgs("عضو کمیسیون انرژی مجلس شورای اسلامی گفت") == [
        ("کمیسیون انرژی مجلس شورای اسلامی", "ParliamentCommittee", None)
    ]


# --- provincial directorates and organisations ----------------------------------------


def test_general_directorate_and_organisation_in_province() -> None:
    assert orgs("اداره کل راه و شهرسازی استان لرستان اعلام کرد") == [
        ("اداره کل راه و شهرسازی استان لرستان", "GeneralDirectorate", "province-lorestan")
    ]
    assert orgs("سازمان جهاد کشاورزی استان فارس هشدار داد") == [
        ("سازمان جهاد کشاورزی استان فارس", "Organization", "province-fars")
    ]
    assert orgs("شرکت آب و فاضلاب استان کرمانشاه") == [
        ("شرکت آب و فاضلاب استان کرمانشاه", "Company", "province-kermanshah")
    ]


def test_generic_heads_without_a_place_are_no_organisation() -> None:
    assert orgs("همه سازمان‌ها و دانشگاه‌ها و شهرداری‌ها باید همکاری کنند") == []
    assert orgs("این سازمان در سال گذشته") == []


# --- universities, chambers, agencies, PR -------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("رئیس دانشگاه علوم پزشکی کرمان", ("دانشگاه علوم پزشکی کرمان", "University", "city-kerman")),
        ("استاد دانشگاه شیراز", ("دانشگاه شیراز", "University", "city-shiraz")),
        ("پژوهشگران دانشگاه صنعتی اصفهان", ("دانشگاه صنعتی اصفهان", "University", "city-isfahan")),
        (
            "رئیس اتاق بازرگانی، صنایع، معادن و کشاورزی اهواز",
            ("اتاق بازرگانی، صنایع، معادن و کشاورزی اهواز", "ChamberOfCommerce", "city-ahwaz"),
        ),
        ("روابط عمومی استانداری گیلان اعلام کرد", ("روابط عمومی استانداری گیلان", "PublicRelations", "province-gilan")),
    ],
)
def test_named_bodies(text: str, expected: tuple[str, str, str]) -> None:
    assert orgs(text) == [expected]


def test_agencies() -> None:
    assert orgs("خبرگزاری مهر گزارش داد") == [("خبرگزاری مهر", "NewsAgency", None)]
    assert orgs("به نقل از ایرنا") == [("ایرنا", "NewsAgency", None)]
    assert orgs("باشگاه خبرنگاران جوان") == [("باشگاه خبرنگاران جوان", "NewsAgency", None)]
    # «مهر» and «میزان» are agencies only after «خبرگزاری» or «خبرنگار».
    assert orgs("در مهر ماه به میزان زیادی") == []
    assert orgs("در گفت‌وگو با خبرنگار مهر") == [("مهر", "NewsAgency", None)]


# --- titles imply organisations --------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("فرماندار دزفول گفت", ("فرمانداری دزفول", "CountyGovernorate", "city-dezful")),
        ("شهردار اردبیل افزود", ("شهرداری اردبیل", "Municipality", "city-ardabil")),
        ("استاندار کرمانشاه گفت", ("استانداری کرمانشاه", "ProvinceGovernorate", "province-kermanshah")),
        ("وزیر نیرو در سفر به بوشهر", ("وزارت نیرو", "Ministry", None)),
        (
            "مدیرکل میراث فرهنگی هرمزگان گفت",
            ("اداره کل میراث فرهنگی استان هرمزگان", "GeneralDirectorate", "province-hormozgan"),
        ),
        ("رئیس کل دادگستری استان ایلام", ("دادگستری کل استان ایلام", "Judiciary", "province-ilam")),
    ],
)
def test_titles_imply_organisations(text: str, expected: tuple[str, str, str | None]) -> None:
    (o,) = find_organizations(text)
    assert (o.label, o.kind, o.place_id) == expected
    assert o.via == "title"


def test_title_without_place_is_no_organisation() -> None:
    assert orgs("شهردار گفت: کار ادامه دارد.") == []


# --- context -------------------------------------------------------------------------


def test_bare_local_head_takes_the_article_city() -> None:
    text = "بودجه سال آینده شهرداری به شورا رسید. رئیس شورای شهر کاشان گفت: شهرداری کاشان باید صرفه‌جویی کند."
    got = find_organizations(text)
    assert [(o.label, o.place_id, o.via) for o in got] == [
        ("شهرداری کاشان", "city-kashan", "context"),
        ("شورای شهر کاشان", "city-kashan", "name"),
        ("شهرداری کاشان", "city-kashan", "name"),
    ]
    assert got[0].surface == "شهرداری"


def test_places_argument_is_used() -> None:
    text = "شهرداری ساری"
    assert find_organizations(text, places=[])[0].place_id is None  # no places given: none linked
    assert find_organizations(text, places=find_places(text))[0].place_id == "city-sari"


# --- agency line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label, kind, place",
    [
        (
            "تیتر خبر\n\nبه گزارش خبرگزاری صدا و سیما استان لرستان، مدیرکل گفت",
            "خبرگزاری صدا و سیما",
            "NewsAgency",
            "province-lorestan",
        ),
        ("تیتر\n\nبه گزارش ایرنا، وزیر گفت", "ایرنا", "NewsAgency", None),
        (
            "به گزارش روابط عمومی دانشگاه علوم پزشکی مشهد، این مرکز افتتاح شد.",
            "روابط عمومی دانشگاه علوم پزشکی مشهد",
            "PublicRelations",
            "city-mashhad",
        ),
        ("به گزارش خبرگزاری تسنیم از یاسوج، جلسه برگزار شد", "خبرگزاری تسنیم", "NewsAgency", "city-yasuj"),
        (
            "به گزارش خبرگزاری صدا و سیما مرکز کرمان، طرح افتتاح شد",
            "خبرگزاری صدا و سیما",
            "NewsAgency",
            "province-kerman",
        ),
        ("به‌گزارش ایسنا، بارش ادامه دارد", "ایسنا", "NewsAgency", None),
    ],
)
def test_find_agency(text: str, label: str, kind: str, place: str | None) -> None:
    a = find_agency(text)
    assert isinstance(a, AgencyMention)
    assert (a.label, a.kind, a.place_id) == (label, kind, place)
    assert text[a.start : a.end] == a.surface


def test_find_agency_unknown_and_absent() -> None:
    a = find_agency("به گزارش پایگاه خبری صبح جنوب، جلسه برگزار شد")
    assert a is not None and (a.kind, a.label) == ("Unknown", "پایگاه خبری صبح جنوب")
    assert find_agency("شهردار همدان گفت: کار ادامه دارد.") is None


# --- properties -------------------------------------------------------------------------

_PIECES = [
    "شهرداری", "شهردار", "همدان", "استان", "اداره کل", "راه و شهرسازی", "سازمان", "خبرگزاری", "مهر", "ایرنا",
    "روابط عمومی", "دانشگاه", "وزارت", "نیرو", "وزیر", "مدیرکل", "گیلان", "به گزارش", "،", " ", ZWNJ, "\n", "و",
]


def _check(text: str) -> None:
    last = -1
    for o in find_organizations(text):
        assert isinstance(o, OrgMention)
        assert 0 <= o.start < o.end <= len(text)
        assert text[o.start : o.end] == o.surface
        assert o.start >= last
        last = o.end
        assert o.label
    a = find_agency(text)
    if a is not None:
        assert text[a.start : a.end] == a.surface


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_random_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join))
def test_spans_are_exact_on_persian_like_text(text: str) -> None:
    _check(text)
