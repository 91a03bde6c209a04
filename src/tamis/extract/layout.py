"""Page text in the layout the line model reads: one paragraph, heading or menu item per line.

The line model learned from renderings that put each block element on its own line (html-text,
inscriptis, resiliparse, WET files). Two other layouts are common in the wild and defeat it:

- **hard-wrapped** text (html2text/markdown, lynx and w3m dumps, e-mail archives), where a
  paragraph is cut into lines of at most ~72-80 characters, so no line looks like prose;
- **flat** text (BeautifulSoup's ``get_text(" ")``, some scraped datasets), where the whole page
  is one line, so the only choice is to keep all of it or none.

A third is common too: **text nodes**, one per line (BeautifulSoup's ``get_text("\\n")``), where
a link cuts its sentence into fragments.

``reflow`` repairs all three and leaves ordinary text alone: wrapped lines are joined back into
their paragraphs, a very long line is split at its sentence ends and menus, and a sentence's
fragments are joined. All functions are pure and linear in the input. (Markdown is read as
rendered in ``markdown.py``.)
"""

from __future__ import annotations

import math
import re

import numpy as np

from tamis.extract.features.chars import SENTENCE_ENDS
from tamis.extract.wide import unwrap_wide, wide_wrap_width

# A page is "flat" when a line longer than FLAT_CHARS holds at least FLAT_SHARE of its
# characters: a flattened page is mostly one long line. In the scrapinghub benchmark's
# BeautifulSoup renderings the longest line holds 35-100% of the page and is mostly over 3,000
# characters; in its html-text and inscriptis renderings no line holds over 30% of its page. A
# real paragraph of a short page can pass a third of it, hence the length floor as well.
FLAT_CHARS = 2500
FLAT_SHARE = 1 / 3
# Only texts up to this size are split into sentences: a flattened web page is tens of kB, while
# a multi-megabyte single line is a data dump, and as one line per sentence it would cost the
# line model memory per sentence. Bigger texts keep their lines (``Page`` reads a prefix of each).
FLAT_MAX_TEXT = 1_000_000
# In a flattened page a menu is a run of capitalised words with no sentence end ("Home News World
# Business Tech Video"), and it is glued to the sentence after it. A run of at least this many
# capitalised words (or numbers or symbols) is cut out as a unit of its own, so that the model
# sees a menu line and a sentence instead of one long sentence that starts with a menu. The last
# word of a run that a sentence follows belongs to that sentence ("... Tech Video The mayor
# spoke." -> "... Tech Video", "The mayor spoke."). Scripts without case have no such runs.
MENU_RUN = 4

# Hard wrapping is recognised from the lengths of the lines with a few words: in wrapped text
# most of them end within a fifth of the wrap width short of it (the next word did not fit), few
# pass it (unbreakable links, headings the renderer does not wrap), and the line after is often
# the same sentence going on in lower case.
_NEAR_WIDTH = 0.2
_MIN_NEAR_SHARE = 0.4
_MIN_LOWER_NEXT = 0.3
_WIDTHS = np.arange(40, 201)  # wrap widths considered, in characters
# Markdown and plain-text list or heading starts: such a line begins a block of its own. Text
# browsers (lynx, inscriptis) mark nested list items with an indented "o".
_BLOCK_START = re.compile(r"\s*(?:[*+\-•#>|]|\d{1,3}[.)]\s|\[\d+\])|\s{2,}o\s")

# Renderers that give every text node a line of its own (BeautifulSoup's ``get_text("\n")``, some
# Markdown converters) cut a sentence wherever a link or an emphasis starts or ends: "The council
# said that the" / "bridge" / "would reopen in spring." A line of at least FRAGMENT_WORDS words that
# does not end a sentence, followed by one that starts in lower case, is one sentence, and a line
# that starts with a comma or a closing mark goes on with the line before it. A shorter line is not
# joined on, so a lower-case menu ("news", "sport") keeps one item per line.
FRAGMENT_WORDS = 5
_SENTENCE_DONE = re.compile("[" + re.escape(SENTENCE_ENDS) + "…:;\"'”’)\\]]\\s*$")
_CLOSING = frozenset(",.;:)!?")

# A unit end inside a flat line: terminal punctuation (Latin, Devanagari danda, Arabic and Urdu,
# Armenian, Ethiopic; with closing quotes or brackets) then white space, a CJK full stop, or a
# menu separator standing alone between spaces ("Home | News", "Sport » Football"), which is
# dropped. The next character decides (see split_flat). A match only starts where a run of
# punctuation or white space starts, and its runs are taken whole (possessive): tried at every
# character of a run, as before, a line of 40,000 dots or spaces took 15 s (quadratic), for the
# same matches.
_SPACED_ENDS = "".join(c for c in SENTENCE_ENDS if c not in "。！？") + "…"
_ENDS_CLASS = "[" + re.escape(_SPACED_ENDS) + "]"
_SENTENCE_END = re.compile(f"(?<!{_ENDS_CLASS}){_ENDS_CLASS}++[\"'”’»)\\]]*+\\s+|[。！？]+|(?<!\\s)\\s++(?P<sep>[|»›•·])\\s+")


def wrap_width(lines: list[str], starts: list[int] | None = None) -> int | None:
    """The column at which ``lines`` were hard-wrapped, or ``None`` if they were not.
    ``starts``: ``line_starts(lines)``, where the caller has it.

    >>> para = "The council met on Tuesday and agreed to repair the old bridge before winter comes."
    >>> import textwrap
    >>> wrap_width(["* Home", "* News"] * 20 + textwrap.wrap(para * 6, 60) + ["A long unwrapped heading " * 4])
    60
    >>> wrap_width([para, "Home", para + " It was late."] * 5) is None
    True
    """
    if _continued(lines, starts) < _MIN_CONTINUED or _past_outweighs(lines):  # exact pre-checks: see each
        return None
    rows = [(i, len(s.rstrip())) for i, s in enumerate(lines) if s.count(" ") >= 4 and not _BLOCK_START.match(s)]
    if len(rows) < 4 or not _may_wrap([length for _, length in rows]):
        return None
    # every candidate width at once from the cumulative length histogram (lengths past the
    # largest width share its last bin): near = lines in (0.8 w, w], over = lines past w
    hist = np.bincount(np.minimum([length for _, length in rows], _WIDTHS[-1] + 1), minlength=_WIDTHS[-1] + 2)
    cum = hist.cumsum()
    near_all = cum[_WIDTHS] - cum[(_WIDTHS * (1 - _NEAR_WIDTH)).astype(np.int64)]
    gain = near_all - 2 * (cum[-1] - cum[_WIDTHS])
    k = int(gain.argmax())
    if gain[k] <= 0:
        return None
    best = int(_WIDTHS[k])
    near_rows = [i for i, length in rows if best * (1 - _NEAR_WIDTH) < length <= best]
    if len(near_rows) < max(4, _MIN_NEAR_SHARE * len(rows)):
        return None
    lower = sum(1 for i in near_rows if i + 1 < len(lines) and lines[i + 1].lstrip()[:1].islower())
    return best if lower >= _MIN_LOWER_NEXT * len(near_rows) else None


# every line near some candidate width is in (_NEAR_LO, _WIDTHS[-1]] (as the histogram counts it)
_NEAR_LO = int(_WIDTHS[0] * (1 - _NEAR_WIDTH))
# ``wrap_width`` answers a width only when at least 4 rows are near it and a share
# _MIN_LOWER_NEXT of those are followed by a line in lower case: at least this many such rows
# (a whole number of rows at or above 0.3 x 4)
_MIN_CONTINUED = math.ceil(_MIN_LOWER_NEXT * 4)


def line_starts(lines: list[str]) -> list[int]:
    """Indices of the lines whose first non-space character is in lower case or a comma or
    closing mark: the lines that may go on with the line before. One pass over the lines, shared
    by ``wrap_width`` and ``join_fragments``; on most pages it finds a handful.

    >>> line_starts(["Home", "  news", ", and more", "Sport"])
    [1, 2]
    """
    return [i for i, s in enumerate(lines) if (head := s.lstrip()[:1]).islower() or head in _CLOSING]


def _continued(lines: list[str], starts: list[int] | None = None) -> int:
    """How many lines are longer than ``_NEAR_LO`` characters, have four spaces or more, and
    are followed by a line whose first non-space character is in lower case.

    An exact pre-check for ``wrap_width``, from cheaper tests than its own: every row it counts
    in ``lower`` is such a line. A row has four spaces or more; one near the chosen width ``w``
    (at least 40) is longer than ``0.8 w >= 32 = _NEAR_LO`` once right-stripped, so longer
    than that as it is; and ``lower`` counts those followed by a line starting in lower case.
    Since ``wrap_width`` needs ``lower >= _MIN_LOWER_NEXT * len(near_rows)`` with at least 4
    near rows, fewer than ``_MIN_CONTINUED`` of these lines mean no width, whatever the rest of
    the page. Hard-wrapped prose has dozens (a sentence goes on in lower case on the next
    line); on 9 in 10 of the CleanEval pages cut to 4 kB there are fewer than 2, and the test
    costs a slice and a case test per line instead of a ``count`` and a regex ``match``.

    >>> _continued(["The council met on Tuesday and agreed to", "repair the bridge.", "Home", "  the end"])
    1
    """
    # the lines after which a line starts in lower case ("" is not lower case)
    after = (j - 1 for j in (line_starts(lines) if starts is None else starts) if j and lines[j].lstrip()[:1].islower())
    return sum(1 for i in after if len(lines[i]) > _NEAR_LO and lines[i].count(" ") >= 4)


def _past_outweighs(lines: list[str]) -> bool:
    """True when ``_may_wrap`` fails for ``wrap_width``'s rows of these lines, known from their
    right-stripped lengths and from the rows' tests on the lines past the largest width alone.

    ``_may_wrap`` needs more than twice as many rows near some width as past the largest one.
    The rows near a width are among the lines whose right-stripped length is in
    (``_NEAR_LO``, ``_WIDTHS[-1]``], with or without four spaces or a block start; the rows
    past the largest width are counted exactly, with those tests, on the few lines that long.
    Page text with a paragraph per line can pass ``_continued`` (a long paragraph is often
    followed by one that starts in lower case) and is then settled here, without a regex on
    every line: 3 of the 4 dolma crawl documents that ``_continued`` lets through.

    >>> _past_outweighs(["x " * 150, "* " + "x " * 150, "Short line."] + ["y " * 30] * 3)
    False
    >>> _past_outweighs(["x " * 150, "z " * 150, "Short line."] + ["y " * 30] * 3)
    True
    """
    top = int(_WIDTHS[-1])
    lengths = list(map(len, map(str.rstrip, lines)))
    near_at_most = sum(1 for length in lengths if _NEAR_LO < length <= top)
    past = sum(1 for s, length in zip(lines, lengths) if length > top and s.count(" ") >= 4 and not _BLOCK_START.match(s))
    return near_at_most <= 2 * past


def _may_wrap(lengths: list[int]) -> bool:
    """False when no wrap width can pass ``wrap_width``'s tests on these row lengths: at every
    width, the rows near it are among those in (``_NEAR_LO``, ``_WIDTHS[-1]``] and the rows past
    it include all those past the largest width. On most pages (none of them wrapped) this
    answers with a pass over a few dozen numbers, before a dozen numpy calls on tiny arrays
    whose fixed costs were most of ``wrap_width``'s time.

    >>> _may_wrap([60, 58, 55, 59, 300]), _may_wrap([60, 58, 55, 59, 300, 400]), _may_wrap([60, 58, 20, 900])
    (True, False, False)
    """
    top = int(_WIDTHS[-1])
    near = sum(1 for length in lengths if _NEAR_LO < length <= top)
    past = sum(1 for length in lengths if length > top)
    return near > 2 * past and near >= max(4, _MIN_NEAR_SHARE * len(lengths))


def unwrap(lines: list[str], width: int) -> list[str]:
    """Join the lines of each hard-wrapped paragraph: a line continues the previous one when the
    previous line ended near ``width`` and the continuation's first word would not have fit on it.

    >>> unwrap(["The council met on", "Tuesday.", "", "* Home", "* News"], 20)
    ['The council met on Tuesday.', '', '* Home', '* News']
    >>> unwrap(["Short line.", "Another short line."], 20)
    ['Short line.', 'Another short line.']
    >>> unwrap(["A first item that runs past the width.", "Second item."], 20)
    ['A first item that runs past the width.', 'Second item.']
    """
    out: list[list[str]] = []  # each paragraph's pieces, joined at the end (linear time)
    prev_len = 0  # length of the last physical line appended to out[-1]
    for line in lines:
        s = line.strip()
        if out and s and out[-1][0] and not _BLOCK_START.match(line):
            first = s.split(" ", 1)[0]
            # a line past the width was not wrapped at it (a long table row, an unwrapped item)
            if prev_len + 1 + len(first) > width and width * (1 - _NEAR_WIDTH) <= prev_len <= width:
                out[-1].append(s)
                prev_len = len(line.rstrip())
                continue
        out.append([line.rstrip() if s else ""])
        prev_len = len(line.rstrip())
    return [" ".join(parts) for parts in out]


def _capitalised(word: str) -> bool:
    """A word that starts (after an opening quote or bracket) with an upper-case letter, a digit
    or a symbol: what the items of a menu start with."""
    head = word.lstrip("\"'“‘«([")[:1]
    return bool(head) and (head.isupper() or not head.islower() and not head.isalpha())


def split_menu_runs(piece: str, min_run: int = MENU_RUN) -> list[str]:
    """``piece`` cut around its runs of ``min_run`` or more capitalised words (see MENU_RUN).

    >>> split_menu_runs("Home News World Business Tech The mayor spoke today.")
    ['Home News World Business Tech', 'The mayor spoke today.']
    >>> split_menu_runs("The mayor of New York spoke.")
    ['The mayor of New York spoke.']
    """
    words = piece.split()
    out: list[str] = []
    start = i = 0
    n = len(words)
    while i < n:
        if not _capitalised(words[i]):
            i += 1
            continue
        j = i
        while j < n and _capitalised(words[j]):
            j += 1
        if j - i >= min_run:
            end = j - 1 if j < n else j  # the run's last word starts the sentence after it
            if i > start:
                out.append(" ".join(words[start:i]))
            out.append(" ".join(words[i:end]))
            start = end
        i = j
    if start < n:
        out.append(" ".join(words[start:]))
    return out if len(out) > 1 else [piece]


def split_flat(line: str) -> list[str]:
    """Split one very long line at its sentence ends, menu separators and runs of capitalised
    words (``split_menu_runs``); a lower-case continuation ("e.g. this", "3.5 m") is not a
    sentence start, so it stays.

    >>> split_flat("Home News Sport The mayor spoke. She said the plan, e.g. the bridge, works! 中文。好")
    ['Home News Sport', 'The mayor spoke.', 'She said the plan, e.g. the bridge, works!', '中文。', '好']
    >>> split_flat("Home | News » Sport The mayor spoke.")
    ['Home', 'News', 'Sport The mayor spoke.']
    """
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        end = m.end()
        if end >= len(line) or line[end].islower():
            continue
        piece = line[start : m.start() if m.group("sep") else end].strip()
        if piece:
            out.extend(split_menu_runs(piece, MENU_RUN))
        start = end
    rest = line[start:].strip()
    if rest:
        out.extend(split_menu_runs(rest, MENU_RUN))
    return out


def join_fragments(lines: list[str], starts: list[int] | None = None) -> list[str] | None:
    """``lines`` with each sentence that a renderer cut at an inline element joined back
    (see FRAGMENT_WORDS); None when there is none, the usual case. Linear in the lines.
    ``starts``: ``line_starts(lines)``, where the caller has it.

    >>> join_fragments(["Home", "news", "The council said on Tuesday that the", "bridge", "would reopen, as the",
    ...                 "mayor had promised", ", in spring."])
    ['Home', 'news', 'The council said on Tuesday that the bridge would reopen, as the mayor had promised, in spring.']
    """
    joined: dict[int, int] = {}  # a line joined on -> the first line of its sentence
    words: dict[int, int] = {}  # the first line of a sentence being joined -> its words so far
    for i in (i for i in (line_starts(lines) if starts is None else starts) if i and _continues(lines[i])):
        prev = lines[i - 1]
        if not prev.strip() or _SENTENCE_DONE.search(prev):
            continue
        first = joined.get(i - 1, i - 1)
        if first not in words:
            words[first] = len(prev.split())
        rest = lines[i].strip()
        if words[first] >= FRAGMENT_WORDS or rest[0] in _CLOSING:
            joined[i] = first
            words[first] += len(rest.split()) - (rest[0] in _CLOSING)  # ", in" adds one word to "said"
    if not joined:
        return None
    out: list[str] = []
    parts: list[str] = []
    for i, line in enumerate(lines):
        if i in joined:
            rest = line.strip()
            parts.append(rest if rest[0] in _CLOSING else " " + rest)
            continue
        if parts:
            out[-1] = out[-1].rstrip() + "".join(parts)
            parts = []
        out.append(line)
    if parts:
        out[-1] = out[-1].rstrip() + "".join(parts)
    return out


def _continues(line: str) -> bool:
    """A line that may go on with the sentence of the line before: it starts in lower case or
    with a comma or closing mark, and is not a list item, an inscriptis sub-item or a URL."""
    head = line.lstrip()[:1]
    return bool(head) and (head.islower() or head in _CLOSING) and not _BLOCK_START.match(line) and not line.lstrip().startswith(
        ("o ", "http", "www."))


def reflow(text: str) -> str:
    """``text`` with hard-wrapped paragraphs joined and flat lines split into sentences; text in
    the usual one-block-per-line layout comes back unchanged.

    >>> reflow("Title\\n\\nA normal paragraph.")
    'Title\\n\\nA normal paragraph.'
    >>> reflow("Menu Home " + "The mayor spoke at length about the new bridge. " * 60).splitlines()[1]
    'The mayor spoke at length about the new bridge.'
    """
    return reflow_lines(text)[0]


def reflow_lines(text: str) -> tuple[str, list[str] | None]:
    """``reflow(text)``, with its ``splitlines()`` when it came back unchanged (the usual case),
    so that a caller about to split it need not do so again; None when it changed.

    >>> reflow_lines("Title\\n\\nA normal paragraph.")
    ('Title\\n\\nA normal paragraph.', ['Title', '', 'A normal paragraph.'])
    """
    lines = text.splitlines()
    changed = False
    # flat lines first: a paragraph that unwrapping makes long is not a flattened page
    longest = max(map(len, lines), default=0)
    if longest > FLAT_CHARS and longest >= FLAT_SHARE * len(text) and len(text) <= FLAT_MAX_TEXT:
        split: list[str] = []
        for s in lines:
            split.extend(split_flat(s) if len(s) > FLAT_CHARS else (s,))
        lines = split
        changed = True
    wide = wide_wrap_width(text, lines)
    if wide is not None:  # before the Latin unwrapping, which would join wide lines with a space
        lines = unwrap_wide(lines, wide)
        changed = True
    starts: list[int] | None = line_starts(lines)
    width = wrap_width(lines, starts)
    if width is not None:
        lines = unwrap(lines, width)
        changed = True
        starts = None
    joined = join_fragments(lines, starts)
    if joined is not None:
        lines = joined
        changed = True
    return ("\n".join(lines), None) if changed else (text, lines)
