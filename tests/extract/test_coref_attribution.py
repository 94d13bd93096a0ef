"""Who said it: attribution rules that generalise beyond the corpora (issue #3).

Each test is a short article written for it (not from any corpus) and would fail
without the rule it names.
"""

from __future__ import annotations

import pytest

from kg.extract.coref import _titles_match
from kg.extract.cues import is_finite_verb
from kg.extract.pipeline import extract
from kg.extract.speakers import is_first_name, parse_subject
from kg.text.read import Source


def speakers(text: str) -> list[str]:
    """The label of each statement's speaker, in text order."""
    article = extract(Source(text))
    return [article.person(s.speaker).label for s in article.statements]


# --- anonymous sources -------------------------------------------------------------------


def test_pronoun_and_demonstrative_after_an_anonymous_source_are_not_attributed():
    text = (
        "مدیرعامل شرکت آب و فاضلاب استان گفت: فشار آب شبانه کاهش می‌یابد.\n\n"
        "یک مقام مسئول در شرکت آب که نخواست نامش فاش شود، گفت: قطع آب در برنامه است.\n\n"
        "وی افزود: تصمیم نهایی هفته آینده گرفته می‌شود.\n\n"
        "این مقام مسئول تصریح کرد: مردم باید صرفه‌جویی کنند.\n\n"
        "مدیرعامل شرکت آب و فاضلاب استان در پایان گفت: هیچ محدودیتی اعمال نمی‌شود."
    )
    article = extract(Source(text))
    assert [s.span.text for s in article.statements] == [
        "فشار آب شبانه کاهش می‌یابد.",
        "هیچ محدودیتی اعمال نمی‌شود.",
    ]
    assert len(article.people) == 1


@pytest.mark.parametrize("subject", ["یک مقام مسئول وزارت نیرو", "منابع آگاه در استانداری", "این منبع"])
def test_anonymous_source_is_a_prefix_whatever_organisation_follows(subject):
    assert parse_subject(subject).kind == "anonymous"


# --- names and titles ----------------------------------------------------------------------


def test_shared_surname_is_the_one_quoted_last():
    text = (
        "حسن کریمی، فرماندار بم گفت: جاده بازسازی می‌شود.\n\n"
        "رضا کریمی، مدیرکل راهداری استان کرمان گفت: ماشین‌آلات آماده است.\n\n"
        "کریمی افزود: قیر تأمین شده است.\n\n"
        "فرماندار بم تصریح کرد: کار از شنبه آغاز می‌شود.\n\n"
        "کریمی ادامه داد: مردم صبور باشند."
    )
    assert speakers(text) == ["حسن کریمی", "رضا کریمی", "رضا کریمی", "حسن کریمی", "حسن کریمی"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("فرمانده انتظامی استان", "فرمانده انتظامی کردستان", True),
        ("بخشدار مرکزی این شهرستان", "بخشدار مرکزی ماکو", True),
        ("فرمانده انتظامی استان", "فرمانده انتظامی شهرستان بانه", False),  # another kind of place
        ("فرمانده انتظامی استان", "فرمانده انتظامی فرودگاه بین‌المللی امام خمینی", False),  # more than a place
    ],
)
def test_generic_place_stands_for_the_named_one(a, b, same):
    assert _titles_match(a, b) is same


def test_title_word_that_is_a_quoted_surname_is_that_person():
    # «کشاورز» is a title (a farmer) and a surname
    text = "مهندس علی کشاورز، رئیس شورای شهر ساری گفت: بودجه تصویب شد.\n\nکشاورز ادامه داد: کار آغاز می‌شود."
    article = extract(Source(text))
    assert len(article.people) == 1
    assert speakers(text) == ["مهندس علی کشاورز"] * 2


@pytest.mark.parametrize(
    "title",
    ["معاون سیاسی، امنیتی و اجتماعی استاندار البرز", "نماینده مردم کرج، اشتهارد و فردیس در مجلس شورای اسلامی"],
)
def test_commas_inside_a_title(title):
    text = f"{title} گفت: انتخابات برگزار می‌شود.\n\nوی افزود: آمادگی کامل است."
    assert speakers(text) == [title, title]


def test_given_names_the_source_list_lacked():
    assert all(is_first_name(n) for n in ("فرزانه", "غلامرضا", "یدالله", "منیژه"))
    text = "وزیر راه و شهرسازی گفت: قطار تمام شد.\n\nبه گزارش ایرنا، فرزانه صادق مالواجرد افزود: ایستگاه آماده است."
    assert speakers(text) == ["فرزانه صادق مالواجرد"] * 2


# --- where the subject starts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("صبح امروز استاندار سمنان گفت: باران آمد.", "استاندار سمنان"),
        ("روز گذشته فرماندار دامغان در جمع خبرنگاران گفت: باران آمد.", "فرماندار دامغان"),
        ("در ادامه این نشست مدیرکل هواشناسی استان گفت: باران آمد.", "مدیرکل هواشناسی استان"),
        ("در پایان این نشست محمد کریمی گفت: باران آمد.", "محمد کریمی"),
    ],
)
def test_unpunctuated_circumstance_before_the_subject(sentence, who):
    assert speakers(sentence) == [who]


def test_relative_clause_of_a_circumstance_runs_past_its_commas():
    text = (
        "در این جلسه که با حضور فرماندار، نماینده مردم و جمعی از مسئولان برگزار شد، "
        "علی رضایی، شهردار گرمسار گفت: پل افتتاح شد."
    )
    assert speakers(text) == ["علی رضایی"]


def test_apposition_closing_a_circumstance_is_no_name():
    # «پایان» is in the given-name list: «پایان این نشست، معاون وزیر ...» looked like «NAME، TITLE»
    text = "معاون وزیر بهداشت گفت: واکسن رسید.\n\nدر پایان این نشست، معاون وزیر بهداشت تصریح کرد: توزیع آغاز شد."
    article = extract(Source(text))
    (person,) = article.people
    assert person.name is None


@pytest.mark.parametrize(("token", "verb"), [("شد", True), ("داشتند", True), ("می‌گوید", True), ("کردی", False)])
def test_finite_verb(token, verb):
    assert is_finite_verb(token) is verb


# --- salience: who «وی» is ----------------------------------------------------------------


def test_bare_surname_of_a_quoted_person_moves_salience():
    text = (
        "دکتر سعید نادری، اقتصاددان گفت: تورم بالاست.\n\n"
        "حمید صفری، نماینده مجلس گفت: تورم کاهش می‌یابد.\n\n"
        "نادری اما به این وعده قانع نیست. او می‌گوید: نقدینگی رشد کرده است."
    )
    assert speakers(text) == ["دکتر سعید نادری", "حمید صفری", "دکتر سعید نادری"]


def test_name_in_the_agency_sentence_names_the_lead():
    text = (
        "شهردار بیرجند گفت: پل تمام شد.\n\n"
        "به گزارش ایسنا، علی رضایی امروز از پروژه‌های شهری بازدید کرد.\n\n"
        "وی افزود: خیابان‌ها آسفالت می‌شود."
    )
    assert speakers(text) == ["علی رضایی"] * 2


# --- the lead known only by title --------------------------------------------------------


def test_surname_names_the_lead_while_they_are_still_speaking():
    text = "شهردار یاسوج گفت: الف.\n\nوی افزود: ب.\n\nوی ادامه داد: ج.\n\nوی تصریح کرد: د.\n\nرضایی یادآور شد: ه."
    assert speakers(text) == ["رضایی"] * 5


def test_name_marked_as_someone_else_does_not_name_the_lead():
    text = "امام جمعه قم گفت: آب مهم است.\n\nحجت‌الاسلام علی رضایی، امام جمعه موقت قم نیز گفت: صرفه‌جویی لازم است."
    assert speakers(text) == ["امام جمعه قم", "حجت‌الاسلام علی رضایی"]


def test_expert_does_not_name_an_official_lead():
    text = "شهردار زنجان گفت: مترو ساخته می‌شود.\n\nعلی رضایی، کارشناس حمل‌ونقل گفت: مترو گران است."
    assert speakers(text) == ["شهردار زنجان", "علی رضایی"]


def test_lead_named_after_a_second_title_only_speaker():
    text = (
        "امام جمعه قم گفت: آب مهم است.\n\n"
        "به گزارش ایرنا، پیش از خطبه‌ها، مدیرعامل شرکت آب و فاضلاب استان قم گفت: مصرف بالا رفته است.\n\n"
        "امام جمعه قم افزود: صرفه‌جویی لازم است.\n\n"
        "آیت‌الله سعیدی تصریح کرد: همه مسئولیم."
    )
    assert speakers(text) == ["آیت‌الله سعیدی", "مدیرعامل شرکت آب و فاضلاب استان قم", "آیت‌الله سعیدی", "آیت‌الله سعیدی"]


def test_name_written_before_a_post_without_a_comma():
    text = (
        "استاندار سمنان خبر داد:\n\nافتتاح ۳۰۰ پروژه در هفته دولت\n\n"
        "به گزارش ایرنا، این پروژه‌ها با حضور محمدجواد کولیوند استاندار سمنان افتتاح می‌شوند."
    )
    assert speakers(text) == ["محمدجواد کولیوند"]


def test_headline_headed_by_the_surname_of_a_quoted_person():
    text = (
        "رضایی: مترو تا پایان سال به میدان اصلی می‌رسد\n\n"
        "به گزارش ایرنا، علی رضایی، شهردار زنجان گفت: مترو تا پایان سال به میدان اصلی می‌رسد."
    )
    assert speakers(text) == ["علی رضایی"] * 2
    # a place before a colon is a dateline, not a speaker
    assert speakers(text.replace("رضایی:", "زنجان:", 1)) == ["علی رضایی"]


def test_official_mentioned_after_a_circumstance_of_a_sentence_that_reports_nothing_is_no_subject():
    # only a reporting verb promises a subject after an unpunctuated circumstance
    text = "شهردار کرمان گفت: پل تمام شد.\n\nبا حضور استاندار آیین افتتاح پل برگزار شد.\n\nوی افزود: بودجه رسید."
    assert speakers(text) == ["شهردار کرمان"] * 2


def test_name_written_after_a_post_and_a_comma_outside_a_subject():
    kicker = "استاندار سمنان خبر داد:\n\nافتتاح ۳۰۰ پروژه در هفته دولت\n\n"
    named = "به گزارش ایرنا، این پروژه‌ها با حضور استاندار سمنان، سید محمدجواد کولیوند افتتاح می‌شود."
    listed = "به گزارش ایرنا، این پروژه‌ها با حضور استاندار سمنان، فرماندار و نماینده مردم افتتاح می‌شود."
    assert speakers(kicker + named) == ["سید محمدجواد کولیوند"]
    assert speakers(kicker + listed) == ["استاندار سمنان"]  # a list of posts names no one
