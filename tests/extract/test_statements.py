"""One test per construction, on sentences written for these tests (not from the dev corpus)."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import extract
from kg.text.read import Source


def run(text: str):
    article = extract(Source(text))
    rows = []
    for s in article.statements:
        who = article.person(s.speaker)
        rows.append((s.span.text, s.direct, who.label))
    return article, rows


def test_direct_colon_statement_runs_to_paragraph_end():
    text = "علی رضایی، استاندار یزد گفت: آب شرب شهر تأمین شده است. کار دیگری نمانده است.\n"
    _, rows = run(text)
    assert rows == [("آب شرب شهر تأمین شده است. کار دیگری نمانده است.", True, "علی رضایی")]


def test_direct_statement_in_quotes_excludes_the_marks():
    text = "وزیر راه و شهرسازی در کرمانشاه گفت: «آزادراه تا پایان سال افتتاح می‌شود.»"
    _, rows = run(text)
    assert rows == [("آزادراه تا پایان سال افتتاح می‌شود.", True, "وزیر راه و شهرسازی")]


def test_next_attribution_in_the_same_paragraph_ends_the_content():
    text = "مریم احمدی، شهردار ساری گفت: پل تمام شد. وی افزود: خیابان دوم هم آماده است."
    _, rows = run(text)
    assert [r[0] for r in rows] == ["پل تمام شد.", "خیابان دوم هم آماده است."]
    assert {r[2] for r in rows} == {"مریم احمدی"}


@pytest.mark.parametrize(
    "verb",
    ["اظهار داشت", "اظهارداشت", "تصریح کرد", "خاطرنشان ساخت", "تاكيد كرد", "تأکید کرد", "یادآور شد",
     "گفته است", "می‌گوید", "خبر داد", "هشدار داد", "توضیح داد"],
)
def test_reporting_verb_variants(verb):
    text = f"حسن کریمی، فرماندار دزفول {verb}: جاده روستایی آسفالت می‌شود."
    _, rows = run(text)
    assert rows == [("جاده روستایی آسفالت می‌شود.", True, "حسن کریمی")]


def test_quote_first_then_speaker():
    text = "«هیچ مدرسه‌ای بدون سرایدار نمی‌ماند»؛ این را مدیرکل آموزش و پرورش استان ایلام روز شنبه گفت."
    _, rows = run(text)
    assert rows == [("هیچ مدرسه‌ای بدون سرایدار نمی‌ماند", True, "مدیرکل آموزش و پرورش استان ایلام")]


@pytest.mark.parametrize(
    "cue",
    ["با بیان اینکه", "با اشاره به اینکه", "با تأکید بر اینکه", "با تاکید بر این که", "با بیان این که"],
)
def test_indirect_clause_and_its_direct_sibling(cue):
    text = f"رضا کاظمی، شهردار اراک {cue} بودجه عمرانی، امسال دو برابر شده است، افزود: طرح‌ها زودتر تمام می‌شوند."
    _, rows = run(text)
    assert rows == [
        ("بودجه عمرانی، امسال دو برابر شده است", False, "رضا کاظمی"),
        ("طرح‌ها زودتر تمام می‌شوند.", True, "رضا کاظمی"),
    ]


def test_indirect_noun_phrase_cue():
    text = "نماینده مردم سمنان با اشاره به کمبود آب، گفت: سد جدید لازم است."
    _, rows = run(text)
    assert rows[0] == ("کمبود آب", False, "نماینده مردم سمنان")


def test_according_to():
    text = "فاطمه نوری، مدیرکل بهزیستی استان قم گفت: کار آغاز شد.\nبه گفته نوری، ۴۰۰ خانواده تحت پوشش هستند."
    _, rows = run(text)
    assert rows[1] == ("۴۰۰ خانواده تحت پوشش هستند.", False, "فاطمه نوری")


def test_reported_with_ke_and_news_forms():
    _, rows = run("علی رضایی، فرماندار کاشان گفت که این پروژه تا پایان سال تمام می‌شود.")
    assert rows == [("این پروژه تا پایان سال تمام می‌شود.", False, "علی رضایی")]
    _, rows = run("استاندار یزد از آغاز ساخت ۱۲۰۰ واحد مسکونی در این استان خبر داد.")
    assert rows == [("آغاز ساخت ۱۲۰۰ واحد مسکونی در این استان", False, "استاندار یزد")]


@pytest.mark.parametrize(
    "text",
    [
        "شهرداری تهران اعلام کرد: مترو تعطیل است.",
        "روابط عمومی استانداری اردبیل اعلام کرد: جلسه لغو شد.",
        "یک منبع آگاه گفت: جلسه لغو شد.",
        "به گزارش ایرنا، جلسه شورای اداری استان برگزار شد.",
        "استاندار گیلان ضمن گرامیداشت هفته دولت از کارکنان تشکر کرد.",
        "وزیر نیرو با استاندار همدان دیدار کرد.",
        "افتتاح ۳۰ طرح عمرانی در استان لرستان",
    ],
)
def test_not_statements(text):
    _, rows = run(text)
    assert rows == []


def test_pronoun_surname_and_title_resolve_to_the_same_person():
    text = (
        "به گزارش ایسنا، دکتر سید حمید موسوی، رئیس دانشگاه علوم پزشکی اردبیل گفت: بیمارستان آماده است.\n"
        "وی افزود: پزشکان جدید جذب شده‌اند.\n"
        "موسوی ادامه داد: بخش اورژانس توسعه می‌یابد.\n"
        "رئیس دانشگاه علوم پزشکی اردبیل تصریح کرد: دارو کمبود ندارد.\n"
    )
    article, rows = run(text)
    assert len(rows) == 4
    assert {r[2] for r in rows} == {"دکتر سید حمید موسوی"}
    assert len(article.people) == 1


def test_lead_title_is_bound_to_the_person_named_next():
    text = (
        "فرماندار بیرجند گفت: سه روستا گازرسانی شد.\n"
        "به گزارش خبرگزاری مهر، محمد صادقی امروز در جلسه شورای اداری افزود: کار ادامه دارد.\n"
    )
    article, rows = run(text)
    assert [r[2] for r in rows] == ["محمد صادقی", "محمد صادقی"]
    assert article.people[0].title_phrase == "فرماندار بیرجند"


def test_second_speaker_and_pronoun_after_them():
    text = (
        "حسین اکبری، شهردار گرگان گفت: خیابان‌ها لایروبی شد.\n"
        "در ادامه این جلسه، زهرا محمدی، عضو شورای اسلامی شهر گرگان گفت: بودجه کافی نیست.\n"
        "وی افزود: باید درآمد پایدار ایجاد شود.\n"
        "شهردار گرگان در پایان گفت: همکاری شورا لازم است.\n"
    )
    _, rows = run(text)
    assert [r[2] for r in rows] == ["حسین اکبری", "زهرا محمدی", "زهرا محمدی", "حسین اکبری"]


def test_unnamed_official_and_non_official_are_people():
    text = (
        "معاون وزیر نیرو در امور آب گفت: سد تکمیل شد.\n"
        "یک کارشناس اقتصادی با اشاره به تورم، گفت: قیمت‌ها بالا رفته است.\n"
    )
    article, rows = run(text)
    deputy = "معاون وزیر نیرو در امور آب"
    assert [r[2] for r in rows] == [deputy, "کارشناس اقتصادی", "کارشناس اقتصادی"]
    kinds = {p.label: p.official for p in article.people}
    assert kinds == {deputy: True, "کارشناس اقتصادی": False}


def test_same_surname_different_people_are_kept_apart_by_title():
    text = (
        "علی احمدی، استاندار سمنان گفت: راه آهن تمام می‌شود.\n"
        "رضا احمدی، شهردار شاهرود گفت: بودجه شهر کم است.\n"
        "استاندار سمنان افزود: قطار سریع می‌آید.\n"
    )
    article, rows = run(text)
    assert [r[2] for r in rows] == ["علی احمدی", "رضا احمدی", "علی احمدی"]
    assert len(article.people) == 2


def test_dropped_zwnj_text_still_matches_verbs_and_cues():
    text = "وی با بیان اینکه پروژههای نیمهتمام تکمیل میشوند، اظهارداشت: شهرداریها آماده اند."
    text = "احمد نیکو، شهردار کاشان گفت: آغاز شد.\n" + text
    _, rows = run(text)
    assert rows[1] == ("پروژههای نیمهتمام تکمیل میشوند", False, "احمد نیکو")
    assert rows[2][0] == "شهرداریها آماده اند."
