"""The page's headline in page text: the line shortly before the first body line, past the
bylines, datelines, share buttons and counts that sit between them (``title_line``). HTML
renderings start with the ``<title>`` element, which the headline usually repeats; without it,
the headline is known by its shape. Words are counted as the features count them (with their
combining marks; Chinese, Japanese, Thai and the like by their characters).
"""

from __future__ import annotations

import re
from collections.abc import Container

import numpy as np

from tamis.extract.features.chars import SENTENCE_ENDS
from tamis.extract.features.page import Page
from tamis.extract.features.tokens import feature_word_re
from tamis.extract.notices import MENU_SEPARATORS, is_cookie_banner, is_share_bar

# a headline does not end in sentence or clause punctuation (in any script), though it may ask or
# exclaim ("Which headphones should you buy?")
_UNFINISHED_AFTER = SENTENCE_ENDS.replace("?", "").replace("!", "") + ":;,"


def title_line(page: Page, keep: np.ndarray, dropped: Container[int] = ()) -> int | None:
    """Index of the page's headline among the non-empty lines, or ``None``; never one of the
    lines a rule ``dropped`` (a share bar above the article is not its headline).

    The headline sits shortly before the first body line; html renderings also start with the
    ``<title>`` element, which the headline usually repeats.
    """
    first = int(keep.argmax()) if len(keep) else 0  # the first body line (0 when there is none)
    if first == 0:
        return None
    head: set[str] | None = None  # the first line's words, when first needed
    for k in range(first - 1, max(-1, first - 9), -1):
        if page.groups[k] is not None or k in dropped or _furniture_shaped(page.stripped[k]):
            continue
        w = _words(page.stripped[k].lower())
        if not 2 <= len(w) <= 30:
            continue
        if k == 0 and first <= 2:
            return 0
        if k > 0:
            if head is None:
                head = set(_words(page.stripped[0].lower()))
            if head and len(head & set(w)) >= 0.6 * len(set(w)):
                return k
    # no <title> to match: a headline-shaped line right before the text (a byline, an author's
    # name, a dateline, a share bar, a row of links or a vote count may sit between: "Von Jana
    # Müller", "Jan Novák", "15. února 2024 10:45", "Share on Facebook", "Jump to comments · Print", "14")
    for k in range(first - 1, max(-1, first - 4), -1):
        s = page.stripped[k]
        w = _words(s)
        if (page.groups[k] in ("byline", "share") or k in dropped or is_dateline(s) or is_byline(s) or _furniture_shaped(s)
                or not any(map(str.isalpha, s)) or (2 <= len(w) <= 3 and all(x[:1].isupper() for x in w))):
            continue
        if 4 <= _headline_words(s, w) <= 25 and page.groups[k] is None and s.rstrip("\"'”’»)")[-1:] not in _UNFINISHED_AFTER:
            return k
        break
    return None


def _headline_words(line: str, tokens: list[str]) -> int:
    """Words of a line, in scripts written without spaces between words counted from their
    characters: one word per two Chinese or Japanese characters, as the features count them
    ("研究发现：每天步行八千步有助于改善睡眠质量" is 12), one per four in Thai, Lao, Khmer and
    Myanmar (whose words are longer, vowel signs and tones included).

    >>> _headline_words("研究发现：每天步行八千步有助于改善睡眠质量", ["研究发现", "每天步行八千步有助于改善睡眠质量"])
    12
    >>> _headline_words("ชาวนาหันใช้โดรนพ่นปุ๋ย ลดต้นทุน", ["ชาวนาหันใช้โดรนพ่นปุ๋ย", "ลดต้นทุน"])
    9
    """
    return len(tokens) + len(_HAN_KANA.findall(line)) // 2 + len(_SOUTHEAST_ASIAN.findall(line)) // 4


_HAN_KANA = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_SOUTHEAST_ASIAN = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")  # Thai, Lao, Myanmar, Khmer


def _words(line: str) -> list[str]:
    """A line's words as the features split them: ``\\w`` runs with their combining marks (a
    Thai or Hindi word is one word, not the letters between its vowel signs).

    >>> _words("20 กรกฎาคม 2567 | ทีมงาน"), _words("शेयर करें")
    (['20', 'กรกฎาคม', '2567', 'ทีมงาน'], ['शेयर', 'करें'])
    """
    return feature_word_re().findall(line)


def is_dateline(line: str) -> bool:
    """A dateline: a clock time or a numeric date ("Stand: 03.05.2024, 09:15", "Updated 11:21 pm
    CST"), or a year among five words at most ("Aktualizacja: 10 kwietnia 2024"). A headline may
    hold figures and a year ("FTSE 100 up 0.4% at 7,512", "Wahl 2024: SPD 28,4 Prozent, CDU 25,1").

    >>> [is_dateline(s) for s in ("Aktualizacja: 10 kwietnia 2024", "Stand: 03.05.2024, 09:15", "Updated 11:21 pm CST",
    ...                         "Publicerad 3 juni 2024 kl 11.20", "20 กรกฎาคม 2567 | ทีมข่าวท้องถิ่น")]
    [True, True, True, True, True]
    >>> [is_dateline(s) for s in ("FTSE 100 up 0.4% at 7,512 as BP gains 2%", "Wahl 2024: SPD 28,4 Prozent, CDU 25,1 Prozent")]
    [False, False]
    """
    if _CLOCK_OR_DATE.search(line):
        return True
    return _YEAR.search(line) is not None and len(_words(line)) <= 5


_CLOCK_OR_DATE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b"
                            r"|\b(?:kl|klo|um)\.? ?\d{1,2}[.:]\d{2}\b|\b\d{1,2}[.:]\d{2} ?(?:uhr|h|am|pm)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20|25)\d\d\b")  # 25xx: the Thai (Buddhist era) year
# a byline's first word in some languages the lexicon's byline phrases miss ("By Emma Clarke, Arts
# Correspondent", "Door Sanne de Vries", "Av Erik Lindqvist och Anna Berg"): not a headline
BY_WORDS = frozenset({"by", "von", "par", "por", "door", "av", "af", "di", "przez", "od", "bởi"})
# ... and, only with a date in the line, words that also open headlines ("Na Câmara, ...", "Na
# Ukrainie ...": "Na Juma Hassan | 12 Machi 2024" is Swahili's byline, "Της Μαρίας ..., 14 Απριλίου 2024" Greek's)
_BY_DATED = frozenset({"na", "της", "του"})
# a byline may also open with its date's verb ("Publicado el 12 de marzo de 2024 por Ana Gil"), then
# holds a date or a colon ("Updated flood maps put homes at risk", "Updated 2024 rules for tenants
# take effect" are headlines)
_PUBLISHED = frozenset({"published", "posted", "updated", "publicado", "publicada", "actualizado", "publié", "publiée",
                        "veröffentlicht", "aktualisiert", "pubblicato", "aggiornato", "opublikowano", "gepubliceerd",
                        "δημοσιεύθηκε", "তারিখ", "தேதி", "تاریخ"})
# or with the writer's verb or title ("Γράφει ο Νίκος Αλεξίου", "Imeandikwa na Amina Salim", "رپورٹ: عمران بٹ")
_WRITTEN = frozenset({"γράφει", "imeandikwa", "yazan", "লিখেছেন", "எழுதியவர்", "تحریر", "رپورٹ", "رپورٹر"})


def is_byline(line: str) -> bool:
    """A short line that starts with "by" in one of several languages and a capitalised name,
    or with "published" and the like.

    >>> is_byline("By Emma Clarke, Arts Correspondent"), is_byline("Door Sanne de Vries"), is_byline("By the sea, a town waits")
    (True, True, False)
    >>> is_byline("Publicado el 12 de marzo de 2024 por Ana Gil · 3 comentarios"), is_byline("Published: 3 May")
    (True, True)
    >>> is_byline("Updated flood maps put thousands more homes at risk"), is_byline("Updated 2024 rules for tenants take effect")
    (False, False)
    >>> is_byline("Na Câmara, deputados aprovam projeto"), is_byline("Na Juma Hassan | 12 Machi 2024")
    (False, True)
    """
    w = line.split()
    if not 2 <= len(w) <= 16:
        return False
    first = w[0].lower().rstrip(":")
    dated = _CLOCK_OR_DATE.search(line) is not None or _DAY_YEAR.search(line) is not None
    return ((first in BY_WORDS and w[1][:1].isupper()) or first in _WRITTEN or (first in _BY_DATED and w[1][:1].isupper() and dated)
            or (first in _PUBLISHED and (w[0].endswith(":") or dated)))


# a day, up to three words and a year: "12 March 2024", "12 de marzo de 2024", "3. Mai 2024"
_DAY_YEAR = re.compile(r"\b\d{1,2}\.?(?: \w+){1,3},? (?:19|20|25)\d\d\b")


def _furniture_shaped(line: str) -> bool:
    """A share bar, a cookie banner or a menu written on one line ("Home | Forum | Shop"), which
    the model may have dropped by itself: not a headline. A headline holds one separator at most
    (the site's name after a page title's "|").

    >>> _furniture_shaped("Home | Forum | Recipes | Shop"), _furniture_shaped("Bread that rises twice | The Baking Blog")
    (True, False)
    """
    return (sum(map(line.count, MENU_SEPARATORS)) >= 2 or is_share_bar(line) or is_cookie_banner(line))
