"""Features measured against the page's own prose (``features.lines``): German capitalises every
noun (``titlecase_ratios``), and some languages' frequent words are not in the stop-word list
(``stop_ratios``); neither must make an article read as a menu."""

from __future__ import annotations

import numpy as np
from tests.extract.conftest import page

from tamis.extract import clean_text
from tamis.extract.features.lines import STOP_PAGE, STOP_SCALE, TITLECASE_PAGE, prose_lines, stop_ratios, titlecase_ratios
from tamis.extract.features.segments import Segments

MENU = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Suche"]
ARTICLE = [
    "Neue Brücke über den Kanal soll im Herbst fertig werden",
    "Von Jana Müller",
    "Die Bauarbeiten an der neuen Brücke über den Kanal kommen schneller voran als erwartet, teilte die Stadtverwaltung am Montag mit.",
    "Nach Angaben der Bauleitung sind die Fundamente fertig, und die Stahlträger sollen in den nächsten Wochen mit einem Schwimmkran eingesetzt werden.",
    "Anwohner hatten sich über Lärm und Staub beschwert, doch die Stadt verweist auf die strengen Auflagen für die Baufirma.",
    "Die Kosten für das Projekt liegen bei rund zwölf Millionen Euro, von denen das Land etwa die Hälfte übernimmt.",
    "Wenn alles nach Plan läuft, können Fußgänger und Radfahrer die Brücke schon im Oktober nutzen.",
]
FOOTER = ["Mehr zum Thema", "Impressum", "Datenschutz", "© 2024 Kanalbote"]


def test_a_german_article_is_kept_whole() -> None:
    out = clean_text("\n".join(MENU) + "\n\n" + page(ARTICLE, FOOTER))
    for line in ARTICLE[2:]:
        assert line in out
    for line in MENU + FOOTER:
        assert line not in out.split("\n")


def test_only_pages_whose_prose_is_title_cased_are_corrected() -> None:
    # two pages in one batch: an English one (prose at 10%) and a German one (prose at 36%)
    ratio = np.array([1.0, 0.1, 0.1, 0.1, 1.0, 0.36, 0.36, 0.36])
    words = np.array([1, 20, 20, 20, 1, 20, 20, 20])
    ends = words >= 12
    out = titlecase_ratios(ratio, prose_lines(words, ends), Segments([4, 4]))
    assert out[:4].tolist() == ratio[:4].tolist()
    assert (out[5:] < TITLECASE_PAGE).all() and out[4] > 0.5
    # each page as if alone
    assert out[4:].tolist() == titlecase_ratios(ratio[4:], prose_lines(words[4:], ends[4:]), Segments.one(4)).tolist()


def test_the_headline_is_found_above_a_byline_and_a_dateline_and_a_date_is_no_headline() -> None:
    from tamis.extract import label_lines

    dated = ARTICLE[:2] + ["Stand: 03.05.2024, 09:15"] + ARTICLE[2:]
    labels = label_lines("\n".join(MENU) + "\n\n" + page(dated, FOOTER))
    titles = [x.text for x in labels if x.label == "title"]
    assert titles == [ARTICLE[0]]


TURKISH = [
    "Belediye meclisi, şehir merkezindeki eski köprünün yenilenmesi için yeni bir ihale açılmasına oybirliğiyle karar verdi.",
    "Köprü, son yıllarda yapılan incelemelerde ağır araç trafiğine dayanıksız bulunmuş ve geçen kış geçici olarak kapatılmıştı.",
    "Yetkililer, çalışmaların ilkbaharda başlayacağını ve yaklaşık on sekiz ay süreceğini açıkladı.",
    "Esnaf ise inşaat süresince müşterilerin merkeze ulaşmakta zorlanacağından endişe ediyor.",
    "Belediye başkanı, trafiğin alternatif güzergâhlara yönlendirileceğini ve ek otobüs seferleri konulacağını söyledi.",
]


def test_a_page_whose_prose_has_few_stop_words_is_scaled_and_others_are_not() -> None:
    ratio = np.array([0.0, 0.45, 0.4, 0.5, 0.0, 0.1, 0.12, 0.08])  # an English page, then a sparse one
    words = np.array([1, 20, 20, 20, 1, 20, 20, 20])
    ends = words >= 12
    out = stop_ratios(ratio, prose_lines(words, ends), Segments([4, 4]))
    assert out[:4].tolist() == ratio[:4].tolist()
    assert out[4] == 0.0 and out[5:].tolist() == (ratio[5:] * STOP_SCALE).tolist() and ratio[5:].mean() < STOP_PAGE
    assert out[4:].tolist() == stop_ratios(ratio[4:], prose_lines(words[4:], ends[4:]), Segments.one(4)).tolist()


def test_a_turkish_article_reads_as_prose() -> None:
    from tamis.extract import label_lines

    text = "\n".join(["Ana Sayfa", "Gündem", "Ekonomi", "Spor"]) + "\n\n" + page(["Eski köprü için yeni ihale kararı"] + TURKISH,
                                                                                ["Gizlilik Politikası", "© 2024 Şehir Haber"])
    scores = {x.text: x for x in label_lines(text)}
    assert all(scores[line].keep for line in TURKISH)
    assert not scores["Gizlilik Politikası"].keep and not scores["Gündem"].keep


def test_a_headline_is_found_past_a_name_and_a_dateline_and_may_ask() -> None:
    from tamis.extract import label_lines

    body = ["Die Bauarbeiten an der neuen Brücke über den Kanal kommen schneller voran als erwartet, teilte die Stadt mit.",
            "Nach Angaben der Bauleitung sind die Fundamente fertig, und die Stahlträger folgen in den nächsten Wochen.",
            "Anwohner hatten sich über Lärm und Staub beschwert, doch die Stadt verweist auf strenge Auflagen."]
    for head, between in ((["Wann ist die neue Brücke über den Kanal endlich fertig?"], ["Jana Müller", "15.03.2024 10:45"]),
                          (["FTSE-Index steigt um 0.4% auf 7,512 Punkte"], ["Von Jana Müller"]),
                          (["Neue Brücke über den Kanal soll im Herbst fertig werden"], ["Door Sanne de Vries", "kl. 08.15"])):
        labels = label_lines("\n".join(MENU) + "\n\n" + page(head + between + body, FOOTER))
        assert [x.text for x in labels if x.label == "title"] == head, [x.text for x in labels if x.label == "title"]


def test_a_headline_is_found_past_share_buttons_a_vote_count_and_a_long_byline() -> None:
    from tamis.extract import label_lines

    body = ["The city council voted on Tuesday to expand the tram network to the northern districts, a project "
            "debated for more than ten years that will cost roughly 400 million euros.",
            "Construction is expected to start next spring, and buses will replace the trams on the affected "
            "section while the tracks are being laid in stages."]
    head = ["Council approves tram extension to the north"]
    for between in (["Share on Facebook"], ["14"], ["By Jane Doe · 12 March 2024 · 6 min read"],
                    ["Publicado el 12 de marzo de 2024 por Ana Gil · 3 comentarios"]):
        labels = label_lines("\n".join(MENU) + "\n\n" + page(head + between + body, FOOTER))
        assert [x.text for x in labels if x.label == "title"] == head, between
    # a breadcrumb is no headline, nor is a Chinese headline too short for one
    labels = label_lines("\n".join(MENU) + "\n\n" + page(["News » Transport » Trams"], body, FOOTER))
    assert not [x for x in labels if x.label == "title"]


def test_a_chinese_headline_counts_its_characters_as_words() -> None:
    from tamis.extract import label_lines

    body = ["市政府周二宣布，城北的电车线路将延长十二公里，工程预计明年春天开工，总投资约四十亿元。",
            "交通部门表示，施工期间将以公交车代替电车，并分段进行，以减少对居民出行的影响。",
            "这一计划讨论了十多年，沿线居民普遍表示欢迎。不少人说，每天上班要换乘两次公交，路上常常堵车。",
            "专家认为，电车延长后，城北地区的房价和商业活动可能会随之上升，但也要注意噪音和安全问题。"]
    head = ["市政府宣布城北电车线路延长十二公里"]
    labels = label_lines("\n".join(MENU) + "\n\n" + page(head + body, FOOTER))
    assert [x.text for x in labels if x.label == "title"] == head


def test_bylines_in_other_languages_are_no_headline() -> None:
    from tamis.extract.headline import is_byline

    for line in ("Γράφει ο Νίκος Αντωνίου | 3 Απριλίου 2024", "Imeandikwa na Amina Juma, Dar es Salaam",
                 "Na Juma Hassan | 12 Machi 2024", "رپورٹ: عمران بٹ | 24 مارچ 2024", "Της Μαρίας Παπαδοπούλου | 14 Απριλίου 2024"):
        assert is_byline(line), line
    # words that also open headlines count only with a date, a date verb only with a date or a colon
    for line in ("Na kwa nini mvua imechelewa mwaka huu?", "Na Câmara, deputados aprovam o orçamento",
                 "Na Ukrainie trwają walki o Charków", "Updated flood maps put thousands more homes at risk",
                 "Updated 2024 rules for tenants take effect today", "Από Δευτέρα οι νέες τιμές στα εισιτήρια"):
        assert not is_byline(line), line
