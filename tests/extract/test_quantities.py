"""Quantities claimed in news text: ``kg.extract.quantities``."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.quantities import QuantityMatch, find_quantities

ZWNJ = "\u200c"


def found(text: str) -> list[tuple[str, Decimal, str]]:
    """(span as written, value, unit) of every quantity in ``text``."""
    return [(text[q.start : q.end], q.value, q.unit) for q in find_quantities(text)]


def only(text: str) -> QuantityMatch:
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        # percent, plain and adjectival, with or without ZWNJ
        ("پیشرفت فیزیکی به ۶۸ درصد رسیده است", "۶۸ درصد", 68, "درصد"),
        ("با اشاره به رشد ۷۰ درصدی حمل و نقل", "۷۰ درصدی", 70, "درصد"),
        ("کاهش ۴۰ درصدی بارش‌ها", "۴۰ درصدی", 40, "درصد"),
        ("این پروژه ۷۰٪ پیشرفت دارد", "۷۰٪", 70, "درصد"),
        ("تورم 2.5 درصد بود", "2.5 درصد", Decimal("2.5"), "درصد"),
        ("بیکاری به ۷٫۸ درصد رسید", "۷٫۸ درصد", Decimal("7.8"), "درصد"),
        # currencies with scale words folded in
        ("بیش از ۹ هزار میلیارد تومان برآورد شد", "۹ هزار میلیارد تومان", 9 * 10**12, "تومان"),
        ("۴ هزار و ۸۰۰ میلیارد ریال اعتبار", "۴ هزار و ۸۰۰ میلیارد ریال", 4800 * 10**9, "ریال"),
        ("به ۲ هزار و ۳۰۰ میلیارد تومان رسید", "۲ هزار و ۳۰۰ میلیارد تومان", 2300 * 10**9, "تومان"),
        ("۴۵۰ هزار میلیارد تومان فرصت", "۴۵۰ هزار میلیارد تومان", 450 * 10**12, "تومان"),
        ("اعتبار ۵۰۰ میلیاردتومان", "۵۰۰ میلیاردتومان", 500 * 10**9, "تومان"),
        ("صندوق ۲ میلیارد دلار اختصاص داد", "۲ میلیارد دلار", 2 * 10**9, "دلار"),
        ("مبلغ ۱٬۲۰۰٬۰۰۰ تومان پرداخت شد", "۱٬۲۰۰٬۰۰۰ تومان", 1200000, "تومان"),
        ("۱۰ میلیون و ۵۰۰ هزار تومان", "۱۰ میلیون و ۵۰۰ هزار تومان", 10500000, "تومان"),
        ("دو و نیم میلیون تومان وام", "دو و نیم میلیون تومان", 2500000, "تومان"),
        # measures
        ("با ظرفیت انتقال ۲/۵ مترمکعب در ثانیه", "۲/۵ مترمکعب در ثانیه", Decimal("2.5"), "مترمکعب در ثانیه"),
        ("۲۰ متر مکعب بر ثانیه آب", "۲۰ متر مکعب بر ثانیه", 20, "مترمکعب در ثانیه"),
        ("به یک هزار و ۱۵۰ کیلومتر مربع رسید", "یک هزار و ۱۵۰ کیلومتر مربع", 1150, "کیلومتر مربع"),
        ("حدود ۲/۷ میلیارد مترمکعب است", "۲/۷ میلیارد مترمکعب", 2700000000, "مترمکعب"),
        ("کاهش ۴۰ سانتی‌متری تراز", "۴۰ سانتی‌متری", 40, "سانتی‌متر"),
        ("کاهش ۴۰ سانتیمتری تراز", "۴۰ سانتیمتری", 40, "سانتی‌متر"),
        ("طول ۳ سانتی متر است", "۳ سانتی متر", 3, "سانتی‌متر"),
        ("این محور ۴۸ کیلومتری، شاهرود را", "۴۸ کیلومتری", 48, "کیلومتر"),
        ("به طول ۲۴/۶ کیلومتر از", "۲۴/۶ کیلومتر", Decimal("24.6"), "کیلومتر"),
        ("تراز به ۱۲۶۹/۸۵ متر رسید", "۱۲۶۹/۸۵ متر", Decimal("1269.85"), "متر"),
        ("رفع تصرف از ۱۲٬۵۰۰ هکتار از اراضی ملی", "۱۲٬۵۰۰ هکتار", 12500, "هکتار"),
        ("سالانه ۱٫۸ میلیون تن افزایش", "۱٫۸ میلیون تن", 1800000, "تن"),
        ("با ورود 4,200 مگاوات ظرفیت", "4,200 مگاوات", 4200, "مگاوات"),
        ("ظرفیت ۱۲٫۵ میلیون بشکه در روز", "۱۲٫۵ میلیون بشکه در روز", 12500000, "بشکه در روز"),
        ("دمای هوا به ۴۵ درجه سانتیگراد رسید", "۴۵ درجه سانتیگراد", 45, "درجه سانتی‌گراد"),
        ("زلزله ۵.۲ ریشتری", "۵.۲ ریشتری", Decimal("5.2"), "ریشتر"),
        # counted things: listed classifiers and any noun
        ("بیمارستان ۲۲۰ تختخوابی فجر", "۲۲۰ تختخوابی", 220, "تخت"),
        ("بیمارستان ۳۲۰ تختخوابی کودکان", "۳۲۰ تختخوابی", 320, "تخت"),
        ("۲۴ تخت مراقبت‌های ویژه", "۲۴ تخت", 24, "تخت"),
        ("در مسیر این کنارگذر سه پل بزرگ", "سه پل", 3, "پل"),
        ("دستکم هفت ایستگاه این خط", "هفت ایستگاه", 7, "ایستگاه"),
        ("اجرای ۵۰۰۰ پروژه شهری", "۵۰۰۰ پروژه", 5000, "پروژه"),
        ("با اشاره به ۱۸۰ طرح آماده", "۱۸۰ طرح", 180, "طرح"),
        ("امسال ۳۵۰ پرستار جدید", "۳۵۰ پرستار", 350, "پرستار"),
        ("۴۶۰ نفر از قاچاقچیان", "۴۶۰ نفر", 460, "نفر"),
        ("خرید ۱۲۰ دستگاه اتوبوس برقی", "۱۲۰ دستگاه", 120, "دستگاه"),
        ("بیش از ۳۰۰ فعال اقتصادی", "۳۰۰ فعال", 300, "فعال"),
        ("آب شرب ۱۸ روستای استان", "۱۸ روستای", 18, "روستا"),
        ("12,500 واحد مسکونی", "12,500 واحد", 12500, "واحد"),
        ("۱۲ هزار و ۴۰۰ واحد مسکونی", "۱۲ هزار و ۴۰۰ واحد", 12400, "واحد"),
        ("یک هزار و ۸۶۰ نفر اشتغال", "یک هزار و ۸۶۰ نفر", 1860, "نفر"),
        ("بیش از یک میلیون نفر از جمعیت", "یک میلیون نفر", 1000000, "نفر"),
        ("بیش از دو میلیون نفر جمعیت", "دو میلیون نفر", 2000000, "نفر"),
        ("میزبان ۳۰ میلیون زائر است", "۳۰ میلیون زائر", 30000000, "زائر"),
        ("بیش از بیست و پنج هزار نفر", "بیست و پنج هزار نفر", 25000, "نفر"),
        ("سیصد و بیست و پنج هزار تن گندم", "سیصد و بیست و پنج هزار تن", 325000, "تن"),
        ("۳ هزار و ۵۰۰ فرصت شغلی", "۳ هزار و ۵۰۰ فرصت شغلی", 3500, "فرصت شغلی"),
        ("برگزاری ۱۲ نشست تخصصی", "۱۲ نشست", 12, "نشست"),
        ("توزیع ۵۰۰ بسته معیشتی", "۵۰۰ بسته", 500, "بسته"),
        ("۱۰ برابر شد", "۱۰ برابر", 10, "برابر"),
        # durations
        ("پس از ۱۸ سال هنوز", "۱۸ سال", 18, "سال"),
        ("در کمتر از سه سال", "سه سال", 3, "سال"),
        ("در ۲۴ ساعت گذشته", "۲۴ ساعت", 24, "ساعت"),
        # a year-like number before a listed unit is an amount
        ("۱۴۰۰ نفر ثبت‌نام کردند", "۱۴۰۰ نفر", 1400, "نفر"),
        ("۱۴۰۰ میلیارد تومان", "۱۴۰۰ میلیارد تومان", 1400 * 10**9, "تومان"),
        # a scale word alone carries the claim
        ("جمعیت به ۲ میلیون رسید", "۲ میلیون", 2000000, ""),
        # «یک» before a measure unit or a scale word
        ("یک کیلومتر از مسیر", "یک کیلومتر", 1, "کیلومتر"),
        # a name head before a measure still makes a claim
        ("در سال ۱۸ درصد رشد داشت", "۱۸ درصد", 18, "درصد"),
    ],
)
def test_quantity(text: str, span: str, value: int | Decimal, unit: str) -> None:
    assert found(text) == [(span, Decimal(value), unit)]


@pytest.mark.parametrize(
    "text",
    [
        # years and dates
        "از سال ۱۳۹۸ آغاز شده",
        "تا سال 1405 ادامه دارد",
        "لایحه بودجه ۱۴۰۵ شهرداری",
        "تا نوروز ١٤٠٥ به بهره‌برداری",
        "در جام جهانی ۲۰۲۶",
        "سال‌های ۹۸ و ۹۹",
        "دهه ۶۰",
        "روز یکشنبه ۲۰ مهر ۱۴۰۴ در جلسه",
        "تا 15 آذر به مجلس",
        "تا ۱۵ آبان ۱۴۰۴ فرصت دارند",
        "در تاریخ ۱۴۰۴/۰۷/۱۵",
        "در تاریخ ۱۴۰۴-۰۷-۱۵",
        "خیابان ۸ دی",
        # ordinals
        "دولت چهاردهم و شورای ششم",
        "پل دهم اهواز",
        "مرحله دوم آن",
        "او در ۱۴ام مهر",
        "بیست و دومین دوره",
        # numbers in names
        "منطقه ۱۵ تهران",
        "خط ۲ قطار شهری",
        "خط یک قطار شهری",
        "فاز ۲ پارس جنوبی",
        "تصفیه‌خانه شماره ۳ مشهد",
        "ماده ۱۰۰ قانون",
        "بند ۵ و تبصره ۲",
        "کد ۱۲ استان",
        "مواد ۱۰ و ۱۱ قانون",
        "قطعنامه ۲۲۳۱ شورای امنیت",
        "کیلومتر ۱۵ جاده تهران",
        "ساعت ۱۰ صبح",
        "ساعت ۱۰ و ۳۰ دقیقه",
        # clock times, phones, codes
        "جلسه ساعت ۱۰:۳۰ آغاز شد",
        "با شماره ۰۹۱۲۳۴۵۶۷۸۹ تماس بگیرید",
        "تلفن ۰۲۱-۸۸۸۸۱۲۳۴",
        "شماره تماس ۱۲۲ پاسخگوی شهروندان است",
        "ویروس COVID-19 و اینترنت 5G",
        "بیماری کووید-۱۹",
        # «یک» as an article, «یکی از», «نه» as "not"
        "یک اصل ویژه است",
        "یکی از مهمترین طرح‌ها",
        "یک استاد دانشگاه تبریز",
        "باید بودجه تکمیل باشد نه بودجه آغاز",
        # compound adjectives
        "مردم در جنگ ۱۲ روزه نشان دادند",
        "تیم ۵ نفره",
        "برنامه ۲۰ ساله",
        # numbers without a unit
        "تعداد آن‌ها به ۶۰ رسید",
        "تعداد آن‌ها به ۶۰ رسیدند",
        "نتیجه ۲ بر یک بود",
        "این دو طرح و هر سه پروژه",
        "میلیون‌ها نفر و هزاران واحد",
        "چهارخطه",
        "سه‌شنبه",
        "سه شنبه",
        "",
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "modifier", "span"),
    [
        ("بیش از ۹ هزار میلیارد تومان", "بیش از", "۹ هزار میلیارد تومان"),
        ("حدود ۶۰۰ میلیون مترمکعب", "حدود", "۶۰۰ میلیون مترمکعب"),
        ("بالغ بر ۸ هزار میلیارد ریال", "بالغ بر", "۸ هزار میلیارد ریال"),
        ("نزدیک به ۲۰ درصد", "نزدیک به", "۲۰ درصد"),
        ("دستکم ۳۵ درصد", "دست‌کم", "۳۵ درصد"),
        ("دست‌کم ۳۵ درصد", "دست‌کم", "۳۵ درصد"),
        ("دست کم ۱۰ نفر", "دست‌کم", "۱۰ نفر"),
        ("حداکثر ۵ سال", "حداکثر", "۵ سال"),
        ("حداقل ۲۰ نفر", "حداقل", "۲۰ نفر"),
        ("تقریبا ۵۰ درصد", "تقریبا", "۵۰ درصد"),
        ("تقریباً ۵۰ درصد", "تقریبا", "۵۰ درصد"),
        ("کمتر از سه سال", "کمتر از", "سه سال"),
        ("تنها ۷۰ درصد", None, "۷۰ درصد"),
    ],
)
def test_modifiers_are_recorded_outside_the_span(text: str, modifier: str | None, span: str) -> None:
    quantity = only(text)
    assert quantity.modifier == modifier
    assert text[quantity.start : quantity.end] == span


@pytest.mark.parametrize(
    ("text", "value", "upper", "span"),
    [
        ("بین ۱۰ تا ۱۵ درصد", 10, 15, "۱۰ تا ۱۵ درصد"),
        ("۱۰ الی ۱۵ درصد", 10, 15, "۱۰ الی ۱۵ درصد"),
        ("رشد ۱۰-۱۵ درصدی", 10, 15, "۱۰-۱۵ درصدی"),
        ("۱۰ تا ۱۵ میلیارد تومان", 10 * 10**9, 15 * 10**9, "۱۰ تا ۱۵ میلیارد تومان"),
        ("۵۰۰ هزار تا یک میلیون نفر", 500000, 1000000, "۵۰۰ هزار تا یک میلیون نفر"),
    ],
)
def test_ranges(text: str, value: int, upper: int, span: str) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.upper, text[quantity.start : quantity.end]) == (value, upper, span)


def test_a_falling_range_is_no_range() -> None:
    assert [q.upper for q in find_quantities("۵ درصد تا ۳ درصد")] == [None, None]


def test_a_list_shares_its_unit() -> None:
    assert found("سهم‌ها ۲۰، ۳۰ و ۴۰ درصد است") == [
        ("۲۰", 20, "درصد"),
        ("۳۰", 30, "درصد"),
        ("۴۰ درصد", 40, "درصد"),
    ]
    assert found("۲ و ۳ میلیارد دلار") == [("۲", 2 * 10**9, "دلار"), ("۳ میلیارد دلار", 3 * 10**9, "دلار")]
    # a listed count spreads over the list, an unlisted noun does not
    assert found("۲۰ و ۳۰ پروژه") == [("۲۰", 20, "پروژه"), ("۳۰ پروژه", 30, "پروژه")]
    assert found("۲۰ و ۳۰ پرستار") == [("۳۰ پرستار", 30, "پرستار")]


def test_unit_phrase_keeps_scale_and_unit_as_written() -> None:
    assert only("۹ هزار میلیارد تومان").unit_phrase == "هزار میلیارد تومان"
    assert only("۴ هزار و ۸۰۰ میلیارد ریال").unit_phrase == "میلیارد ریال"
    assert only("۷۰ درصدی").unit_phrase == "درصدی"
    assert only("۱۲ هزار و ۴۰۰ واحد").unit_phrase == "واحد"
    assert only("۵۰۰ میلیاردتومان").unit_phrase == "میلیاردتومان"


def test_value_in_rials() -> None:
    assert only("۹ هزار میلیارد تومان").value_in_rials == 9 * 10**13
    assert only("۹۰۰ میلیارد ریال").value_in_rials == 9 * 10**11
    assert only("۲۰ هزارتومانی").value_in_rials == 200000
    assert only("۲ میلیارد دلار").value_in_rials is None
    assert only("۷۰ درصد").value_in_rials is None


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("۱۲٬۵۰۰ هکتار از اراضی ملی و منابع طبیعی", "اراضی ملی"),
        ("۱۵ درصد از ظرفیت تولید را از بین برد", "ظرفیت تولید"),
        ("۶۰۰ نفر از جوانان بومی", "جوانان بومی"),
        ("۲۳ کیلومتر خط یک", None),
        ("۲۲ کیلومتر از سال ۱۳۹۳ در حال بهره‌برداری", None),
        ("۱۵۰ میلیارد تومان از محل اعتبارات ملی", None),
        ("۲۴/۶ کیلومتر از مهم ترین طرح‌ها", None),
        ("۲۴/۶ کیلومتر از مهم‌ترین طرح‌ها", None),
        ("۸ کیلومتر از خط ۱۰ مترو", None),
        ("۱۰ درصد از سهام این شرکت", "سهام"),
    ],
)
def test_measures(text: str, measures: str | None) -> None:
    assert only(text).measures == measures


def test_quantity_match_is_frozen() -> None:
    quantity = only("۷۰ درصد")
    with pytest.raises(dataclasses.FrozenInstanceError):
        quantity.value = Decimal(1)  # type: ignore[misc]


# --- properties ------------------------------------------------------------------------------

_PIECES = [
    *"۰۱۲۳۴۵۶۷۸۹0123456789/.,٬٫-%٪،:",
    " ",
    " و ",
    " تا ",
    "هزار",
    "میلیارد",
    "یک",
    "نه",
    "بیست",
    "نیم",
    "درصد",
    "درصدی",
    "تومان",
    "میلیاردتومان",
    "کیلومتر",
    "مربع",
    "نفر",
    "روزه",
    "خط",
    "سال",
    "مهر",
    "بیش از",
    "از",
    "اراضی",
    ZWNJ,
    "\n",
    "G",
]
_NEWSISH = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _check(text: str) -> None:
    quantities = find_quantities(text)
    for q in quantities:
        assert 0 <= q.start < q.end <= len(text)
        assert q.value >= 0
        assert q.upper is None or q.upper > q.value
        assert q.value_in_rials is None or q.value_in_rials >= q.value
        assert q.unit_phrase == "" or q.unit_phrase in text[q.start : q.end]
    assert find_quantities(text) == quantities  # deterministic
    assert quantities == sorted(quantities, key=lambda q: (q.start, q.end))


@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    _check(text)


@given(_NEWSISH)
def test_never_raises_on_number_like_text(text: str) -> None:
    _check(text)


# --- the dev corpus ----------------------------------------------------------------------------

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev"
_SIMPLE_NORMALISATION = str.maketrans("يك٠١٢٣٤٥٦٧٨٩", "یک۰۱۲۳۴۵۶۷۸۹")  # 1:1, offsets do not move


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _score(gold: list[dict], system: list[QuantityMatch]) -> int:
    """Matches as ``shared/tools/score.py`` counts them: greedy, equal value, overlapping span."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        for k, q in enumerate(system):
            if k in used or abs(float(q.value) - float(g["value"])) > 1e-9:
                continue
            if not _overlap((q.start, q.end), (g["start"], g["end"])):
                continue
            used.add(k)
            hits += 1
            break
    return hits


def test_dev_corpus_quantity_f1() -> None:
    if not DEV.is_dir():
        pytest.skip("no shared dev corpus beside the repository")
    hits = system = gold_total = 0
    for gold_path in sorted(DEV.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = gold_path.with_name(gold.get("text_file") or gold_path.name.replace(".gold.json", ".txt"))
        text = raw.read_text(encoding="utf-8-sig").translate(_SIMPLE_NORMALISATION)
        quantities = find_quantities(text)
        hits += _score(gold.get("quantities", []), quantities)
        system += len(quantities)
        gold_total += len(gold.get("quantities", []))
    assert gold_total > 0
    precision, recall = hits / system, hits / gold_total
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.90, f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
