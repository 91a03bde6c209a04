"""Lines that are page furniture by their own shape, wherever they stand: copyright notices,
cookie banners, rows of share buttons, a text browser's link references, a menu on one line
above the article, and a copy of the article (``shaped_furniture`` runs them in order).

The line model may carry an article's run over them; ``text._verdicts`` drops them after the
decoding, on page text and on HTML alike. Each shape is narrow on purpose (a sentence about
cookies, a headline that names two networks, a quoted notice is article text), and each is a
pure function of the line, doctested here and tested against article sentences in
``tests/extract/test_text.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from tamis.extract.features.chars import SENTENCE_ENDS
from tamis.extract.features.tokens import feature_word_re
from tamis.extract.captions import credited_captions
from tamis.extract.teasers import cut_teasers, teaser_cards

# a line without a sentence or clause end (a heading, a label, a notice's last words)
_NOT_HEADING_ENDS = SENTENCE_ENDS + ",;"


def unended(line: str) -> bool:
    return line.rstrip("\"'”’»)")[-1:] not in _NOT_HEADING_ENDS


# A copyright line is page furniture wherever it stands, even inside a run the model kept as
# article ("Copyright © 1997 - 2005 Angela M. Bowey.", "© 2024 River Post. All rights reserved.").
# Only a notice's shape counts: the marker leads the line, or "all rights reserved" ends it; a
# sentence about copyright law that mentions "©" or quotes a notice is not one.
_NOTICE_START = re.compile(r"^\W{0,3}(©|\(c\) ?(19|20)\d\d|copyright\b)", re.I)
_NOTICE_ANYWHERE = re.compile(r"©|\(c\) ?(19|20)\d\d|copyright (©|\(c\)|\d{4})", re.I)
_NOTICE_END = re.compile(
    r"(all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados"
    r"|tutti i diritti riservati|wszelkie prawa zastrzeżone|все права защищены)\W{0,3}$", re.I)
_NOTICE_WORDS = 30


def copyright_notices(groups: list[str | None], words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that are copyright notices (``keep`` is edited in place); each one's
    label and reason.

    >>> keep = np.array([True, True, True, True])
    >>> lines = ["The bridge reopens.", "© 2024 River Post. All rights reserved.", "x",
    ...          'A typical notice reads "Copyright 2019 Jane Doe" and needs no registration.']
    >>> copyright_notices([None, "legal", "legal", "legal"], np.array([3, 7, 40, 11]), lines, keep), keep.tolist()
    ({1: ('legal', 'a copyright notice: page furniture wherever it stands')}, [True, False, True, True])
    """
    out: dict[int, tuple[str, str]] = {}
    for i in keep.nonzero()[0].tolist():
        line = lines[i]
        if groups[i] == "legal" and words[i] <= _NOTICE_WORDS and (
                _NOTICE_START.search(line) or _NOTICE_END.search(line)
                or (unended(line) and _NOTICE_ANYWHERE.search(line))):
            keep[i] = False
            out[i] = ("legal", "a copyright notice: page furniture wherever it stands")
    return out


# A cookie banner is furniture wherever it stands, like a copyright notice, and the HTML model
# read some as prose ("We use cookies and other tracking technologies to improve your
# experience."). Only a banner's shape counts, since articles about cookies (and recipes) use the
# same words: the line opens in the site's own voice ("We use cookies", "This website uses
# cookies", "By continuing to use this site"), names cookies, asks for an action or points to
# settings ("accept", "consent", "cookie settings"), and quotes no one.
_COOKIE_OPENING = re.compile(
    r"^\W{0,3}(we (use|are using)|(this|our) (web)?site (uses|is using)|by (continuing|using|browsing|clicking|choosing|staying)"
    r"|wir (verwenden|nutzen)|(diese|unsere) (webseite|website|seite) (verwendet|nutzt)|nous utilisons|(ce|notre) site utilise"
    r"|utilizamos|usamos|(este|nuestro|nosso) (sitio|site|portal)( web)? (utiliza|usa)|utilizziamo|(questo|il nostro) sito (utilizza|usa)"
    r"|używamy|(ta|nasza) strona (używa|wykorzystuje)|serwis (używa|wykorzystuje)|мы используем|(этот|наш) сайт использует"
    r"|wij gebruiken|(deze|onze) (website|site) gebruikt)\b",
    re.I)
# what a banner asks of the reader, or where it points; a sentence that only mentions consent or
# preferences ("advertisers track users who never gave consent") is not one
_COOKIE_ACTION = re.compile(
    r"\b(accept( all| cookies)?|i agree|(agree|consent) to (the|our) use|you (agree|accept|consent)|cookie (settings|policy|preferences|notice)"
    r"|privacy policy|learn more|more info(rmation)?|got it|alle akzeptieren|akzeptieren|zustimmen|einverstanden|cookie-einstellungen"
    r"|datenschutzerklärung|tout accepter|j'accepte|accepter|paramètres des cookies|politique de (confidentialité|cookies)"
    r"|aceptar( todas| todo)?|acepto|política de (cookies|privacidad|privacidade)|configuración de cookies|accetta( tutti)?|accetto"
    r"|aceitar|aceito|akceptuj[eę]?|ustawienia|polityka prywatności|принять|согласен|accepteren|akkoord)\b", re.I)
_QUOTES = frozenset("\"“”«»„")
# reported speech without quotation marks ("We use cookies only with consent, the officer said")
_REPORTED = re.compile(r"\b(said|says|told|according to|sagte|sagt|erklärte|laut|a déclaré|a expliqué|selon|dijo|afirmó"
                       r"|según|disse|afirmou|segundo|ha detto|secondo|powiedział|сказал|заявил|zei|volgens)\b", re.I)
_COOKIE_WORDS = 80


def cookie_notices(words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that are cookie banners (``keep`` is edited in place); each one's
    label and reason.

    >>> keep = np.ones(4, dtype=bool)
    >>> lines = ["We use cookies to improve your experience. By clicking Accept you agree to their use.",
    ...          "By using third-party cookies, advertisers can follow users from site to site.",
    ...          '"We use cookies to measure our audience, and readers can refuse," the director told the regulator.',
    ...          "For this recipe we use cookie dough from the freezer."]
    >>> sorted(cookie_notices(np.array([15, 12, 16, 10]), lines, keep)), keep.tolist()
    ([0], [False, True, True, True])
    """
    return _drop_shaped(words <= _COOKIE_WORDS, lines, keep, is_cookie_banner, ("legal", "a cookie banner: page furniture wherever it stands"))


def _drop_shaped(short: np.ndarray, lines: list[str], keep: np.ndarray, shaped: Callable[[str], bool],
                 verdict: tuple[str, str]) -> dict[int, tuple[str, str]]:
    """Drop the kept ``short`` lines that have a furniture shape (``keep`` is edited in place)."""
    out: dict[int, tuple[str, str]] = {}
    for i in (keep & short).nonzero()[0].tolist():
        if shaped(lines[i]):
            keep[i] = False
            out[i] = verdict
    return out


def is_cookie_banner(line: str) -> bool:
    """Whether a line has a cookie banner's shape (see ``_COOKIE_OPENING``).

    >>> is_cookie_banner("This website uses cookies. Accept"), is_cookie_banner("Chrome will block cookies.")
    (True, False)
    >>> is_cookie_banner("Мы используем данные науки, с согласия авторов.")  # no cookies named
    False
    """
    # substring tests before any lowercasing or regex: nearly every line fails the first
    if not ("ookie" in line or "OOKIE" in line or "уки" in line or "УКИ" in line):
        return False
    low = line.lower()
    return (("cookie" in low or "куки" in low) and _COOKIE_OPENING.search(line) is not None
            and _COOKIE_ACTION.search(line) is not None and not _QUOTES.intersection(line) and _REPORTED.search(line) is None)


# A share bar is a row of buttons ("Facebook Twitter WhatsApp Email", "Share this: Tweet Print"):
# furniture wherever it stands, even where the smoothing carried an article's run over it. It is
# known by its words alone: at least two button words, nothing else but the words around buttons
# ("share this", "follow us") and at most one other word (a cut label: "Pint"), no conjunction or
# "vs" (a headline that names two networks: "Facebook and Instagram outage") and no sentence end.
_SHARE_WORDS = frozenset({
    "share", "tweet", "email", "e-mail", "mail", "print", "pin", "facebook", "twitter", "whatsapp", "linkedin",
    "pinterest", "reddit", "telegram", "tumblr", "messenger", "flipboard", "instagram", "youtube", "tiktok", "vk",
    "weibo", "wechat", "xing", "viber", "skype", "sms", "bluesky", "mastodon",
    "teilen", "drucken", "partager", "imprimer", "compartir", "imprimir", "compartilhar", "compartilhe", "partilhar",
    "condividi", "stampa", "udostępnij", "drukuj", "поделиться", "поділитися", "delen", "dela", "sdílet", "paylaş",
    "bagikan", "distribuie", "megosztás",
    # the networks and the verb in other scripts (a row of buttons is written in the page's script)
    "فيسبوك", "تويتر", "واتساب", "تلغرام", "تيليجرام", "شارك", "مشاركة", "פייסבוק", "טוויטר", "וואטסאפ", "טלגרם",
    "מייל", "שתפו", "שתף", "فیسبوک", "توییتر", "واتساپ", "تلگرام", "ایمیل", "اشتراک", "फेसबुक", "ट्विटर",
    "व्हाट्सएप", "ईमेल", "शेयर", "เฟซบุ๊ก", "ทวิตเตอร์", "ไลน์", "line", "แชร์", "微博", "微信", "qq", "分享", "シェア",
    "페이스북", "트위터", "카카오톡", "카카오스토리", "공유", "শেয়ার", "ফেসবুক", "টুইটার", "பகிர்", "பேஸ்புக்", "ட்விட்டர்",
    "شیئر", "فیس", "بک", "ٹویٹر", "κοινοποίηση", "shiriki",
})
_SHARE_FILLER = frozenset({"this", "on", "us", "via", "the", "article", "post", "story", "page", "link", "copy",
                           "follow", "save", "download", "baixar", "bookmark", "it", "x"})
_CONJUNCTIONS = frozenset({"and", "or", "vs", "versus", "und", "oder", "et", "ou", "y", "o", "e", "i", "og", "och",
                           "en", "и", "или", "або", "ve", "veya", "dan", "atau", "và", "a", "lub", "albo"})

_SHARE_BAR_WORDS = 8


@lru_cache(maxsize=1)
def _share_token() -> re.Pattern[str]:
    """A word of a share bar, hyphenated ones whole ("e-mail"), with its combining marks ("शेयर")."""
    word = feature_word_re().pattern
    return re.compile(f"{word}(?:-{word})*")


def shaped_furniture(groups: list[str | None], words: np.ndarray, ends: np.ndarray, lines: list[str],
                     keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that are furniture by their own shape wherever they stand (``keep`` is
    edited in place): copyright notices, share bars, cookie banners, a text browser's link
    references, a menu on one line above the article, a list of teaser cards or of teasers cut
    off at one length (``teasers.py``), photo captions by their credit (``captions.py``); each one's label and reason."""
    out = copyright_notices(groups, words, lines, keep)
    out.update(share_bars(words, lines, keep))
    out.update(cookie_notices(words, lines, keep))
    out.update(link_references(lines, keep))
    out.update(menu_rows(lines, keep, (words >= 15) & ends))
    out.update(teaser_cards(words, ends, lines, keep))
    out.update(cut_teasers(lines, keep))
    out.update(credited_captions(words, lines, keep))
    return out


def share_bars(words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that are rows of share buttons (``keep`` is edited in place); each
    one's label and reason.

    >>> keep = np.ones(5, dtype=bool)
    >>> lines = ["Whatsapp   Facebook   Pint   Baixar", "Share this: Facebook Twitter E-mail",
    ...          "Facebook and Instagram outage", "Instagram vs TikTok", "Facebook, Twitter."]
    >>> sorted(share_bars(np.array([4, 5, 4, 3, 2]), lines, keep)), keep.tolist()
    ([0, 1], [False, False, True, True, True])
    """
    return _drop_shaped(words <= _SHARE_BAR_WORDS, lines, keep, is_share_bar, ("share", "a row of share buttons: page furniture wherever it stands"))


# A text browser's list of the page's links (``lynx -dump`` ends every page with one, under
# "References"): a number, then a URL and nothing else
_LINK_REFERENCE = re.compile(r"\d{1,4}\. +(?:https?://|www\.|mailto:|file://|ftp://)\S*$")


_LINK_REFERENCES_RUN = 10
_DIGIT_RUN = re.compile(r"\d{%d,}" % _LINK_REFERENCES_RUN)


def link_references(lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines in runs of ``_LINK_REFERENCES_RUN`` or more numbered link references
    (``keep`` is edited in place); each one's label and reason. A text browser lists every link
    of the page; a post's five numbered sources, or a bare link in an article
    ("http://amzn.to/2iJFhRj" under a gift), stay.

    >>> refs = [f"{k}. https://example.org/{k}" for k in range(1, 13)]
    >>> sorted(link_references(refs + ["http://amzn.to/2iJFhRj", "3. Bake it"], np.ones(14, dtype=bool)))
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    >>> link_references(refs[:5], np.ones(5, dtype=bool))
    {}
    """
    out: dict[int, tuple[str, str]] = {}
    # only runs of lines that start with a digit can hold such a run: found from one string of the
    # lines' first characters, so a page without one costs no per-line Python
    heads = "".join([line[:1] or " " for line in lines])
    for m in _DIGIT_RUN.finditer(heads):
        run: list[int] = []
        for i in [*(i for i in range(m.start(), m.end()) if _LINK_REFERENCE.match(lines[i])), m.end() + 1]:
            if run and i != run[-1] + 1:  # the run of references ends
                if len(run) >= _LINK_REFERENCES_RUN:
                    for j in run:
                        if keep[j]:
                            keep[j] = False
                            out[j] = ("navigation", "a text browser's numbered reference to a link")
                run = []
            run.append(i)
    return out


# Separators of a menu or a breadcrumb written on one line ("Home | News | Sport", "News » Politics")
MENU_SEPARATORS = (" | ", " · ", " • ", " :: ", " » ", " › ")
_MENU_SPLIT = re.compile("|".join(map(re.escape, MENU_SEPARATORS)))
_MENU_ITEM_WORDS = 4


def menu_rows(lines: list[str], keep: np.ndarray, prose: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines above the article's first ``prose`` line that are a menu on one line
    (``is_menu_row``; ``keep`` is edited in place); each one's label and reason. A run of
    article that reaches the top of the page carries the site's menu with it; below the first
    paragraph, such a line may be a table's row or a list, and stays.

    >>> keep = np.ones(4, dtype=bool)
    >>> menu_rows(["Home | News | Sport | Contact", "Headline of the day", "Long paragraph.", "Mon | Tue | Wed"], keep,
    ...           np.array([False, False, True, False]))
    {0: ('navigation', 'a menu written on one line, above the article')}
    >>> menu_rows(["Pos. | Driver | Team", "1 | Kyle Busch | 5040", "Long paragraph."], np.ones(3, dtype=bool),
    ...           np.array([False, False, True]))
    {}
    >>> sorted(menu_rows(["Login | Register | Help", "Home | News | Sport | Culture", "Long paragraph."], np.ones(3, dtype=bool),
    ...                  np.array([False, False, True])))
    [0, 1]
    """
    firsts = (keep & prose).nonzero()[0]
    if not len(firsts):
        return {}
    out: dict[int, tuple[str, str]] = {}
    for i in keep[: firsts[0]].nonzero()[0].tolist():
        # a row with a table's row near it is a table's header ("Pos. | Driver | Points" over "---|---"
        # or "1 | Kyle Busch | 5040"); a second menu near it ("Login | Register | Help") is no table
        if is_menu_row(lines[i]) and not any(_table_row(lines[j]) for j in range(max(0, i - 2), min(len(lines), i + 3)) if j != i):
            keep[i] = False
            out[i] = ("navigation", "a menu written on one line, above the article")
    return out


def _table_row(line: str) -> bool:
    return line.count("|") >= 2 and ("---" in line or not is_menu_row(line))


def is_menu_row(line: str) -> bool:
    """Three or more short items (up to four words each) between menu separators, with no
    sentence end: a menu or a breadcrumb. A Markdown table row starts with "|".

    >>> is_menu_row("صفحۂ اول | پاکستان | دنیا | کاروبار"), is_menu_row("News » Politics » Elections")
    (True, True)
    >>> is_menu_row("Bread that rises twice | The Baking Blog"), is_menu_row("| Name | Age | City |"), is_menu_row("1 | Kyle Busch | 5040")
    (False, False, False)
    >>> is_menu_row("Arsenal 2 | Chelsea 1 | Full time")
    False
    """
    s = line.strip()
    if s[:1] == "|" or s[-1:] in SENTENCE_ENDS:
        return False
    parts = _MENU_SPLIT.split(s)
    # figures in two items make a score or a data line ("Arsenal 2 | Chelsea 1 | Full time")
    return (len(parts) >= 3 and all(1 <= len(part.split()) <= _MENU_ITEM_WORDS for part in parts)
            and sum(any(map(str.isdigit, part)) for part in parts) < 2)


def is_share_bar(line: str) -> bool:
    """Whether a line is a row of share buttons (see ``_SHARE_WORDS``).

    >>> is_share_bar("Tweet  Share  Email"), is_share_bar("Twitter becomes X")
    (True, False)
    """
    if line.rstrip()[-1:] in SENTENCE_ENDS or "," in line:  # commas make a list: "Facebook, Instagram down"
        return False
    tokens = _share_token().findall(line.lower())
    if len(tokens) > _SHARE_BAR_WORDS:
        return False
    buttons = sum(t in _SHARE_WORDS for t in tokens)
    others = sum(t not in _SHARE_WORDS and t not in _SHARE_FILLER for t in tokens)
    return buttons >= 2 and others <= 1 and not _CONJUNCTIONS.intersection(tokens)


# A kept line of at least this many words, most of whose word sequences are in the other kept
# lines, is a copy of the article, such as a page's structured-data summary rendered as text: one
# 9,000-character line that repeats every paragraph (BENCHMARKS.md, 2026-11-29 18:10). Shorter
# repeats are left alone: CleanEval's gold keeps quoted paragraphs twice. _COPY_PROBES
# six-word sequences, evenly spaced, are looked up, and _COPY_SHARE of them must be found,
# the last one among them.
_COPY_WORDS = 200
_COPY_PROBES = 10
_COPY_SHARE = 0.9


def article_copies(words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that copy the rest of the kept text (``keep`` is edited in place);
    each one's label and reason.

    >>> paras = [" ".join(f"w{k}{i}" for i in range(120)) + "." for k in range(3)]
    >>> keep = np.ones(4, dtype=bool)
    >>> copies = article_copies(np.array([120, 120, 120, 360]), paras + [" ".join(paras)], keep)
    >>> sorted(copies), keep.tolist()
    ([3], [True, True, True, False])
    """
    long = keep & (words >= _COPY_WORDS)
    if not long.any():
        return {}
    # a copy repeats most of the other kept lines: between half and twice their words. A long
    # paragraph of a longer article is no candidate, which spares crawl text with a paragraph
    # per line the look-ups below (they cost a tenth of clean_texts' time on such documents)
    shorter = keep & ~long
    rest_words = int(words[shorter].sum())
    candidates = (long & (2 * words >= rest_words) & (words <= 2 * rest_words)).nonzero()[0].tolist()
    if not candidates:
        return {}
    # the other kept lines, white space made single: a copy repeats their words in their order
    # (long lines are left out, so that two copies of one text do not vouch for each other)
    rest = " " + " ".join("\n".join([lines[j] for j in shorter.nonzero()[0].tolist()]).lower().split()) + " "
    out: dict[int, tuple[str, str]] = {}
    for i in candidates:
        tokens = lines[i].lower().split()
        step = max(1, (len(tokens) - 6) // _COPY_PROBES)
        probes = [" " + " ".join(tokens[k : k + 6]) + " " for k in range(0, len(tokens) - 5, step)][:_COPY_PROBES]
        # the line's end first, which must be found: a forum reply that quotes a whole post
        # keeps its own answer
        if not probes or probes[-1] not in rest:
            continue
        if sum(probe in rest for probe in probes) >= _COPY_SHARE * len(probes):
            keep[i] = False
            out[i] = ("repeated", "a copy of the article: most of its word sequences are in other kept lines")
    return out
