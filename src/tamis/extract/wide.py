"""Hard-wrapped text in scripts of wide characters (Chinese, Japanese, Korean).

Text browsers (w3m, lynx) and plain-text converters wrap a paragraph at a fixed number of
terminal columns, and a wide character takes two of them. In Chinese and Japanese, which put no
spaces between words, a renderer wraps anywhere, so a line break falls inside a word: "…モバイル端末で読むこと"
/ "が多いと思いますが…". ``layout.unwrap`` cannot see this wrapping (it counts characters and needs
spaces and a lower-case next line), and a break left inside a word cuts the word in two for
every reader after us (a tokenizer, a deduplicator, a language model).

Wrapping shows in the display widths of the lines that are mostly wide characters: many end
within a few columns short of one width (the next character did not fit) and almost none pass
it. Such a line is joined to the next one when that one goes on with text (not a list item,
not a blank line), without a space next to a Chinese or Japanese character.
"""

from __future__ import annotations

import re
from itertools import accumulate

# East Asian wide and full-width characters of the BMP (Unicode's East_Asian_Width W and F, as
# terminals draw them): Hangul Jamo, CJK radicals to Yi, Hangul syllables, compatibility
# ideographs, vertical and small forms, full-width forms. Rarer ideographs beyond the BMP and emoji
# count as one column, which at most hides a row from the width test.
_WIDE = "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_WIDE_CHAR = re.compile(f"[{_WIDE}]")
# Chinese and Japanese characters and punctuation: scripts without spaces between words, so a
# line break next to one was no space. Korean puts spaces between words, and renderers differ in
# where they break it (lynx at a space, w3m anywhere): its lines are joined with a space.
_UNSPACED = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff60]")
# A list item or heading starts a block of its own (as ``layout``'s block starts, with the
# bullets of CJK pages)
_ITEM = re.compile(r"\s*(?:[*+\-•#>|・●■◆□]|\d{1,3}[.)]\s)")
# A page with Chinese, Japanese or Korean text has characters in U+3000-U+DFFF (punctuation,
# kana, ideographs, Hangul syllables), whose UTF-8 encodings start with these bytes: the check
# before any other, a byte search each in the encoded text (a regex over the text cost 40 us on a
# page of 8 kB; this costs 5), then a count where one is found
_LEAD_BYTES = tuple(bytes([b]) for b in range(0xE3, 0xEE))
# A row is a line with at least this many wide characters, making up at least half its text
_MIN_WIDE = 10
# The most columns a Korean word needs to count as not fitting at the end of a row
_MAX_WORD = 20
# At least this many rows end near the width, this share of the rows, and this share of the rows
# that another line of text follows: in wrapped text nearly all of them (a paragraph's last row is
# followed by a blank line), in a list of headlines of like length one line after another only some
_MIN_NEAR = 4
_MIN_NEAR_SHARE = 0.25
_MIN_FOLLOWED_SHARE = 0.5
# The widths considered, in columns: terminals and text converters wrap at 60 to 200 (lynx and w3m
# at 80); a list of short headlines ends near 40 by itself
_LO, _HI = 60, 200


def display_width(line: str) -> int:
    """Columns a terminal gives ``line``: two per wide character, one per other character.

    >>> display_width("Kindle書籍"), display_width("abc")
    (10, 3)
    """
    return len(line) + len(_WIDE_CHAR.findall(line))


def _fits(row: str, after: str) -> range:
    """The wrap widths at which ``row`` ends because the start of the line ``after`` it did not
    fit: from the row's width up to one column short of the width with that start added (one
    character in Chinese and Japanese, a space and a word in Korean), one column more since
    renderers may leave the last column empty. Empty where ``after`` starts no continuation.

    >>> _fits("今日は雨", "でした"), _fits("오늘은", "비가 왔다"), _fits("今日は雨", "* 次")
    (range(8, 11), range(6, 12), range(0, 0))
    """
    s = after.strip()
    if not s or _ITEM.match(after):
        return range(0)
    width = display_width(row)
    if _UNSPACED.match(row[-1]) or _UNSPACED.match(s[0]):
        need = display_width(s[0])
    else:
        need = min(1 + display_width(s.split(" ", 1)[0]), _MAX_WORD)
    return range(width, width + need + 1)


def wide_wrap_width(text: str, lines: list[str]) -> int | None:
    """The column at which the wide-character lines of ``lines`` (the lines of ``text``) were
    wrapped, or None. A text without any Chinese, Japanese or Korean character is passed over
    after a few byte searches, an ASCII one at once.

    >>> para = "今日は朝から雨が降っていて、駅まで歩くのに時間がかかりました。" * 6
    >>> rows = [para[i:i + 39] for i in range(0, len(para), 39)]
    >>> lines = ["ホーム", "ニュース"] + rows
    >>> wide_wrap_width("\\n".join(lines), lines)
    78
    >>> lines = [para[:30], para[30:70], para[70:100]] * 3
    >>> wide_wrap_width("\\n".join(lines), lines) is None
    True
    """
    if text.isascii():
        return None
    data = text.encode("utf-8", "surrogatepass")
    if not any(b in data for b in _LEAD_BYTES) or sum(map(data.count, _LEAD_BYTES)) < _MIN_NEAR * _MIN_WIDE:
        return None  # none, or too few for the rows it needs
    rows = followed = 0
    votes = [0] * (_HI + 3)  # difference array: rows that end because the next start did not fit, per width
    past = [0] * (_HI + 2)  # rows per width (rows past _HI share its last bin)
    for i, line in enumerate(lines):
        row = line.rstrip()
        wide = len(_WIDE_CHAR.findall(row))
        if wide < _MIN_WIDE or 2 * wide < len(row.strip()):
            continue
        rows += 1
        past[min(len(row) + wide, _HI + 1)] += 1
        fits = _fits(row, lines[i + 1]) if i + 1 < len(lines) else range(0)
        followed += i + 1 < len(lines) and bool(lines[i + 1].strip()) and not _ITEM.match(lines[i + 1])
        if fits and fits.start <= _HI:
            votes[fits.start] += 1
            votes[min(fits.stop, _HI + 1)] -= 1
    if rows < _MIN_NEAR:
        return None
    near, upto = list(accumulate(votes)), list(accumulate(past))
    best, best_gain = None, 0
    for width in range(_LO, _HI + 1):
        gain = near[width] - 2 * (rows - upto[width])
        if near[width] >= max(_MIN_NEAR, _MIN_NEAR_SHARE * rows, _MIN_FOLLOWED_SHARE * followed) and gain > best_gain:
            best, best_gain = width, gain
    return best


def unwrap_wide(lines: list[str], width: int) -> list[str]:
    """Join each line that ends because the start of the next one did not fit in ``width``
    columns (``_fits``) to that line; no space between them next to a Chinese or Japanese
    character.

    >>> unwrap_wide(["Kindleの本を", "読む。", "", "* 次の項目"], 12)
    ['Kindleの本を読む。', '', '* 次の項目']
    >>> unwrap_wide(["短い行。", "次の段落。"], 12), unwrap_wide(["오늘 아침에는", "비가 왔다."], 16)
    (['短い行。', '次の段落。'], ['오늘 아침에는 비가 왔다.'])
    """
    out: list[list[str]] = []  # each paragraph's pieces, joined at the end (linear time)
    for i, line in enumerate(lines):
        row = line.rstrip()
        if i and out[-1][-1] and width in _fits(lines[i - 1].rstrip(), line) and _WIDE_CHAR.search(lines[i - 1]):
            prev, s = out[-1][-1], line.strip()
            out[-1].append(("" if _UNSPACED.match(prev[-1]) or _UNSPACED.match(s[0]) else " ") + s)
        else:
            out.append([row])
    return ["".join(pieces) for pieces in out]
