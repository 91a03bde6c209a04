"""Matching the furniture phrases of ``phrases`` against a page's lines, fast.

Whole-page passes instead of one regex call per pattern per line: the ``SHORT`` alternatives are
dispatched by a line's first letter, ``ANY`` patterns run only on lines that hold one of their
literal needles (all found in one Aho-Corasick pass), and comment headers are found by their endings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from itertools import repeat
from operator import is_not

import numpy as np

from tamis.extract.features.phrases import (ANY, ANY_NEEDLES, ANY_NEEDLES_BY_GROUP, COMMENT_COUNT_CLOSING, COMMENT_COUNT_HEADER,
                                            COMMENT_ENDINGS, COMMENT_FORM_CONSENT, COMMENT_HEADER_TOKENS, SHORT)


def top_level(pattern: str) -> list[str]:
    """The alternatives of a pattern of the form ``(a|b|...)``, split at its top level; any other
    pattern is one alternative.

    >>> top_level(r"(share( this)?|tweet|[(|]x|[]|)]y)")
    ['share( this)?', 'tweet', '[(|]x', '[]|)]y']
    >>> top_level(r"(\\d+ *)?(comments?|reply)")
    ['(\\\\d+ *)?(comments?|reply)']
    """
    if not (pattern.startswith("(") and pattern.endswith(")")) or pattern.startswith("(?"):
        return [pattern]
    parts: list[str] = []
    depth, start, i, n = 0, 1, 1, len(pattern) - 1
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class: "|" and parentheses inside it are literal
            j = i + 1
            if pattern[j : j + 1] == "^":
                j += 1
            if pattern[j : j + 1] == "]":  # a "]" first in the class is literal
                j += 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:  # the first group closes before the end: not one group
                return [pattern]
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:n])
    return parts


def _first_letter(alternative: str) -> str | None:
    """The letter every match of ``alternative`` starts with ("0" for any decimal digit), or
    ``None`` when it may start with anything (a group, a class, punctuation, an optional letter).

    >>> [_first_letter(a) for a in ("share", r"\\d+ votes", "s?hare", "(a|b)", r"\\d* x")]
    ['s', '0', None, None, None]
    """
    if alternative.startswith("\\d") and alternative[2:3] not in ("?", "*", "{"):
        return "0"
    c = alternative[:1]
    return c if c.isalpha() and alternative[1:2] not in ("?", "*", "{") else None


# Each SHORT alternative under the letter its matches start with. A short line is tried only
# against the alternatives for its first letter and those that may start with anything: a regex
# tries an alternation's branches one by one, and with ~450 branches in 22 languages that would
# be most of the lexicon's cost.
_SHORT_ALTS: dict[str, list[tuple[str | None, str]]] = {
    g: [(_first_letter(a), a) for a in top_level(p)] for g, p in SHORT.items()
}
# letters that start some alternative; a line starting with any other gets the shared pattern
# (one compiled pattern per letter of this set at most, not one per CJK character met)
_LETTERS = frozenset(first for alts in _SHORT_ALTS.values() for first, _ in alts if first is not None)
_LEAD = re.compile(r"[^\w\n]*(\w?)")


@lru_cache(maxsize=None)
def short_line_re(letter: str) -> re.Pattern[str]:
    """The whole-line SHORT pattern for lines whose first word character is ``letter`` ("" for
    none): every group with its alternatives that can match such a line, in the original order,
    so that the first group to match is the same as with all alternatives."""
    groups = []
    for g, alts in _SHORT_ALTS.items():
        mine = [a for first, a in alts if first is None or first == letter]
        if mine:
            groups.append(f"(?P<{g.replace('-', '_')}>{'|'.join(mine)})")
    return re.compile(r"^[^\w\n]*(?:" + "|".join(groups) + r")[^\w\n]*$")


def _match_short(line: str) -> re.Match[str] | None:
    first = line[:1]
    if not (first.isalnum() or first == "_"):  # the line starts with punctuation: find its first word character
        m = _LEAD.match(line)
        first = m.group(1) if m else ""
    if first.isdecimal():  # what ``\\d`` matches
        first = "0"
    return short_line_re(first if first in _LETTERS else "").match(line)


# the ANY groups in order, and each one's needles as a bit per needle of ANY_NEEDLES
_ANY_GROUPS = tuple(ANY)
_NEEDLE_BITS = np.array([1 << _ANY_GROUPS.index(g) for g, needles in ANY_NEEDLES_BY_GROUP.items() for _ in needles])


@lru_cache(maxsize=None)
def _any_re(bits: int) -> re.Pattern[str]:
    """The alternation of the ``ANY`` groups whose bit is set, in ``ANY``'s order, each a named group.

    A line is searched with the groups whose needles it holds only (``any_group_bits``): a group
    without any of its needles in a line matches nowhere in it, so leaving it out changes neither
    the leftmost position where some group matches nor which group wins there (the first in
    order). The legal phrases are four fifths of the alternation's cost per character, and most
    lines that hold a needle hold only a caption's ("photo", "image").

    >>> _any_re(0b10).pattern.startswith("(?P<caption>")
    True
    """
    return re.compile("|".join(f"(?P<{g}>{ANY[g]})" for k, g in enumerate(_ANY_GROUPS) if bits >> k & 1))


_ANY_RE = _any_re((1 << len(_ANY_GROUPS)) - 1)
# The last characters of the comment endings (in UTF-8), at a line's end. They all end with a
# colon, so this is one literal, which ``re`` finds by a fast search: a scan of a batch's text
# for the few lines that can end with one, where ``endswith`` with all 20 endings on each of
# its short lines cost 1.7 ms of a 240 kB batch.
_ENDING_TAIL = re.compile(b"(?:" + b"|".join(sorted({re.escape(e[-1].encode("utf-8")) for e in COMMENT_ENDINGS})) + b")$", re.M)


def lines_matching_at_end(haystack: Haystack, pattern: re.Pattern[bytes]) -> list[int]:
    """Indices of the lines of ``haystack`` where ``pattern``, a bytes pattern with ``re.M``
    that ends in ``$`` and matches whole characters (and so within one line), matches: each
    match's line is the number of newlines before it.

    >>> lines_matching_at_end(Haystack("jane says:\\nhome\\nat 10:30\\n:\\nx:"), _ENDING_TAIL)
    [0, 3, 4]
    """
    pos = [m.start() for m in pattern.finditer(haystack.data)]
    # the matches come in text order, so their lines are sorted: dropping repeats needs no
    # ``np.unique`` (40 us a call, most of this function on a short page)
    return list(dict.fromkeys(haystack.newlines.searchsorted(pos).tolist())) if pos else []


class Haystack:
    """Lines joined by newlines, as the UTF-8 bytes that ``lines_containing`` searches, and the
    offset of each newline: encoded once for every search of a page or batch. A lone surrogate
    (text decoded with surrogateescape) becomes three bytes (``surrogatepass``) that no needle
    can match.

    >>> Haystack("ab\\né\\nc").newlines.tolist()  # "é" is two bytes
    [2, 5]
    """

    __slots__ = ("data", "newlines")

    def __init__(self, joined: str) -> None:
        self.data = joined.encode("utf-8", "surrogatepass")
        self.newlines = (np.frombuffer(self.data, dtype=np.uint8) == 10).nonzero()[0]


@lru_cache(maxsize=8)
def _automaton(needles: tuple[str, ...], every: bool = False) -> Any:
    """An Aho-Corasick automaton of ``needles`` over UTF-8 bytes, built once per needle set: it
    finds all of them in one pass over the text, ~10x faster than one ``str.find`` scan per
    needle (80 needles). A needle is in a line exactly when its bytes are in the line's: a
    character's first byte never continues another's, so a match starts at a character and
    reads the needle's characters. Searching bytes spares the automaton a character offset
    for every match of a non-ASCII text (a search over a batch's text took 0.7 ms less)."""
    from ahocorasick_rs import MATCHKIND_LEFTMOST_FIRST, MATCHKIND_STANDARD, BytesAhoCorasick

    # leftmost-first (each match the earliest from where the last one ended) reports a match in
    # every line that holds a needle, as the standard kind does, and lets the automaton skip
    # ahead with a prefilter: half the time for the six URL needles. ``every``: an automaton that
    # can report every occurrence of every needle (overlapping matches need the standard kind).
    kind = MATCHKIND_STANDARD if every else MATCHKIND_LEFTMOST_FIRST
    return BytesAhoCorasick([needle.encode("utf-8") for needle in needles], matchkind=kind)


def lines_containing(lines: list[str], needles: tuple[str, ...], haystack: Haystack | None = None,
                     among: np.ndarray | None = None) -> np.ndarray:
    """Per line, whether it contains one of ``needles`` (none of which holds a newline): one
    Aho-Corasick pass over the joined lines, whose match positions are mapped to lines. Matches
    do not overlap, which loses nothing here: a match never crosses a line end, so every line
    that holds a needle yields one. ``haystack`` is ``Haystack("\\n".join(lines))``, when the
    caller has it. With ``among``, lines outside it are False. (They are searched all the same:
    joining the lines asked about into a text of their own cost more than searching the rest.)

    >>> lines_containing(["a (c) b", "plain", "x/y", "(d", "é ©", "\\udc80 ©"], ("(c)", "/", "(x", "©")).tolist()
    [True, False, True, False, True, True]
    >>> lines_containing(["a (c) b", "plain", "x/y"], ("(c)", "/"), among=np.array([False, True, True])).tolist()
    [False, False, True]
    """
    n = len(lines)
    hit = np.zeros(n, dtype=bool)
    if n == 0:
        return hit
    hay = haystack if haystack is not None else Haystack("\n".join(lines))
    found = _automaton(needles).find_matches_as_indexes(hay.data)
    if found:
        pos = np.fromiter((start for _, start, _ in found), dtype=np.int64, count=len(found))
        hit[hay.newlines.searchsorted(pos)] = True  # a match's line: the newlines before it
    return hit if among is None else hit & among


def any_group_bits(haystack: Haystack, n: int) -> np.ndarray:
    """Per line of ``haystack`` (``n`` lines), a bit per ``ANY`` group whose needles it holds
    (``phrases.ANY_NEEDLES_BY_GROUP``; bit ``k`` for the ``k``-th group): one Aho-Corasick pass
    that reports every occurrence of every needle, so that no needle of one group hides another
    group's behind it.

    >>> any_group_bits(Haystack("photo by jd\\nplain\\n© 2020 photo"), 3).tolist()
    [2, 0, 3]
    """
    bits = np.zeros(n, dtype=np.int64)
    found = _automaton(ANY_NEEDLES, every=True).find_matches_as_indexes(haystack.data, overlapping=True)
    if found:
        needle, start, _ = np.array(found, dtype=np.int64).T
        np.bitwise_or.at(bits, haystack.newlines.searchsorted(start), _NEEDLE_BITS[needle])
    return bits


_COMMENT_COUNT = re.compile(COMMENT_COUNT_HEADER)
_NON_WORD = re.compile(r"[^\w\n]*")
_AREA_CHARS = 400  # the most characters of a comment area's opening line
_ONE_HEADS = frozenset({"on", "un", "um", "ei", "je"})
# a word that every comment area's opening line holds (the count's noun, or the consent box's
# start): the lines to try ``is_comment_area`` on are found in one pass over the page
_AREA_NEEDLES = COMMENT_FORM_CONSENT + (
    "thought", "respons", "repl", "comment", "reaction", "gedanke", "kommentar", "antwort", "réflexion", "réponse",
    "comentári", "comentario", "respuesta", "resposta", "risposta", "risposte", "pensieri", "reacti", "komentarz",
    "odpowied", "комментари", "отзыв",
)


def is_comment_area(low: str) -> bool:
    """Whether a lowercased line opens a page's comment area: a header that counts the comments
    (``COMMENT_COUNT_HEADER``) or the comment form's consent box (``COMMENT_FORM_CONSENT``).

    >>> is_comment_area("10 thoughts on “how to start a blog”"), is_comment_area("34 responses to \u201c anthony lynn\u201d")
    (True, True)
    >>> is_comment_area("save my name, email, and website in this browser for the next time i comment.")
    True
    >>> is_comment_area("3 thoughts on the budget"), is_comment_area("12 comments")
    (False, False)
    >>> is_comment_area("one response to “the money has run out” became a slogan of the campaign.")
    False
    >>> is_comment_area("ein gedanke zu „radwege in der innenstadt“"), is_comment_area("5 комментариев к записи «итоги года»")
    (True, True)
    >>> is_comment_area("» 10 thoughts on “how to start a blog”")
    True
    """
    if len(low) > _AREA_CHARS:
        return False
    low = low[_NON_WORD.match(low).end() :]  # ("— 10 thoughts on ...", "» 10 thoughts on ...")
    if low[:1].isdigit() or low[:2] in _ONE_HEADS:
        if _COMMENT_COUNT.match(low) is None:
            return False
        # the title's closing quote ends the line, punctuation aside: matched backwards, in linear time
        tail = _NON_WORD.match(low[::-1]).group()
        return any(c in COMMENT_COUNT_CLOSING for c in tail)
    return low.startswith(COMMENT_FORM_CONSENT)


def match_lexicon(low: str, ntok: int) -> str | None:
    """The furniture group of one lowercased line, or ``None``: a comment header's ending, a
    whole-line ``SHORT`` phrase for lines of up to 8 tokens, else an ``ANY`` phrase for lines of
    up to 40 tokens.

    >>> match_lexicon("share on facebook", 3)
    'share'
    >>> match_lexicon("© 2024 example media. all rights reserved.", 6)
    'legal'
    >>> match_lexicon("about banner leon", 3)
    'author-bio'
    >>> match_lexicon("jane doe on september 12, 2018 at 4:47 pm said:", 11)
    'comment'
    >>> match_lexicon("the minister said the talks would resume on monday.", 9) is None
    True
    """
    return lexicon_groups([low], [ntok])[0]


def lexicon_groups(lows: list[str], ntoks: list[int], haystack: Haystack | None = None) -> list[str | None]:
    """``match_lexicon`` for every line of a page, with whole-page passes instead of one call per
    pattern per line (the per-line calls dominated the feature pass). ``haystack`` is
    ``Haystack("\\n".join(lows))``, when the caller has it.

    >>> lexicon_groups(["home", "the mayor said so.", "© 2020 the paper", "jane says:"], [1, 4, 3, 2])
    ['navigation', None, 'legal', 'comment']
    """
    n = len(lows)
    out: list[str | None] = [None] * n
    if n == 0:
        return out
    hay = haystack if haystack is not None else Haystack("\n".join(lows))
    nt = np.asarray(ntoks, dtype=np.int64)
    taken = np.zeros(n, dtype=bool)
    # a comment header's ending ("Jane says:"), tried only on the lines that end with the last
    # character of some ending (``_ENDING_TAIL``)
    for i in lines_matching_at_end(hay, _ENDING_TAIL):
        if nt[i] <= COMMENT_HEADER_TOKENS and lows[i].endswith(COMMENT_ENDINGS):
            out[i] = "comment"
            taken[i] = True
    # a comment section's counting header ("10 thoughts on “Title”") or the comment form's consent
    # box, tried only on the lines that hold one of their words (``_AREA_NEEDLES``)
    # (a count and a quoted title: 4 words or more; the lines that hold one of ``_AREA_NEEDLES``)
    for i in lines_containing(lows, _AREA_NEEDLES, hay, among=(nt >= 4) & (nt <= 40) & ~taken).nonzero()[0].tolist():
        if is_comment_area(lows[i]):
            out[i] = "comment"
            taken[i] = True
    # else a SHORT pattern covering the whole line: ``match`` on each short line tries only its
    # start, where a scan of the joined lines tried (and failed) at every position
    idx = ((nt <= 8) & ~taken).nonzero()[0]
    sub = [lows[i] for i in idx.tolist()]
    # each distinct line once: a page repeats a quarter of its short lines (menus, "Reply")
    distinct = dict.fromkeys(sub)
    found_for = dict(zip(distinct, map(_match_short, distinct)))
    found = list(map(found_for.__getitem__, sub))
    matched = np.fromiter(map(is_not, found, repeat(None)), dtype=bool, count=len(sub))
    for k in matched.nonzero()[0].tolist():
        out[idx[k]] = (found[k].lastgroup or "navigation").replace("_", "-")
    taken[idx[matched]] = True
    # else an ANY phrase, searched for with the groups whose needles the line holds (``_any_re``)
    bits = np.where((nt <= 40) & ~taken, any_group_bits(hay, n), 0)
    idx = bits.nonzero()[0]
    for i, b in zip(idx.tolist(), bits[idx].tolist()):
        m = _any_re(b).search(lows[i])
        if m is not None:  # search finds the leftmost match, as the per-line rule says
            out[i] = (m.lastgroup or "navigation").replace("_", "-")
    return out
