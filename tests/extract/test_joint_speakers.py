"""Joint speakers: one reporting clause, several people («X و Y گفتند»).

The convention: one statement per speaker, all with the same content span and verb.
Sentences written for these tests (not from any corpus).
"""

from __future__ import annotations

import pytest

from kg.extract.cues import is_plural_verb
from kg.extract.pipeline import extract
from kg.extract.speakers import is_collective, parse_subject, split_persons
from kg.text.read import Source


def run(text: str):
    article = extract(Source(text))
    rows = []
    for s in article.statements:
        who = article.person(s.speaker)
        mention = s.speaker_mention.text if s.speaker_mention else None
        rows.append((s.span.text, s.verb, who.label, mention))
    return article, rows


# --- extraction ------------------------------------------------------------------------


def test_two_named_officials_give_two_statements_over_one_span():
    text = "دکتر علی رضایی و مهندس حسن کریمی در این نشست گفتند: قطار شهری تا پایان سال تمام می‌شود."
    article, rows = run(text)
    content = "قطار شهری تا پایان سال تمام می‌شود."
    assert rows == [
        (content, "گفتند", "دکتر علی رضایی", "دکتر علی رضایی"),
        (content, "گفتند", "مهندس حسن کریمی", "مهندس حسن کریمی"),
    ]
    a, b = article.statements
    assert (a.span, a.cue, a.direct) == (b.span, b.cue, b.direct)
    assert a.speaker != b.speaker and len(article.people) == 2


def test_title_only_and_named_speaker():
    text = "شهردار ساری و مهندس زهرا نیکو، رئیس شورای شهر ساری در نشست خبری مشترک گفتند: بودجه عمرانی دو برابر شد."
    article, rows = run(text)
    assert [(r[2], r[3]) for r in rows] == [
        ("شهردار ساری", "شهردار ساری"),
        ("مهندس زهرا نیکو", "مهندس زهرا نیکو، رئیس شورای شهر ساری"),
    ]
    titles = {p.label: p.title for p in article.people}
    assert titles == {"شهردار ساری": "شهردار", "مهندس زهرا نیکو": "رئیس شورای شهر"}


def test_three_speakers_in_a_comma_list():
    text = "استاندار قزوین، فرماندار تاکستان و رئیس دانشگاه بین‌المللی قزوین امروز گفتند: سالن جدید افتتاح شد."
    _, rows = run(text)
    assert [r[2] for r in rows] == ["استاندار قزوین", "فرماندار تاکستان", "رئیس دانشگاه بین‌المللی قزوین"]
    assert len({r[0] for r in rows}) == 1


def test_honorifics_on_both_speakers_and_a_spaced_honorific_with_its_own_and():
    text = (
        "حجت‌الاسلام و المسلمین سید مهدی طاهری و سردار محمود یزدانی در مراسم آغاز طرح گفتند: "
        "مسجد جامع تا محرم مرمت می‌شود."
    )
    _, rows = run(text)
    assert [r[2] for r in rows] == ["حجت‌الاسلام و المسلمین سید مهدی طاهری", "سردار محمود یزدانی"]


def test_indirect_cue_and_direct_verb_share_the_joint_subject():
    text = (
        "فرماندار بم و مدیرکل بهزیستی استان کرمان با بیان اینکه ۴۰ خانه روستایی بازسازی شده، "
        "گفتند: بقیه خانه‌ها تا بهار آماده می‌شود."
    )
    _, rows = run(text)
    assert [(r[1], r[2]) for r in rows] == [
        ("با بیان اینکه", "فرماندار بم"),
        ("با بیان اینکه", "مدیرکل بهزیستی استان کرمان"),
        ("گفتند", "فرماندار بم"),
        ("گفتند", "مدیرکل بهزیستی استان کرمان"),
    ]


def test_quote_first_with_a_joint_subject():
    text = "«پل دوم تا پایان سال تمام می‌شود»؛ این را شهردار بابل و فرماندار بابل روز شنبه گفتند."
    _, rows = run(text)
    assert [r[2] for r in rows] == ["شهردار بابل", "فرماندار بابل"]


@pytest.mark.parametrize(
    "subject",
    [
        "رئیس شورای اسلامی شهر و روستا",
        "وزیر راه و شهرسازی",
        "مدیرکل راه و شهرسازی استان مازندران",
        "مدیرکل آموزش و پرورش استان ایلام",
        "دادستان عمومی و انقلاب ساوه",
    ],
)
def test_and_inside_a_title_does_not_split_even_with_a_plural_verb(subject):
    # a plural verb of respect with one speaker: one statement, as before
    _, rows = run(f"{subject} در این جلسه گفتند: طرح تصویب شد.")
    assert [(r[2], r[3]) for r in rows] == [(subject, subject)]


def test_organisation_name_with_and_is_not_two_speakers():
    _, rows = run("سازمان مدیریت و برنامه‌ریزی استان و شهرداری کرج اعلام کردند: بودجه تأمین شد.")
    assert rows == []


def test_singular_verb_keeps_one_person_with_two_posts():
    text = "معاون استاندار و فرماندار ویژه شهرستان ری گفت: سیلاب خسارت زیادی نزد."
    _, rows = run(text)
    assert [r[2] for r in rows] == ["معاون استاندار و فرماندار ویژه شهرستان ری"]


@pytest.mark.parametrize(
    "subject",
    ["مسئولان", "برخی کارشناسان", "شماری از نمایندگان مجلس", "اعضای شورای شهر", "مدیران شهری", "مردم"],
)
def test_plural_collective_gives_no_statement(subject):
    _, rows = run(f"{subject} گفتند: بودجه امسال کافی نیست.")
    assert rows == []


def test_plural_verb_after_a_singular_pronoun_stays_the_last_speaker():
    text = "سارا رحیمی، شهردار کاشان گفت: پل تمام شد.\nوی گفتند: خیابان هم آماده است."
    _, rows = run(text)
    assert [r[2] for r in rows] == ["سارا رحیمی", "سارا رحیمی"]


def test_later_plural_anaphors_refer_to_both_speakers():
    text = (
        "شهردار یزد و رئیس شورای شهر یزد گفتند: بودجه افزایش می‌یابد.\n\n"
        "آنان افزودند: ناوگان اتوبوسرانی نوسازی می‌شود.\n\n"
        "این دو مسئول در پایان تصریح کردند: پروژه‌ها متوقف نمی‌شوند."
    )
    article, rows = run(text)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("گفتند", "شهردار یزد", "شهردار یزد"),
        ("گفتند", "رئیس شورای شهر یزد", "رئیس شورای شهر یزد"),
        ("افزودند", "شهردار یزد", "آنان"),
        ("افزودند", "رئیس شورای شهر یزد", "آنان"),
        ("تصریح کردند", "شهردار یزد", "این دو مسئول"),
        ("تصریح کردند", "رئیس شورای شهر یزد", "این دو مسئول"),
    ]
    assert len(article.people) == 2


def test_plural_anaphor_without_a_joint_subject_is_nobody():
    text = "حسن کریمی، شهردار اراک گفت: پل تمام شد.\nآنان گفتند: خیابان آماده است."
    _, rows = run(text)
    assert [r[2] for r in rows] == ["حسن کریمی"]


def test_surnames_of_known_people_joined_by_and():
    text = (
        "علی رضایی، فرماندار نهاوند و حسن کریمی، شهردار نهاوند گفتند: کار آغاز شد.\n\n"
        "رضایی و کریمی افزودند: بودجه تأمین است."
    )
    article, rows = run(text)
    assert [(r[2], r[3]) for r in rows[2:]] == [("علی رضایی", "رضایی"), ("حسن کریمی", "کریمی")]
    assert len(article.people) == 2


def test_joint_title_only_speaker_is_named_by_a_later_mention_of_the_same_post():
    text = (
        "شهردار تبریز و رئیس شورای شهر تبریز گفتند: بودجه افزایش می‌یابد.\n\n"
        "به گزارش ایرنا، یعقوب هوشیار، شهردار تبریز افزود: مترو تا پایان سال به میدان ساعت می‌رسد."
    )
    article, rows = run(text)
    assert [r[2] for r in rows] == ["یعقوب هوشیار", "رئیس شورای شهر تبریز", "یعقوب هوشیار"]
    assert len(article.people) == 2


# --- the subject splitter ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "people"),
    [
        ("شهردار تبریز و رئیس شورای شهر", ["شهردار تبریز", "رئیس شورای شهر"]),
        ("دکتر علی رضایی و مهندس حسن کریمی", ["دکتر علی رضایی", "مهندس حسن کریمی"]),
        ("علی رضایی و حسن کریمی", ["علی رضایی", "حسن کریمی"]),
        (
            "علی رضایی، شهردار تبریز و حسن کریمی، رئیس شورای شهر",
            ["علی رضایی، شهردار تبریز", "حسن کریمی، رئیس شورای شهر"],
        ),
        ("شهردار اهر، رئیس شورای شهر و فرماندار اهر", ["شهردار اهر", "رئیس شورای شهر", "فرماندار اهر"]),
        ("علی رضایی، حسن کریمی و محمد احمدی", ["علی رضایی", "حسن کریمی", "محمد احمدی"]),
        ("مدیرکل آموزش و پرورش و فرماندار ری", ["مدیرکل آموزش و پرورش", "فرماندار ری"]),
        ("شهردار شیراز، مهندس حمید فتوحی و رئیس شورا", ["شهردار شیراز، مهندس حمید فتوحی", "رئیس شورا"]),
    ],
)
def test_split_persons(phrase, people):
    assert [phrase[a:b] for a, b in split_persons(phrase)] == people


@pytest.mark.parametrize(
    "phrase",
    [
        "رئیس شورای اسلامی شهر و روستا",
        "وزیر راه و شهرسازی",
        "مدیرکل راه و شهرسازی استان",
        "سازمان مدیریت و برنامه‌ریزی",
        "مدیرکل آموزش و پرورش استان",  # «پرورش» is a given name in the lexicon: beside a title it is not a person
        "حجت‌الاسلام و المسلمین سید احمد موسوی",
        "شهردار تبریز",
        "رضایی و کریمی",  # surnames not met before: no sign of two people
    ],
)
def test_split_persons_leaves_one_person_whole(phrase):
    assert split_persons(phrase) == []


def test_split_persons_uses_known_surnames_and_protected_offsets():
    assert split_persons("رضایی و کریمی", known={"رضایی", "کریمی"}) == [(0, 5), (8, 13)]
    phrase = "شهردار تبریز و رئیس شورای شهر"
    assert split_persons(phrase, protected={phrase.index(" و ") + 1}) == []


@pytest.mark.parametrize(
    ("phrase", "collective"),
    [
        ("مسئولان", True),
        ("مسئول‌ها", True),
        ("نمایندگان مجلس", True),
        ("برخی از کارشناسان", True),
        ("اعضای شورای شهر", True),
        ("شهروندان", True),
        ("شهردار تبریز", False),
        ("رضایی", False),
        ("کاظمیان", False),
    ],
)
def test_is_collective(phrase, collective):
    assert is_collective(phrase) is collective


@pytest.mark.parametrize(
    ("verb", "plural"),
    [
        ("گفتند", True),
        ("افزودند", True),
        ("تأکید کردند", True),
        ("تصریح نمودند", True),
        ("گفته‌اند", True),
        ("گفته بودند", True),
        ("می‌گویند", True),
        ("اظهارداشتند", True),
        ("گفت", False),
        ("گفته است", False),
        ("می‌گوید", False),
        ("خواند", False),
        ("می‌کند", False),
        ("به گفته", False),
    ],
)
def test_is_plural_verb(verb, plural):
    assert is_plural_verb(verb) is plural


@pytest.mark.parametrize("phrase", ["آنان", "آنها", "آن‌ها", "این دو مسئول", "هر دو", "این سه مقام"])
def test_plural_anaphors_parse_as_a_group(phrase):
    s = parse_subject(phrase)
    assert s is not None and s.kind == "group"
