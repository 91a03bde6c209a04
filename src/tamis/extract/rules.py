"""The readable rules that ``text.label_lines`` applies on top of the smoothed model scores.

The line model judges lines one at a time with their neighbourhood; some page structures are
clearer as a whole: a numbered list that starts in the article, the headline just before it, and
a furniture section that a header ("Comments", "About the author") opens after the article has
begun. Each rule is a pure function of the page's lines and the model's verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

import numpy as np

from tamis.extract.features.chars import SENTENCE_ENDS
from tamis.extract.features.lines import WORD_RE
from tamis.extract.features.page import Page
from tamis.extract.features.phrases import SECTION_HEADERS

_ITEM_NUMBER = re.compile(r"#?(\d{1,3})(?:[.):]|\s[-–—])\s")
_ITEM_HEAD = re.compile(r"[#\d]")  # the first character of every match of _ITEM_NUMBER
# a headline does not end in sentence or clause punctuation (in any script)
_UNFINISHED_AFTER = SENTENCE_ENDS + ":;,"


def numbered_lists(lines: list[str], gap: int = 4, min_items: int = 3) -> list[tuple[int, int]]:
    """First and last line of each numbered list: lines starting "1.", "2)", "#3 -" ... with
    consecutive numbers, at most ``gap`` lines apart, ``min_items`` or more.

    A list article ("22 gifts for ...", a recipe's steps) is one structure; the line model judges
    its items one by one and tends to lose the later ones, whose neighbours are short too.

    >>> numbered_lists(["Intro text.", "1) Lego set", "http://x.y/1", "2) Race track", "link", "3) Films", "More"])
    [(1, 5)]
    >>> numbered_lists(["1. a", "2. b", "7. c"])
    []
    """
    out: list[tuple[int, int]] = []
    start = last = -1  # the current chain's first and last line
    first = expect = 0  # its first number and the number the next item must have
    # an item starts with "#" or a digit: find those lines from a string of the lines' first
    # characters, and match the pattern on them alone (a match per line cost ~0.5 us each)
    heads = "".join([line[:1] or " " for line in lines])  # one character per line
    for i in (m.start() for m in _ITEM_HEAD.finditer(heads)):
        line = lines[i]
        m = _ITEM_NUMBER.match(line)
        if m is None:
            continue
        k = int(m.group(1))
        if start >= 0 and k == expect and i - last <= gap:
            last, expect = i, k + 1
            continue
        if start >= 0 and expect - first >= min_items:
            out.append((start, last))
        start, last, first, expect = i, i, k, k + 1
    if start >= 0 and expect - first >= min_items:
        out.append((start, last))
    return out


def rule_marks(lines: list[str], groups: list[str | None], page_of: np.ndarray, pages: int) -> tuple[list[bool], list[bool]]:
    """Per page of a batch (``page_of``: each line's page): whether a line starts with "#" or a
    digit, without which ``numbered_lists`` finds no list, and whether a line is in a section
    header's group, without which ``furniture_sections`` finds no section. Most pages have
    neither; one pass over the batch spares them the two rules' scans of every line, which
    cost more, page by page, than the rules' own work.

    >>> rule_marks(["1. Eggs", "Home", "Comments", "x"], [None, "navigation", "comment", None], np.array([0, 0, 1, 2]), 3)
    ([True, False, False], [False, True, False])
    """
    items = np.zeros(pages, dtype=bool)
    heads = "".join([line[:1] or " " for line in lines])  # one character per line, as numbered_lists reads them
    at = np.fromiter((m.start() for m in _ITEM_HEAD.finditer(heads)), dtype=np.int64)
    items[page_of[at]] = True
    headers = np.zeros(pages, dtype=bool)
    headers[page_of[np.fromiter(map(SECTION_HEADERS.__contains__, groups), dtype=bool, count=len(groups))]] = True
    return items.tolist(), headers.tolist()


# how near the next line of a section's own kind must be for prose not to end the section
_RECUR = 4


def furniture_sections(groups: list[str | None], words: np.ndarray, prose: np.ndarray, states: np.ndarray,
              lines: list[str]) -> dict[int, tuple[str, str]]:
    """Furniture sections started by a header after the article body has begun.

    A section runs until the next short heading that is followed by at least two prose
    paragraphs (the article resuming), or to the end of the page. ``words`` and ``prose``
    (long lines ending a sentence) are per line, computed once by the feature pass.

    Prose that looks like the article resuming does not end the section while lines of the
    section's own kind keep coming within ``_RECUR`` lines: a comment thread is paragraphs of
    prose between "Jane says:" and "Rating: 12 votes" lines, a teaser list prose between
    "Read more" links.

    >>> groups = [None, "comment", "comment", None, None, None, "comment", None, None, None]
    >>> words = np.array([30, 1, 3, 12, 30, 30, 3, 12, 30, 30])
    >>> prose = words >= 15
    >>> sorted(furniture_sections(groups, words, prose, np.ones(10, dtype=np.int8), ["x"] * 10))
    [1, 2, 3, 4, 5, 6]
    """
    out: dict[int, tuple[str, str]] = {}
    if not any(map(SECTION_HEADERS.__contains__, groups)):  # most pages: no header at all
        return out
    n = len(groups)
    header_at = [g in SECTION_HEADERS and w <= 6 for g, w in zip(groups, words.tolist())]
    if not any(header_at):
        return out
    seen_body = False
    i = 0
    while i < n:
        group = groups[i]
        if states[i] == 1 and group is None and words[i] >= 8:
            seen_body = True
        if seen_body and header_at[i]:
            header = lines[i]
            kind = group or "furniture"  # header_at implies a section group; this only names it for the type checker
            out[i] = (kind, f"{kind} section header {header[:60]!r}")
            j = i + 1
            while j < n:
                g = groups[j]
                if header_at[j]:
                    break
                resumes = ((j + 2 < n and words[j] <= 15 and g is None and prose[j + 1] and prose[j + 2])
                           or (prose[j] and j + 1 < n and prose[j + 1] and (j + 2 >= n or prose[j + 2])))
                if resumes and kind not in groups[j + 1 : j + 1 + _RECUR]:
                    break
                # a line that is furniture by its own wording keeps its own label, and says so
                own = f"{g} by its wording, " if g and g != kind else ""
                out[j] = (g or kind, f"{own}under the {kind} header {header[:60]!r}")
                j += 1
            i = j
            continue
        i += 1
    return out


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
        w = WORD_RE.findall(page.stripped[k].lower())
        if not 2 <= len(w) <= 30:
            continue
        if k == 0 and first <= 2:
            return 0
        if k > 0:
            if head is None:
                head = set(WORD_RE.findall(page.stripped[0].lower()))
            if head and len(head & set(w)) >= 0.6 * len(set(w)):
                return k
    # no <title> to match: a headline-shaped line right before the text (a byline may sit between)
    for k in range(first - 1, max(-1, first - 3), -1):
        s = page.stripped[k]
        if page.groups[k] == "byline":
            continue
        w = WORD_RE.findall(s)
        if 4 <= len(w) <= 25 and page.groups[k] is None and k not in dropped and not _furniture_shaped(s) and s.rstrip("\"'”’»)")[-1:] not in _UNFINISHED_AFTER:
            return k
        break
    return None


def _furniture_shaped(line: str) -> bool:
    """A share bar or cookie banner, which the model may have dropped by itself: not a headline."""
    return is_share_bar(line) or is_cookie_banner(line)


# a short kept line without a sentence or clause end is shown as a heading
_NOT_HEADING_ENDS = SENTENCE_ENDS + ",;"
HEADING_WORDS = 12


def unended(line: str) -> bool:
    return line.rstrip("\"'”’»)")[-1:] not in _NOT_HEADING_ENDS


def shape_label(line: str) -> str:
    """How a kept line is shown: a heading when short and without a sentence end, else body.

    >>> shape_label("How to retire early"), shape_label("It takes time and discipline."), shape_label("Hi,")
    ('heading', 'body', 'body')
    """
    return "heading" if len(line.split()) <= HEADING_WORDS and unended(line.strip()) else "body"


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
    for i in np.flatnonzero(keep).tolist():
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
    for i in np.flatnonzero(keep & short).tolist():
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


# An ad slot's label is a word or two ("Advertisement", "Anzeige", "Publicidade"); an article
# interrupted by one went on after it at a lower p(body), and lost its end (BENCHMARKS.md)
_AD_SLOT_WORDS = 3


def ad_slots(groups: list[str | None], words: np.ndarray) -> np.ndarray:
    """Which lines are an ad slot's label: the ``ad`` phrase group, at most ``_AD_SLOT_WORDS`` words.

    >>> ad_slots(["ad", None, "ad"], np.array([1, 12, 9])).tolist()
    [True, False, False]
    """
    ad = np.fromiter((g == "ad" for g in groups), dtype=bool, count=len(groups))
    return ad & (words <= _AD_SLOT_WORDS)


# ad words that are also a topic: as a heading the model reads as body, they stay
_AD_TOPICS = frozenset({"ad", "ads", "advertising"})


def ad_topics(lines: list[str], slots: np.ndarray) -> np.ndarray:
    """Which ad slots are a topic word rather than a slot's label.

    >>> ad_topics(["Advertisement", "Ads:", "Text"], np.array([True, True, False])).tolist()
    [False, True, False]
    """
    out = np.zeros(len(lines), dtype=bool)
    for i in np.flatnonzero(slots).tolist():
        out[i] = lines[i].lower().strip(" :") in _AD_TOPICS
    return out


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
})
_SHARE_FILLER = frozenset({"this", "on", "us", "via", "the", "article", "post", "story", "page", "link", "copy",
                           "follow", "save", "download", "baixar", "bookmark", "it", "x"})
_CONJUNCTIONS = frozenset({"and", "or", "vs", "versus", "und", "oder", "et", "ou", "y", "o", "e", "i", "og", "och",
                           "en", "и", "или", "або", "ve", "veya", "dan", "atau", "và", "a", "lub", "albo"})
_SHARE_TOKEN = re.compile(r"\w+(?:-\w+)*")
_SHARE_BAR_WORDS = 8


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


def is_share_bar(line: str) -> bool:
    """Whether a line is a row of share buttons (see ``_SHARE_WORDS``).

    >>> is_share_bar("Tweet  Share  Email"), is_share_bar("Twitter becomes X")
    (True, False)
    """
    if line.rstrip()[-1:] in SENTENCE_ENDS or "," in line:  # commas make a list: "Facebook, Instagram down"
        return False
    tokens = _SHARE_TOKEN.findall(line.lower())
    if len(tokens) > _SHARE_BAR_WORDS:
        return False
    buttons = sum(t in _SHARE_WORDS for t in tokens)
    others = sum(t not in _SHARE_WORDS and t not in _SHARE_FILLER for t in tokens)
    return buttons >= 2 and others <= 1 and not _CONJUNCTIONS.intersection(tokens)
