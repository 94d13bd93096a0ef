from kg.text.segment import paragraphs, sentences


def texts(text, segs):
    return [s.slice(text) for s in segs]


def test_paragraphs_are_non_blank_lines():
    text = "سطر اول.\n\n  سطر دوم  \n"
    assert texts(text, paragraphs(text)) == ["سطر اول.", "سطر دوم"]


def test_decimals_do_not_end_a_sentence():
    text = "نرخ تورم ۲.۵ درصد بود. بیکاری 7.8 درصد است."
    assert texts(text, sentences(text)) == ["نرخ تورم ۲.۵ درصد بود.", "بیکاری 7.8 درصد است."]


def test_full_stop_inside_quotation_does_not_end_the_sentence():
    text = "وی گفت: «این طرح تمام شد. کار بعدی آغاز می‌شود.» سپس رفت."
    assert texts(text, sentences(text)) == ["وی گفت: «این طرح تمام شد. کار بعدی آغاز می‌شود.»", "سپس رفت."]


def test_question_marks_and_trailing_text():
    text = "آیا طرح تمام شد؟ هنوز نه"
    assert texts(text, sentences(text)) == ["آیا طرح تمام شد؟", "هنوز نه"]


def test_initials_are_not_sentence_ends():
    text = "به گفته ج. احمدی این کار انجام شد."
    assert len(sentences(text)) == 1
