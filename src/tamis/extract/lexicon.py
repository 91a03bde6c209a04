"""Phrases that mark page furniture, in several languages, grouped by what they are.

These are written by hand (not learned) so that a label can say *why*: "share: 'Share on
Facebook'". They are features for the model, not verdicts; only the strongest section headers
(``SECTION_HEADERS``) start a furniture section on their own (see ``text.py``).

Patterns are matched against the lowercased line. ``SHORT`` patterns must cover a short line
(they describe the whole line: a menu item, a button); ``ANY`` patterns may appear anywhere in
a line of any length under 300 characters (a copyright notice inside a longer footer line).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat
from operator import is_not, methodcaller

import numpy as np

LEXICON_GROUPS: tuple[str, ...] = (
    "share",
    "legal",
    "comment",
    "related",
    "author-bio",
    "ad",
    "subscribe",
    "navigation",
    "byline",
    "caption",
)

_SHORT: dict[str, str] = {
    "share": r"(share|tweet|pin it|email|e-mail|print|facebook|twitter|linkedin|whatsapp|reddit|pinterest|telegram"
    r"|teilen|partager|compartir|condividi|udostępnij|поделиться|delen|dela|sdílet|copy link|share this( article| story| post)?"
    r"|share on \w+|follow us( on \w+)?|folgen sie uns|suivez-nous|síguenos|seguici|obserwuj nas)",
    "comment": r"(\d+ *)?(comments?|reply|replies|leave a (reply|comment)|post a comment|add a comment|join the discussion"
    r"|kommentare?|antworten|commentaires?|répondre|comentarios?|responder|commenti|rispondi|komentarze?|odpowiedz"
    r"|комментарии|комментарий|ответить|reacties|reageer|((show|view|load|read) )?(all |more )?(comments|replies)"
    # a comment's header line in common blog and forum software ("Rating: 12 votes"; "Jane says:"
    # is matched by its ending, see _COMMENT_ENDINGS)
    r"|rating:? .{1,20}|\d+ (likes?|votes?)"
    r"|report( comment| abuse)?|flag( as inappropriate)?)",
    "related": r"(related( articles| posts| stories| news| content)?|read (more|also|next)|see also|check also|more from .{1,40}"
    r"|you (may|might) also like|recommended( for you)?|most (read|popular|viewed)|trending( now)?|popular( posts)?"
    r"|latest( news| posts| articles)?|top stories|more stories|previous( post| article)?|next( post| article)?"
    r"|weitere artikel|mehr zum thema|das könnte sie auch interessieren|lesen sie auch|à lire aussi|lire aussi|voir aussi"
    r"|sur le même sujet|te puede interesar|lee también|noticias relacionadas|leggi anche|potrebbe interessarti"
    r"|czytaj (też|także|również)|zobacz (też|także|również)|polecane|читайте также|смотрите также|по теме|похожие статьи"
    r"|lees ook|gerelateerd|läs också)",
    "author-bio": r"(about( the)? author|about the writer|about \w+( \w+){0,2}|author bio|über den autor|über die autorin"
    r"|à propos de l'auteur|sobre el autor|sull'autore|o autorze|об авторе|over de auteur|written by .{1,40}|posted by .{1,40})",
    "ad": r"(advertisement|advertising|sponsored( content)?|ad|ads|anzeige|werbung|publicité|publicidad|pubblicità|reklama"
    r"|реклама|advertentie|promoted|partner content)",
    "subscribe": r"(subscribe|sign up|sign in|log ?in|log out|register|newsletter|get the newsletter|subscribe now"
    r"|abonnieren|anmelden|s'abonner|abonnez-vous|se connecter|suscríbete|iniciar sesión|iscriviti|accedi|subskrybuj"
    r"|zaloguj( się)?|zarejestruj( się)?|подписаться|войти|регистрация|aanmelden|inloggen|create (an )?account)",
    "navigation": r"(home|menu|search|skip to (main )?content|back to top|go to top|main menu|navigation|close|open menu"
    r"|startseite|suche|accueil|rechercher|inicio|buscar|cerca|strona główna|szukaj|главная|поиск|zoeken"
    r"|contact( us)?|about( us)?|impressum|kontakt|sitemap|faq|help|terms|jobs|careers|archives?|categories|tags?:?.*)",
    "byline": r"(by \w+( \w+){0,3}|von \w+( \w+){0,3}|par \w+( \w+){0,3}|por \w+( \w+){0,3}|di \w+( \w+){0,3}"
    r"|autor:? .{1,40}|author:? .{1,40}|updated:? .{1,40}|published:? .{1,40}|aktualisiert.{0,40}|mis à jour.{0,40}"
    r"|\d+ min(ute)?s? read|\d+ (minutes?|hours?|days?|weeks?|months?) ago|photo:? .{1,60}|image:? .{1,60}|image credit:? .{1,60}|credit:? .{1,60}|foto:? .{1,60}|source:? .{1,60})",
}

_ANY: dict[str, str] = {
    "legal": r"(©|\(c\) ?(19|20)\d\d|copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone|все права защищены"
    r"|privacy policy|cookie|terms of (use|service)|datenschutz|politique de confidentialité|política de privacidad"
    r"|polityka prywatności|your email address will not be published|required fields are marked)",
    # photo credits, which mark a caption line (agency conventions, in any language's caption)
    "caption": r"(\((ap|afp|reuters|epa|dpa|getty|file)( photo| images)?[/)]|\(photo:|photo credit|image credit|getty images"
    r"|shutterstock|/ ?(reuters|afp|ap|epa|dpa)\b|photo by |photo: |foto by |foto: |picture by |picture: |image by |image: )",
}

# Both patterns run on one line at a time; they avoid newlines anyway (``[^\w\n]`` instead of
# ``\W``, spaces instead of ``\s``), as when they ran over a page's joined lines.
# Every ANY match contains one of these literals. A line without any skips the ANY regex: a
# regex scan costs ~50 ns per character of the page, a substring search a few. Keep this in step
# with ``_ANY`` (tests/extract/test_features.py checks an example of every alternative).
_ANY_NEEDLES: tuple[str, ...] = (
    "©", "(c)", "copyright", "rights reserved", "rechte vorbehalten", "droits réservés", "derechos reservados",
    "diritti riservati", "prawa zastrzeżone", "права защищены", "privacy", "cookie", "terms of", "datenschutz",
    "confidentialité", "privacidad", "prywatności", "email address will not", "required fields",
    # caption: "(ap", "/ reuters" and the like rather than "(" and "/", which are on every other line
    "(ap", "(afp", "(reuters", "(epa", "(dpa", "(getty", "(file", "(photo", "/ap", "/ ap", "/afp", "/ afp",
    "/reuters", "/ reuters", "/epa", "/ epa", "/dpa", "/ dpa",
    "getty", "shutterstock", "credit", "photo", "foto", "picture", "image",
)

# matched against one line at a time (``^``/``$`` are the line's ends)
_SHORT_LINE_RE = re.compile(
    r"^[^\w\n]*(?:" + "|".join(f"(?P<{g.replace('-', '_')}>{p})" for g, p in _SHORT.items()) + r")[^\w\n]*$",
)
_ANY_RE = re.compile("|".join(f"(?P<{g}>{p})" for g, p in _ANY.items()))

# Endings of a comment's header line ("Jane says:"), tested with ``str.endswith``: as a regex
# alternative (".{1,40} says:") they cost a backtracking scan at every line of every page.
_COMMENT_ENDINGS = (" says:", " wrote:")

# Section headers strong enough to start a furniture section that runs to the next real heading
# (the seed's "About Banner Leon", "Check Also", "Leave a Reply").
SECTION_HEADERS: frozenset[str] = frozenset({"author-bio", "related", "comment"})


def line_starts(lines: list[str]) -> np.ndarray:
    """Offset of each line in ``"\\n".join(lines)``.

    >>> line_starts(["ab", "", "c"]).tolist()
    [0, 3, 4]
    """
    n = len(lines)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.cumsum(np.fromiter(map(len, lines[:-1]), dtype=np.int64, count=n - 1) + 1, out=starts[1:])
    return starts


@lru_cache(maxsize=8)
def _by_punctuation(needles: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Split ``needles`` into those searched one by one and groups that share a leading
    punctuation character ("(ap", "(afp", ...), which may be found from the occurrences of that
    character instead of one scan of the page per needle.

    >>> _by_punctuation(("(ap", "(afp", "/x", "copy"))
    (('/x', 'copy'), {'(': ('(ap', '(afp')})
    """
    first: dict[str, list[str]] = {}
    for needle in needles:
        first.setdefault(needle[:1], []).append(needle)
    groups = {c: tuple(ns) for c, ns in first.items() if len(ns) > 1 and not c.isalnum()}
    return tuple(n for n in needles if n[:1] not in groups), groups


# A ``str.find`` scan costs about a nanosecond per character; testing one occurrence of a
# group's character (``startswith``, next ``find``) costs about as much as scanning this many.
_PROBE_CHARS = 400


def lines_containing(lines: list[str], needles: tuple[str, ...], joined: str | None = None,
                     starts: np.ndarray | None = None, among: np.ndarray | None = None) -> np.ndarray:
    """Per line, whether it contains one of ``needles``: ``str.find`` from hit to hit over the
    joined lines, so the cost is one C scan per needle plus one step per occurrence. A group of
    needles with a common punctuation character (``_by_punctuation``) is found from that
    character's occurrences instead, when they are few. ``joined`` and ``starts``
    (``line_starts``) may be passed in when the caller has them already. With ``among``, only
    those lines are searched (the others are False): a long paragraph that no rule would look at
    costs nothing.

    >>> lines_containing(["a (c) b", "plain", "x/y", "(d"], ("(c)", "/", "(x")).tolist()
    [True, False, True, False]
    >>> lines_containing(["a (c) b", "plain", "x/y"], ("(c)", "/"), among=np.array([False, True, True])).tolist()
    [False, False, True]
    """
    n = len(lines)
    hit = np.zeros(n, dtype=bool)
    if n == 0:
        return hit
    if among is not None and not among.all():
        idx = np.flatnonzero(among)
        if len(idx):
            hit[idx] = lines_containing([lines[i] for i in idx.tolist()], needles)
        return hit
    if joined is None:
        joined = "\n".join(lines)
    single, groups = _by_punctuation(needles)
    pos: list[int] = []
    for c, group in groups.items():
        if joined.count(c) * _PROBE_CHARS > len(group) * len(joined):
            single += group
            continue
        i = joined.find(c)
        while i >= 0:
            if joined.startswith(group, i):
                pos.append(i)
            i = joined.find(c, i + 1)
    for needle in single:
        i = joined.find(needle)
        while i >= 0:
            pos.append(i)
            i = joined.find(needle, i + len(needle))
    if pos:
        hit[np.searchsorted(line_starts(lines) if starts is None else starts, pos, side="right") - 1] = True
    return hit


def match_lexicon(low: str, ntok: int) -> str | None:
    """The furniture group of one lowercased line, or ``None``: a whole-line ``SHORT`` phrase
    for lines of up to 8 tokens, else an ``ANY`` phrase for lines of up to 40 tokens.

    >>> match_lexicon("share on facebook", 3)
    'share'
    >>> match_lexicon("© 2024 example media. all rights reserved.", 6)
    'legal'
    >>> match_lexicon("about banner leon", 3)
    'author-bio'
    >>> match_lexicon("the minister said the talks would resume on monday.", 9) is None
    True
    """
    return lexicon_groups([low], [ntok])[0]


def lexicon_groups(lows: list[str], ntoks: list[int], joined: str | None = None) -> list[str | None]:
    """``match_lexicon`` for every line of a page, with whole-page passes instead of one call per
    pattern per line (the per-line calls dominated the feature pass). ``joined`` is
    ``"\\n".join(lows)``, when the caller has it.

    >>> lexicon_groups(["home", "the mayor said so.", "© 2020 the paper", "jane says:"], [1, 4, 3, 2])
    ['navigation', None, 'legal', 'comment']
    """
    n = len(lows)
    out: list[str | None] = [None] * n
    if n == 0:
        return out
    if joined is None:
        joined = "\n".join(lows)
    nt = np.asarray(ntoks, dtype=np.int64)
    short = nt <= 8
    taken = np.zeros(n, dtype=bool)
    # a comment header's ending ("Jane says:"), else a SHORT pattern covering the whole line:
    # ``match`` on each short line tries only its start, where a scan of the joined lines tried
    # (and failed) at every position
    idx = np.flatnonzero(short)
    sub = [lows[i] for i in idx.tolist()]
    comment = np.fromiter(map(methodcaller("endswith", _COMMENT_ENDINGS), sub), dtype=bool, count=len(sub))
    # each distinct line once: a page repeats a quarter of its short lines (menus, "Reply")
    distinct = dict.fromkeys(sub)
    found_for = dict(zip(distinct, map(_SHORT_LINE_RE.match, distinct)))
    found = list(map(found_for.__getitem__, sub))
    for k in np.flatnonzero(comment).tolist():
        out[idx[k]] = "comment"
    matched = np.fromiter(map(is_not, found, repeat(None)), dtype=bool, count=len(sub)) & ~comment
    for k in np.flatnonzero(matched).tolist():
        out[idx[k]] = (found[k].lastgroup or "navigation").replace("_", "-")
    taken[idx[comment | matched]] = True
    eligible = (nt <= 40) & ~taken
    idx = np.flatnonzero(lines_containing(lows, _ANY_NEEDLES, joined, among=eligible)).tolist()
    for i, m in zip(idx, map(_ANY_RE.search, [lows[i] for i in idx])):
        if m is not None:  # search finds the leftmost match, as the per-line rule says
            out[i] = (m.lastgroup or "navigation").replace("_", "-")
    return out
