"""The readable rules that ``text.label_lines`` applies on top of the smoothed model scores.

The line model judges lines one at a time with their neighbourhood; some page structures are
clearer as a whole: a numbered list that starts in the article, a furniture section that a header
("Comments", "About the author") opens after the article has begun (a comment area that a
counting header or the comment form opens runs to the page's end; a reply's date and text stay
in its section), a comment thread. Each rule is a pure function of the page's lines and the
model's verdicts. Lines that are furniture by their own shape wherever they stand (copyright
notices, cookie banners, share bars, ad slots) are in ``notices.py``; the headline is
``headline.py``'s.
"""

from __future__ import annotations

import re

import numpy as np

from tamis.extract.features.lexicon import is_comment_area
from tamis.extract.features.phrases import COMMENT_ENDINGS, SECTION_HEADERS
from tamis.extract.notices import unended

_ITEM_NUMBER = re.compile(r"#?(\d{1,3})(?:[.):]|\s[-–—])\s")
_ITEM_HEAD = re.compile(r"[#\d]")  # the first character of every match of _ITEM_NUMBER


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


# a table row as resiliparse renders it: its cells separated by two tabs
_CELL_BREAK = "\t\t"


def table_rows(lines: list[str], min_rows: int = 3) -> list[list[int]]:
    """Each run of consecutive lines that are rows of one table: two or more cells
    (``_CELL_BREAK``-separated, as the HTML rendering writes them), the same number in every
    row, ``min_rows`` rows or more. Like a numbered list, a data table is one structure whose
    rows the line model judges one by one (a lineage table lost the three rows that hold
    "n/a" and footnote marks).

    >>> table_rows(["Intro.", "Name\\t\\tYear", "Ada\\t\\t1843", "Alan\\t\\t1936", "Home\\t\\tNews\\t\\tSport", "End."])
    [[1, 2, 3]]
    """
    out: list[list[int]] = []
    run: list[int] = []
    cells = 0
    for i, line in enumerate(lines):
        k = line.count(_CELL_BREAK) + 1 if _CELL_BREAK in line else 0
        if k >= 2 and k == cells:
            run.append(i)
            continue
        if len(run) >= min_rows:
            out.append(run)
        run, cells = ([i], k) if k >= 2 else ([], 0)
    if len(run) >= min_rows:
        out.append(run)
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


# a related header that names its topic ("Related reading"), which an article may use as its own
# subheading (``furniture_sections``)
_RELATED_WORD = re.compile(r"\W*related\b", re.IGNORECASE)

# how near the next line of a section's own kind must be for prose not to end the section
_RECUR = 4
# the same in a comment section with dated replies, whose own lines come a reply apart
_REPLY_RECUR = 12
# the fewest kept words above a comment header for the dated lines under it to be replies: under
# a forum's short question they are its answers (a short post's own comments have no counting
# header, so this is lower than ``_AREA_ARTICLE_WORDS``)
_REPLY_ARTICLE_WORDS = 60
# the fewest words of a short sentence that, with another and prose after them, resumes the article
_SENTENCE_WORDS = 5


# A reply button under each post or comment ("Reply", "Antworten"): furniture, and a line of a
# comment section's own kind, but no header: on a forum it stands under every post, the first one
# included, and a section started there would drop the answers that are the page's content
_REPLY_BUTTONS = frozenset({
    "reply", "antworten", "répondre", "responder", "rispondi", "odpowiedz", "ответить", "reageer", "yanıtla", "cevapla",
    "balas", "trả lời", "відповісти", "odpovědět", "svara", "răspunde", "válasz", "返信", "回复", "回覆", "답글", "رد",
    "quote", "reply with quote", "zitieren", "citer", "citar", "cita",
})


def is_reply_button(line: str) -> bool:
    """Whether a line is a post's reply button (``_REPLY_BUTTONS``), which starts no section.

    >>> is_reply_button("Reply"), is_reply_button(" Antworten ↓"), is_reply_button("Leave a Reply")
    (True, True, False)
    """
    return line.strip(" \t:»›→↓↩").lower() in _REPLY_BUTTONS


# the fewest words kept above a comment area's opening line for it to open one: under a short
# post ("My dog stopped eating. Should I worry?"), the replies are the answers the page is for
_AREA_ARTICLE_WORDS = 100


def _comment_areas(groups: list[str | None], lines: list[str], above: np.ndarray) -> set[int]:
    """The lines that open a comment area running to the page's end (``lexicon.is_comment_area``:
    "10 thoughts on “Title”", the comment form's consent box) under an article of
    ``_AREA_ARTICLE_WORDS`` kept words or more (``above``: kept words up to each line); not one
    quoted in the article after "The box reads:"."""
    return {k for k, g in enumerate(groups) if k and g == "comment" and int(above[k - 1]) >= _AREA_ARTICLE_WORDS
            and not lines[k - 1].rstrip().endswith(":") and is_comment_area(lines[k].lower())}


def furniture_sections(groups: list[str | None], words: np.ndarray, prose: np.ndarray, states: np.ndarray,
              lines: list[str], ends: np.ndarray | None = None) -> dict[int, tuple[str, str]]:
    """Furniture sections started by a header after the article body has begun.

    A section runs until the next short heading that is followed by at least two prose
    paragraphs, or two short sentences followed by one (the article resuming), or to the end of
    the page. ``words``, ``prose`` (long lines ending a sentence) and ``ends`` (lines ending a
    sentence; ``prose`` if not given) are per line, computed once by the feature pass.

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
    n = len(groups)
    # a comment line known only by its verb ("The judge said:") heads a section only in a comment
    # header's shape: in an article it introduces a quote
    header_at = [g in SECTION_HEADERS and w <= 6 and (g != "comment" or not line.lower().endswith(COMMENT_ENDINGS)
                                                      or comment_header(line)) and not is_reply_button(line)
                 for g, w, line in zip(groups, words.tolist(), lines)]
    # "Related …" with a paragraph of prose right under it is the article's own subheading
    # ("Related reading" in a guide): a box of related links starts with a link's headline. (Not
    # "Read more" or "Most popular", which head no part of an article: taken so, they kept a
    # teaser's summary on the benchmark.)
    for k in range(n - 1):
        if header_at[k] and groups[k] == "related" and prose[k + 1] and _RELATED_WORD.match(lines[k]):
            header_at[k] = False
    # kept words up to each line, for the comment rules (pages without a comment line need none)
    above = np.where(states > 0, words, 0).cumsum() if "comment" in groups else None
    areas = _comment_areas(groups, lines, above) if above is not None else set()
    for k in areas:
        header_at[k] = True
    if not any(header_at):  # most pages: no header at all
        return out
    wl, pl = words.tolist(), prose.tolist()
    # short sentences (a teaser's title ends no sentence): two of them and then prose are the
    # article going on in short paragraphs ("Die Arbeiten sollen bis Ende September dauern.")
    sl = ((words >= _SENTENCE_WORDS) & (prose if ends is None else ends)).tolist()
    # each line's first line at or after it that is no ad slot (n: none): an ad slot between
    # paragraphs ("Advertisement") does not interrupt the article resuming
    past_ads = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        past_ads[k] = past_ads[k + 1] if groups[k] == "ad" else k
    seen_body = False
    i = 0
    while i < n:
        group = groups[i]
        if states[i] == 1 and group is None and wl[i] >= 8:
            seen_body = True
        if seen_body and header_at[i]:
            header = lines[i]
            kind = group or "furniture"  # header_at implies a section group; this only names it for the type checker
            out[i] = (kind, f"{kind} section header {header[:60]!r}")
            j = i + 1
            # a header that counts the comments has them all below it, replies that read as
            # prose included, and the comment form's consent box has the rest of the form, or
            # the comments: their section runs to the end of the page
            counted = i in areas
            dated = replying = False  # a reply's date line seen in this comment section; in a reply's text
            # whether dated lines under this header are replies
            replies = kind == "comment" and above is not None and i > 0 and int(above[i - 1]) >= _REPLY_ARTICLE_WORDS

            def replies_go_on(j: int) -> bool:
                far = min(n, j + 1 + _REPLY_RECUR)
                return kind in groups[j + 1 : far] or any(wl[k] <= _TIMESTAMP_WORDS and is_reply_date(lines[k]) for k in range(j + 1, far))
            while j < n:
                g = groups[j]
                # (a date after "for example:" is the text's own)
                if (replies and g is None and wl[j] <= _TIMESTAMP_WORDS and is_reply_date(lines[j])
                        and not lines[j - 1].rstrip().endswith(":")):
                    dated = replying = True
                    out[j] = (kind, f"a reply's date, under the {kind} header {header[:60]!r}")
                    j += 1
                    continue
                # the sentences right under a reply's date are the reply, however many
                replying = replying and g is None and (pl[j] or sl[j])
                if replying:
                    out[j] = (kind, f"a reply's text, under the {kind} header {header[:60]!r}")
                    j += 1
                    continue
                if header_at[j] and not counted:
                    break
                # the two lines after j that say whether the article resumes, ad slots passed
                end = min(n, j + 1 + _RECUR)
                a = past_ads[j + 1]
                b = past_ads[a + 1] if a < n else n
                resumes = ((b < end and wl[j] <= 15 and g is None and pl[a] and pl[b])
                           or (pl[j] and a < end and pl[a] and (b >= end or pl[b]))
                           or (b < end and g is None and sl[j] and groups[a] is None and sl[a] and pl[b]))
                # under a reply's date, the section's own kind may come a long reply later: the
                # next reply's header or date
                if resumes and not counted and not (dated and replies_go_on(j)) and kind not in groups[j + 1 : end]:
                    break
                # a line that is furniture by its own wording keeps its own label, and says so
                own = f"{g} by its wording, " if g and g != kind else ""
                out[j] = (g or kind, f"{own}under the {kind} header {header[:60]!r}")
                j += 1
            i = j
            continue
        i += 1
    return out


# A comment's date line: a relative age or a clock time, and little else ("2 days ago at 07:52 am",
# "August 22, 2018 at 5:57 am", "12.05.2024, 09:40")
_TIMESTAMP = re.compile(r"\W*(?:\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago\b|.{0,30}?\b\d{1,2}[:.]\d{2}\b).{0,20}")
_TIMESTAMP_WORDS = 8


def is_timestamp(line: str) -> bool:
    """Whether a line is a comment's date line (``_TIMESTAMP``), of ``_TIMESTAMP_WORDS`` words at most.

    >>> is_timestamp("2 days ago at 07:52 am"), is_timestamp("August 22, 2018 at 5:57 am"), is_timestamp("12.05.2024, 09:40")
    (True, True, True)
    >>> is_timestamp("The ferry leaves at 10:30 every morning from the north pier."), is_timestamp("Nick A")
    (False, False)
    """
    words = sum(1 for w in line.split() if any(c.isalnum() for c in w))  # "/" and "·" are no words
    return words <= _TIMESTAMP_WORDS and _TIMESTAMP.fullmatch(line.strip()) is not None


# a clock time alone ("10:32", "19:32 GMT", "7.45 pm") is a live blog's entry, not a reply's date,
# which holds its day ("2 days ago at 07:52 am", "August 22, 2018 at 5:57 am")
_CLOCK_ONLY = re.compile(r"\W*\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|h|uhr|hrs?|[a-z]{2,4}))?\W*", re.IGNORECASE)


def is_reply_date(line: str) -> bool:
    """A comment's date line (``is_timestamp``) that is more than a clock time and holds its day
    ("Version 4.10", "John 3:16", "Price: 12.99" are no dates).

    >>> is_reply_date("2 days ago at 07:52 am"), is_reply_date("12:31"), is_reply_date("19:32 GMT")
    (True, False, False)
    >>> is_reply_date("Version 4.10"), is_reply_date("12.05.2024, 09:40"), is_reply_date("Mon 22 Jan 08.47")
    (False, True, True)
    """
    return is_timestamp(line) and _CLOCK_ONLY.fullmatch(line.strip()) is None and _DAY.search(line) is not None


# a short kept line without a sentence or clause end is shown as a heading
HEADING_WORDS = 12


def shape_label(line: str) -> str:
    """How a kept line is shown: a heading when short and without a sentence end, else body.

    >>> shape_label("How to retire early"), shape_label("It takes time and discipline."), shape_label("Hi,")
    ('heading', 'body', 'body')
    """
    return "heading" if len(line.split()) <= HEADING_WORDS and unended(line.strip()) else "body"


# A comment header as blog software writes it: a short name, the date, a clock time, then the
# verb ("Jane on 3 May 2024 at 4:47 pm said:", "Ole, 12.05.2024 um 10:03 Uhr schrieb:"). A quote in
# an article lacks the clock time right before the verb ("The judge said:", "At 10:30 the mayor
# said:"), the date ("An update from the fire service at 10.40am said:") or the short name; a name
# alone ("Sam says:") is too often one. Two such headers make a thread.
_TIME_THEN_VERB = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?|uhr|h)?\s+\w+\s?:$", re.I)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
# what makes a clock a date (``is_reply_date``): a year or a numeric date (``_DATE``), "ago",
# am/pm, a month's or a weekday's name
_DAY = re.compile(_DATE.pattern + r"|\bago\b|\b[ap]\.?m\b"
                  r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b", re.IGNORECASE)
_NAME_WORDS = 5  # words before the date's first digit: a name, "on", a month


def comment_header(line: str) -> bool:
    """Whether a line is a comment's header line (see ``_TIME_THEN_VERB``); the caller has found
    it in the ``comment`` group, which checks the verb.

    >>> comment_header("Ana Ruiz on 3 May 2024 at 4:47 pm said:"), comment_header("Ole, 12.05.2024 um 10:03 Uhr schrieb:")
    (True, True)
    >>> comment_header("The judge said:"), comment_header("At 10:30 the mayor said:"), comment_header("In April 1864 he wrote:")
    (False, False, False)
    >>> comment_header("An update from the fire service at 10.40am said:")
    False
    """
    timed = _TIME_THEN_VERB.search(line)
    if timed is None or (date := _DATE.search(line, 0, timed.start())) is None:
        return False
    first_digit = next((i for i, c in enumerate(line[: date.end()]) if c.isdigit()), date.start())
    return len(line[:first_digit].split()) <= _NAME_WORDS


def comment_thread(groups: list[str | None], words: np.ndarray, prose: np.ndarray, lines: list[str]) -> tuple[int, int] | None:
    """The first line of the page's comment thread and the line after it, or None. A thread is two
    or more comment headers; it ends where, after its last header, a heading is followed by two
    prose lines (an article after a "recent comments" box) or three prose lines follow each other
    (an article that quoted two comments goes on), else at the end of the page (the footer after a
    thread is furniture too). ``prose``: long lines that end a sentence.

    >>> lines = ["The new allotments open in spring.", "Ana Ruiz on 3 May 2024 at 4:47 pm said:", "Will there be water?",
    ...          "Tom Berg on 4 May 2024 at 9:12 am said:", "Yes, two taps."]
    >>> comment_thread([None, "comment", None, "comment", None], np.array([6, 9, 4, 9, 3]), np.zeros(5, dtype=bool), lines)
    (1, 5)
    >>> comment_thread([None, "comment", None], np.array([6, 9, 4]), np.zeros(3, dtype=bool), lines[:3]) is None
    True
    """
    if "comment" not in groups:
        return None
    heads = [i for i, g in enumerate(groups) if g == "comment" and lines[i].lower().endswith(COMMENT_ENDINGS)
             and comment_header(lines[i]) and not _quoting(lines, i)]
    if len(heads) < 2:
        return None
    n = len(lines)
    for j in range(heads[-1] + 1, n - 2):
        # a heading followed by prose, or three long prose lines in a row after the last reply's
        # first line: the article goes on ("Thanks Tom!" opening a reply is no heading). Not before
        # the last header: replies have headings of their own ("What we found:")
        if ((words[j] <= 15 and groups[j] is None and unended(lines[j]) and prose[j + 1] and prose[j + 2])
                or (j > heads[-1] + 1 and prose[j] and prose[j + 1] and prose[j + 2])):
            return heads[0], j
    return heads[0], n


def _quoting(lines: list[str], i: int) -> bool:
    """Whether the header at ``i`` opens a quote: a forum reply quotes an earlier post, or a
    sentence of it, under its header ("ole, 12.05.2024 um 10:03 Uhr schrieb:"), so the line after
    it is found in a line above."""
    quoted = lines[i + 1].rstrip(".!?…") if i + 1 < len(lines) else ""
    return len(quoted) >= 20 and any(quoted in line for line in lines[:i])


def drop_thread(span: tuple[int, int], keep: np.ndarray, lines: list[str]) -> dict[int, tuple[str, str]]:
    """Drop the kept lines of the thread ``span`` (``keep`` is edited in place); each one's label
    and reason."""
    start, end = span
    why = ("comment", f"in the comment thread that starts with {lines[start][:60]!r}")
    dropped = (keep[start:end].nonzero()[0] + start).tolist()
    keep[dropped] = False
    return dict.fromkeys(dropped, why)
