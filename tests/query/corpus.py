"""A small multi-article corpus for the named queries, written as extraction records.

The extractor does not find quantities, projects, events or agencies yet, and the queries
must be tested on exactly what they ask about, so these seven articles are written as the
records extraction hands to the mapping (kg/records.py) — every span located in the
article text — and go through the real mapping (kg.rdf.mapping) and Store.replace_article,
cross-article identity included. The stories:

Q1 2024-03-10 IRNA   the mayor of Hamedan (سید مسعود حسینی) on the Hamedan metro: 30 %,
                     2500 billion rials; the council chairman (محمود مسگریان) backs it;
                     both at «جلسه شورای شهر همدان».
Q2 2024-04-22 Mehr   at «همایش شهرداران کلانشهرها» in Tabriz: علی رضایی (mayor of Tabriz) on
                     Tabriz metro line 2 (60 %), حسینی on 40 electric buses.
Q3 2024-05-05 ISNA   حسن رضایی (mayor of Isfahan), indirect: a 12-thousand-billion-toman budget;
                     مهدی کاظمی (council member, Isfahan): 80 % of it for building works.
Q4 2024-05-20 IRNA   مهدی کاظمی, now deputy governor of Isfahan: 5 rural water projects opened.
Q5 (no date)  Hamshahri, no agency, no statement.
Q6 2024-04-02 IRNA   «حسینی، شهردار همدان» (surname + post: the store makes him the mayor above),
                     indirect, on a historic-fabric renewal plan (no status given).
Q7 2024-06-10 Fars   «فرماندار کرج» (title only, nobody known): traffic is down.
Q8 2024-06-15 Tasnim «رضایی» with no post: the store keeps him apart and links him to both
                     Rezaeis as possibly the same person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from kg import records as r
from kg.text.normalise import fold

BASE = "https://w3id.org/officials-kg/id/"

PLACES = {
    "country-iran": ("Country", "ایران", None),
    "province-hamedan": ("Province", "استان همدان", None),
    "province-east-azerbaijan": ("Province", "استان آذربایجان شرقی", None),
    "province-isfahan": ("Province", "استان اصفهان", None),
    "province-alborz": ("Province", "استان البرز", None),
    "city-hamedan": ("City", "همدان", "province-hamedan"),
    "city-tabriz": ("City", "تبریز", "province-east-azerbaijan"),
    "city-isfahan": ("City", "اصفهان", "province-isfahan"),
    "city-karaj": ("City", "کرج", "province-alborz"),
}


@dataclass
class Builder:
    text: str
    date: str | None
    source: str
    name: str
    cursor: int = 0
    article: r.Article = field(init=False)

    def __post_init__(self) -> None:
        self.article = r.Article(
            text=self.text, sha256=hashlib.sha256(self.text.encode("utf-8")).hexdigest(), name=self.name,
            url=f"https://example.org/{self.name}", date=dt.date.fromisoformat(self.date) if self.date else None,
            source=self.source,
        )

    def span(self, needle: str, start: int | None = None) -> r.TextSpan:
        """The next occurrence of ``needle`` at or after the cursor (or ``start``)."""
        i = self.text.index(needle, self.cursor if start is None else start)
        return r.TextSpan(i, i + len(needle), needle)

    def place(self, key: str, mention: str | None = None) -> None:
        if any(p.key == key for p in self.article.places):
            return
        kind, name, province = PLACES[key]
        p = r.Place(key, kind, name, province=province)
        if mention:
            p.mentions.append(self.span(mention, 0))
        self.article.places.append(p)
        if province:
            self.place(province)
        if kind == "Province":
            self.place("country-iran")

    def org(self, key: str, label: str, place: str | None = None, kind: str = "Organization") -> None:
        if place:
            self.place(place)
        self.article.organizations.append(r.Organization(key, label, kind, place))

    def agency(self, key: str, label: str) -> None:
        self.org(key, label, kind="NewsAgency")
        self.article.agency = key

    def person(self, key: str, *, given: str | None = None, family: str | None = None, honorifics: tuple = (),
               title: str | None = None, phrase: str | None = None, org: str | None = None) -> None:
        parts = [p for p in (given, family) if p]
        name = " ".join([*honorifics, *parts]) if parts else None
        identity = "name:" + fold("".join(parts)) if parts else "post:" + fold(phrase or "")
        self.article.people.append(r.Person(
            key=key, identity=identity, name=name, honorifics=honorifics, given=given, family=family,
            title=title, title_phrase=phrase, organization=org, official=title is not None,
        ))

    def project(self, key: str, label: str, *, status: str | None, place: str, owner: str | None = None) -> None:
        self.place(place)
        p = r.Project(key, label, status, owner, place)
        p.mentions.append(self.span(label, 0))
        self.article.projects.append(p)

    def event(self, key: str, label: str, *, city: str) -> None:
        self.place(city)
        e = r.Event(key, label, host_city=city, date=self.article.date)
        e.mentions.append(self.span(label, 0))
        self.article.events.append(e)

    def said(self, speaker: str, subject: str, verb: str, content: str, *, direct: bool,
             quantities: tuple = (), projects: tuple = (), mentions: tuple = (), event: str | None = None) -> None:
        subj = self.span(subject)
        self.cursor = subj.end
        cue = self.span(verb)
        body = self.span(content, cue.end)
        self.cursor = body.end
        person = self.article.person(speaker)
        if (subj.start, subj.end) not in {(m.start, m.end) for m in person.mentions}:
            person.mentions.append(subj)
        indexes = []
        for q in quantities:
            needle, value, unit, *rest = q
            qs = self.span(needle, body.start)
            assert qs.end <= body.end, needle
            self.article.quantities.append(r.Quantity(qs, Decimal(value), unit, unit_phrase=rest[0] if rest else None))
            indexes.append(len(self.article.quantities) - 1)
        self.article.statements.append(r.Statement(
            span=body, content=content, verb=verb, direct=direct, speaker=speaker, cue=cue, speaker_mention=subj,
            projects=list(projects), mentions=list(mentions), quantities=indexes, event=event,
        ))


def q1() -> r.Article:
    b = Builder(
        "به گزارش ایرنا، سید مسعود حسینی، شهردار همدان در جلسه شورای شهر همدان گفت: پروژه قطار شهری همدان "
        "۳۰ درصد پیشرفت دارد.\n\nوی افزود: برای تکمیل این پروژه ۲۵۰۰ میلیارد ریال اعتبار لازم است.\n\n"
        "محمود مسگریان، رئیس شورای شهر همدان گفت که شورا از این پروژه حمایت می‌کند.\n",
        "2024-03-10", "ایرنا", "q1-hamedan-metro")
    b.agency("irna", "خبرگزاری ایرنا")
    b.org("shahrdari-hamedan", "شهرداری همدان", "city-hamedan")
    b.org("council-hamedan", "شورای شهر همدان", "city-hamedan")
    b.place("city-hamedan", "همدان")
    b.person("hosseini", given="مسعود", family="حسینی", honorifics=("سید",), title="شهردار", phrase="شهردار همدان",
             org="shahrdari-hamedan")
    b.person("mesgarian", given="محمود", family="مسگریان", title="رئیس شورای شهر", phrase="رئیس شورای شهر همدان",
             org="council-hamedan")
    b.project("metro-hamedan", "قطار شهری همدان", status="در حال اجرا", place="city-hamedan", owner="shahrdari-hamedan")
    b.event("council-meeting", "جلسه شورای شهر همدان", city="city-hamedan")
    b.said("hosseini", "سید مسعود حسینی، شهردار همدان", "گفت", "پروژه قطار شهری همدان ۳۰ درصد پیشرفت دارد.",
           direct=True, quantities=(("۳۰ درصد", "30", "درصد"),), projects=("metro-hamedan",),
           mentions=("city-hamedan",), event="council-meeting")
    b.said("hosseini", "وی", "افزود", "برای تکمیل این پروژه ۲۵۰۰ میلیارد ریال اعتبار لازم است.", direct=True,
           quantities=(("۲۵۰۰ میلیارد ریال", "2500000000000", "ریال", "میلیارد ریال"),), projects=("metro-hamedan",))
    b.said("mesgarian", "محمود مسگریان، رئیس شورای شهر همدان", "گفت", "شورا از این پروژه حمایت می‌کند",
           direct=False, projects=("metro-hamedan",), event="council-meeting")
    return b.article


def q2() -> r.Article:
    b = Builder(
        "به گزارش خبرگزاری مهر، علی رضایی، شهردار تبریز در همایش شهرداران کلانشهرها گفت: خط دوم قطار شهری "
        "تبریز ۶۰ درصد پیشرفت دارد.\n\nسید مسعود حسینی، شهردار همدان نیز در این همایش گفت: شهرداری همدان "
        "۴۰ دستگاه اتوبوس برقی خریداری می‌کند.\n",
        "2024-04-22", "مهر", "q2-metropolis-summit")
    b.agency("mehr", "خبرگزاری مهر")
    b.org("shahrdari-tabriz", "شهرداری تبریز", "city-tabriz")
    b.org("shahrdari-hamedan", "شهرداری همدان", "city-hamedan")
    b.place("city-tabriz", "تبریز")
    b.person("rezaei", given="علی", family="رضایی", title="شهردار", phrase="شهردار تبریز", org="shahrdari-tabriz")
    b.person("hosseini", given="مسعود", family="حسینی", honorifics=("سید",), title="شهردار", phrase="شهردار همدان",
             org="shahrdari-hamedan")
    b.project("metro-tabriz", "خط دوم قطار شهری تبریز", status="در حال اجرا", place="city-tabriz")
    b.project("ebus-hamedan", "اتوبوس برقی", status="مصوب", place="city-hamedan", owner="shahrdari-hamedan")
    b.event("summit", "همایش شهرداران کلانشهرها", city="city-tabriz")
    b.said("rezaei", "علی رضایی، شهردار تبریز", "گفت", "خط دوم قطار شهری تبریز ۶۰ درصد پیشرفت دارد.", direct=True,
           quantities=(("۶۰ درصد", "60", "درصد"),), projects=("metro-tabriz",), mentions=("city-tabriz",),
           event="summit")
    b.said("hosseini", "سید مسعود حسینی، شهردار همدان", "گفت", "شهرداری همدان ۴۰ دستگاه اتوبوس برقی خریداری می‌کند.",
           direct=True, quantities=(("۴۰ دستگاه", "40", "دستگاه"),), projects=("ebus-hamedan",),
           mentions=("shahrdari-hamedan",), event="summit")
    return b.article


def q3() -> r.Article:
    b = Builder(
        "به گزارش ایسنا، حسن رضایی، شهردار اصفهان اعلام کرد که بودجه شهرداری اصفهان امسال ۱۲ هزار میلیارد تومان "
        "است.\n\nمهدی کاظمی، عضو شورای شهر اصفهان گفت: ۸۰ درصد این بودجه به طرح‌های عمرانی می‌رسد.\n",
        "2024-05-05", "ایسنا", "q3-isfahan-budget")
    b.agency("isna", "خبرگزاری ایسنا")
    b.org("shahrdari-isfahan", "شهرداری اصفهان", "city-isfahan")
    b.org("council-isfahan", "شورای شهر اصفهان", "city-isfahan")
    b.place("city-isfahan", "اصفهان")
    b.person("hrezaei", given="حسن", family="رضایی", title="شهردار", phrase="شهردار اصفهان", org="shahrdari-isfahan")
    b.person("kazemi", given="مهدی", family="کاظمی", title="عضو شورای شهر", phrase="عضو شورای شهر اصفهان",
             org="council-isfahan")
    b.said("hrezaei", "حسن رضایی، شهردار اصفهان", "اعلام کرد", "بودجه شهرداری اصفهان امسال ۱۲ هزار میلیارد تومان است",
           direct=False, quantities=(("۱۲ هزار میلیارد تومان", "12000000000000", "تومان", "هزار میلیارد تومان"),),
           mentions=("shahrdari-isfahan", "city-isfahan"))
    b.said("kazemi", "مهدی کاظمی، عضو شورای شهر اصفهان", "گفت", "۸۰ درصد این بودجه به طرح‌های عمرانی می‌رسد.",
           direct=True, quantities=(("۸۰ درصد", "80", "درصد"),))
    return b.article


def q4() -> r.Article:
    b = Builder(
        "به گزارش ایرنا، مهدی کاظمی، معاون استاندار اصفهان گفت: ۵ طرح آبرسانی روستایی در استان اصفهان افتتاح شد.\n",
        "2024-05-20", "ایرنا", "q4-isfahan-water")
    b.agency("irna", "خبرگزاری ایرنا")
    b.org("ostandari-isfahan", "استانداری اصفهان", "province-isfahan")
    b.person("kazemi", given="مهدی", family="کاظمی", title="معاون استاندار", phrase="معاون استاندار اصفهان",
             org="ostandari-isfahan")
    b.project("water-isfahan", "طرح آبرسانی روستایی", status="افتتاح شد", place="province-isfahan")
    b.said("kazemi", "مهدی کاظمی، معاون استاندار اصفهان", "گفت",
           "۵ طرح آبرسانی روستایی در استان اصفهان افتتاح شد.", direct=True,
           quantities=(("۵ طرح", "5", "طرح"),), projects=("water-isfahan",), mentions=("province-isfahan",))
    return b.article


def q5() -> r.Article:
    b = Builder("جلسه شورای شهر همدان امروز برگزار شد و درباره بودجه سال آینده بحث شد.\n", None,
                "روزنامه همشهری", "q5-no-statements")
    return b.article


def q6() -> r.Article:
    b = Builder(
        "به گزارش ایرنا، حسینی، شهردار همدان تاکید کرد که طرح بازآفرینی بافت تاریخی همدان امسال آغاز می‌شود.\n",
        "2024-04-02", "ایرنا", "q6-hamedan-renewal")
    b.agency("irna", "خبرگزاری ایرنا")
    b.org("shahrdari-hamedan", "شهرداری همدان", "city-hamedan")
    b.person("hosseini", family="حسینی", title="شهردار", phrase="شهردار همدان", org="shahrdari-hamedan")
    b.project("renewal-hamedan", "طرح بازآفرینی بافت تاریخی همدان", status=None, place="city-hamedan")
    b.said("hosseini", "حسینی، شهردار همدان", "تاکید کرد", "طرح بازآفرینی بافت تاریخی همدان امسال آغاز می‌شود",
           direct=False, projects=("renewal-hamedan",), mentions=("city-hamedan",))
    return b.article


def q7() -> r.Article:
    b = Builder("به گزارش فارس، فرماندار کرج گفت: ترافیک ورودی شهر کاهش یافته است.\n", "2024-06-10", "فارس",
                "q7-karaj-traffic")
    b.agency("fars", "خبرگزاری فارس")
    b.org("farmandari-karaj", "فرمانداری کرج", "city-karaj")
    b.person("farmandar", title="فرماندار", phrase="فرماندار کرج", org="farmandari-karaj")
    b.said("farmandar", "فرماندار کرج", "گفت", "ترافیک ورودی شهر کاهش یافته است.", direct=True)
    return b.article


def q8() -> r.Article:
    b = Builder("به گزارش تسنیم، رضایی گفت: نرخ بلیت قطار شهری امسال افزایش نمی‌یابد.\n", "2024-06-15", "تسنیم",
                "q8-fares")
    b.agency("tasnim", "خبرگزاری تسنیم")
    b.person("rezaei", family="رضایی")
    b.said("rezaei", "رضایی", "گفت", "نرخ بلیت قطار شهری امسال افزایش نمی‌یابد.", direct=True)
    return b.article


ARTICLES = (q1, q2, q3, q4, q5, q6, q7, q8)


def graphs():
    from kg.rdf.mapping import article_graph

    return [article_graph(make(), BASE) for make in ARTICLES]
