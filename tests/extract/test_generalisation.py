"""Constructions of outlets the corpora do not cover, each found wrong and fixed.

Short articles written for these tests in the styles of several outlets (not from any corpus).
"""

from __future__ import annotations

import pytest

from kg.extract.pipeline import extract
from kg.text.read import Source


def run(text: str):
    article = extract(Source(text))
    rows = []
    for s in article.statements:
        who = article.person(s.speaker)
        rows.append((s.span.text, s.verb, who.label))
    return article, rows


def test_agency_line_before_a_title_is_not_a_name():
    # «به گزارش ایسنا، استاندار ...» looked like «NAME، TITLE»: «گزارش ایسنا» became the governor's name
    text = (
        "به گزارش ایسنا، استاندار کرمانشاه در جلسه شورای مسکن گفت: ساخت ۵ هزار واحد مسکونی آغاز شد.\n\n"
        "وی تصریح کرد: بانک‌ها باید تسهیلات را سریع‌تر بپردازند."
    )
    article, rows = run(text)
    assert [r[2] for r in rows] == ["استاندار کرمانشاه", "استاندار کرمانشاه"]
    (person,) = article.people
    assert person.name is None and person.identity.startswith("post:")


@pytest.mark.parametrize(
    ("name", "post"),
    [
        ("علی احمدی", "کشاورز روستای کوشک"),
        ("مهندس رضا قاسمی", "مدیرکل راه و شهرسازی استان گیلان"),
        ("دکتر نوروزی", "شهردار اراک"),
    ],
)
def test_name_then_title_without_a_comma(name, post):
    # a long «NAME TITLE» was no subject at all; a short one made the title part of the name
    article, rows = run(f"{name} {post} در گفت‌وگو با خبرنگار ما گفت: کار از هفته آینده آغاز می‌شود.")
    assert [r[2] for r in rows] == [name]
    assert article.people[0].title_phrase == post


def test_surname_that_is_a_title_word_stays_a_surname():
    _, rows = run("علی وکیل در جمع خبرنگاران گفت: کار آغاز می‌شود.")
    assert [r[2] for r in rows] == ["علی وکیل"]


def test_assessment_after_a_name_and_comma():
    text = "محمدمهدی شهریاری، عدم تأمین زمین را مهم‌ترین مانع اجرای طرح خواند."
    _, rows = run(text)
    assert rows == [("عدم تأمین زمین را مهم‌ترین مانع اجرای طرح", "خواند", "محمدمهدی شهریاری")]


def test_assessment_after_a_circumstance_keeps_only_what_was_said():
    text = (
        "نماینده مردم زنجان و طارم در مجلس شورای اسلامی امروز در دیدار با استاندار زنجان، "
        "کمبود پزشک متخصص در بیمارستان‌های استان را جدی عنوان کرد."
    )
    _, rows = run(text)
    assert rows == [
        (
            "کمبود پزشک متخصص در بیمارستان‌های استان را جدی",
            "عنوان کرد",
            "نماینده مردم زنجان و طارم در مجلس شورای اسلامی",
        )
    ]


def test_news_clause_joined_to_a_direct_one():
    text = "شهردار رشت از افتتاح پل عابر پیاده در میدان فرهنگ خبر داد و گفت: این پل ۸۰ میلیارد ریال هزینه داشت."
    _, rows = run(text)
    assert rows == [
        ("افتتاح پل عابر پیاده در میدان فرهنگ", "خبر داد", "شهردار رشت"),
        ("این پل ۸۰ میلیارد ریال هزینه داشت.", "گفت", "شهردار رشت"),
    ]


def test_according_to_cue_has_no_trailing_space():
    text = "سید مهدی شریفی، معاون شهردار تهران گفت: خط ده مترو پیش رفت.\nبه گفته شریفی، ۲۰۰ واگن خریداری شده است."
    article, _ = run(text)
    cue = article.statements[1]
    assert cue.verb == "به گفته" and cue.cue is not None and cue.cue.text == "به گفته"


def test_short_post_names_the_same_deputy_as_the_long_one():
    text = "معاون عمرانی استاندار گیلان گفت: جاده تمام شد.\n\nمعاون استاندار افزود: پل هم تمام شد."
    article, rows = run(text)
    assert [r[2] for r in rows] == ["معاون عمرانی استاندار گیلان"] * 2
    assert len(article.people) == 1


def test_named_holder_of_an_exclusive_post_is_the_unnamed_one_quoted_before():
    # the lead quotes two people by post; a later paragraph names one of them with their post:
    # the same exclusive post binds them (the lead's other speaker is not a candidate)
    text = (
        "شهردار بوشهر و فرماندار بوشهر گفتند: ساحل نوسازی می‌شود.\n\n"
        "حسین صادقی، فرماندار بوشهر افزود: اعتبار آن تأمین شده است."
    )
    article, rows = run(text)
    assert [r[2] for r in rows] == ["شهردار بوشهر", "حسین صادقی", "حسین صادقی"]
    assert len(article.people) == 2


@pytest.mark.parametrize(
    "verb",
    ["نوشت", "مطرح کرد", "شرح داد", "گلایه کرد", "انتقاد کرد", "توصیه کرد", "پیشنهاد کرد", "مدعی شد", "گزارش داد"],
)
def test_reporting_verbs_added_to_the_lexicon(verb):
    _, rows = run(f"مریم صالحی، عضو شورای شهر کرج {verb}: بودجه حمل‌ونقل عمومی کافی نیست.")
    assert rows == [("بودجه حمل‌ونقل عمومی کافی نیست.", verb, "مریم صالحی")]
