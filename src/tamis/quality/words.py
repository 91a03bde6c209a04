"""Word and sentence splitting for the quality signals: regex only, no tokenizer models.

Published rule sets (Gopher, C4, FineWeb) were tuned on the output of a real tokenizer: datatrove
0.10.1 counts words with spaCy's blank English tokenizer. Thresholds such as "mean word length
between 3 and 10" only mean the same thing if punctuation, hyphens and contractions are split the
same way, so :func:`split_words` follows that tokenizer's observable behaviour for spaced scripts:

- split on whitespace;
- peel leading and trailing punctuation, quotes, brackets, currency signs and pictographs one at a
  time; split ``'s``, ``n't`` and the pronoun contractions (``'m``, ``'re``, ``'ll``, ``'ve``,
  ``'d``) off the word;
- split inside a word at an ellipsis, at a hyphen between letters, at ``, : < > = /`` between
  letters, at a period between a lower- and an upper-case letter, and at arithmetic between digits;
- keep URLs, e-mail addresses, numbers (``3,000``, ``5.5``) and abbreviations (``U.S.``, ``e.g.``)
  whole.

Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) would come out as one
"word" per sentence, which makes every word-count threshold meaningless. There the fallback is:
one word per Han character (a morpheme, the unit CJK word counts use), one per kana run, and one
per orthographic syllable in the South-East Asian scripts. The same text written in two scripts
therefore gets word counts of the same order.
"""

from __future__ import annotations

from functools import lru_cache

import regex

# The characters datatrove 0.10.1 (utils/text.py) treats as punctuation when it decides whether a
# token is a "symbol word"; reproduced here as data so that word counts agree with it.
_ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_OTHER_PUNCT = "—”“„’´–…«»►、。，；：？！（）【】「」《》〈〉∶．％１～━"
_CONTROL = "".join(chr(c) for c in [*range(0, 9), *range(11, 32), *range(127, 160)])
PUNCTUATION: frozenset[str] = frozenset(_ASCII_PUNCT + _OTHER_PUNCT + _CONTROL)

# Sentence terminals: the characters datatrove 0.10.1 lists (Unicode's Sentence_Terminal
# property of an older Unicode version, plus three Khmer signs), written out so that importing
# this module does not scan the whole code space.
TERMINAL_PUNCTUATION: frozenset[str] = frozenset(
    "!.?\u0589\u061d\u061e\u061f\u06d4\u0700\u0701\u0702\u07f9\u0837\u0839\u083d\u083e\u0964"
    "\u0965\u104a\u104b\u1362\u1367\u1368\u166e\u1735\u1736\u17d4\u17d5\u17d6\u17d9\u17da\u1803"
    "\u1809\u1944\u1945\u1aa8\u1aa9\u1aaa\u1aab\u1b5a\u1b5b\u1b5e\u1b5f\u1b7d\u1b7e\u1c3b\u1c3c"
    "\u1c7e\u1c7f\u203c\u203d\u2047\u2048\u2049\u2e2e\u2e3c\u2e53\u2e54\u3002\ua4ff\ua60e\ua60f"
    "\ua6f3\ua6f7\ua876\ua877\ua8ce\ua8cf\ua92f\ua9c8\ua9c9\uaa5d\uaa5e\uaa5f\uaaf0\uaaf1\uabeb"
    "\ufe52\ufe56\ufe57\uff01\uff0e\uff1f\uff61\U00010a56\U00010a57\U00010f55\U00010f56"
    "\U00010f57\U00010f58\U00010f59\U00010f86\U00010f87\U00010f88\U00010f89\U00011047\U00011048"
    "\U000110be\U000110bf\U000110c0\U000110c1\U00011141\U00011142\U00011143\U000111c5\U000111c6"
    "\U000111cd\U000111de\U000111df\U00011238\U00011239\U0001123b\U0001123c\U000112a9\U0001144b"
    "\U0001144c\U000115c2\U000115c3\U000115c9\U000115ca\U000115cb\U000115cc\U000115cd\U000115ce"
    "\U000115cf\U000115d0\U000115d1\U000115d2\U000115d3\U000115d4\U000115d5\U000115d6\U000115d7"
    "\U00011641\U00011642\U0001173c\U0001173d\U0001173e\U00011944\U00011946\U00011a42\U00011a43"
    "\U00011a9b\U00011a9c\U00011c41\U00011c42\U00011ef7\U00011ef8\U00011f43\U00011f44\U00016a6e"
    "\U00016a6f\U00016af5\U00016b37\U00016b38\U00016b44\U00016e98\U0001bc9f\U0001da88"
)
PUNCTUATION_SET: frozenset[str] = PUNCTUATION | TERMINAL_PUNCTUATION

# --- affixes ---------------------------------------------------------------------------------
_PUNCT = r"…|……|,|:|;|!|\?|¿|؟|¡|\(|\)|\[|\]|\{|\}|<|>|_|#|\*|&|。|？|！|，|、|；|：|～|·|।|،|۔|؛|٪"
_QUOTES = r"'|\"|”|“|`|‘|´|’|‚|„|»|«|「|」|『|』|（|）|〔|〕|【|】|《|》|〈|〉|⟦|⟧"
_CURRENCY = r"US\$|C\$|A\$|\$|£|€|¥|฿|₽|₹|₩|₪|₫|₴|₦|₱|₺|₿|¢"
_ICON = r"[\p{So}--[°]]"
_UNITS = (
    "°|km²|km³|km|m²|m³|m|dm²|dm³|dm|cm²|cm³|cm|mm²|mm³|mm|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|m/s|km/h|kmh|mph"
    "|hPa|Pa|mbar|mb|MB|kb|KB|gb|GB|tb|TB|T|G|M|K|%|км|м|дм|см|мм|нм|кг|г|мг|Кб|КБ|кб|Мб|МБ|мб|Гб|ГБ|гб|Тб|ТБ|тб"
)
_ICON_RE = regex.compile(_ICON, regex.V1)
_ICON_SPLIT = regex.compile(f"({_ICON})", regex.V1)
_SUFFIX_WINDOW = 12  # suffixes are short; look for them in the last few characters only
_PREFIX = regex.compile(
    rf"(?:§|%|=|—|–|\+(?![0-9])|\.\.+|{_PUNCT}|{_QUOTES}|{_CURRENCY}|{_ICON})", regex.V1
)
_SUFFIX = regex.compile(
    rf"(?:{_PUNCT}|\.\.+|{_QUOTES}|{_ICON}|'s|'S|’s|’S|—|–|(?<=[0-9])\+|(?<=°[FfCcKk])\."
    rf"|(?<=[0-9])(?:{_CURRENCY})|(?<=[0-9])(?:{_UNITS})"
    rf"|(?<=[0-9\p{{Ll}}\p{{Lo}}%²\-+…]|{_QUOTES}|{_PUNCT})\.|(?<=\p{{Lu}}\p{{Lu}})\.)$",
    regex.V1,
)
_INFIX = regex.compile(
    rf"\.\.+|…|{_ICON}|(?<=[0-9])°|(?<=[0-9])[+\-*^](?=[0-9-])|(?<=[\p{{Ll}}\p{{Lo}}'\"”“’])\.(?=[\p{{Lu}}'\"”“‘])"
    r"|(?<=\p{L}),(?=\p{L})|(?<=[\p{L}0-9])(?:---|--|——|-|–|—|~)(?=\p{L})|(?<=[\p{L}0-9])[:<>=/](?=\p{L})",
    regex.V1,
)
# A bare domain's labels are bounded as DNS bounds them (at most 63 characters, 127 labels): with
# unbounded repeats, a chunk of "1.1.1.…" backtracked over every label for each one, which made a
# 1.5 MB chunk take 100 s (quadratic); the bounds make it linear and match every real domain.
_URL = regex.compile(
    r"^(?:mailto:[^\s]+|(?:https?|ftp)://[^\s/$.?#][^\s]*|(?:www\.)?[\w-]{1,63}(?:\.[\w-]{1,63}){0,126}\.[a-z]{2,24}(?:[/?#][^\s]*)?"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$",
)
_PRONOUNS = ("i", "you", "he", "she", "it", "we", "they", "who", "what", "where", "when", "why", "how",
             "there", "that", "this")
_MODALS = ("could", "would", "should", "might", "must")
_NT_VERBS = ("do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "ca", "wo", "sha", "ai",
             "need", "dare", *_MODALS)
# Apostrophe-less contractions the reference tokenizer splits (lower- and title-case only); words
# such as "ill", "well", "were", "its", "hell", "shell", "shed", "whore", "lets" stay whole.
_BARE_SUFFIXES = {"i": "m ve d", "you": "re ll ve d", "he": "d s", "she": "s", "it": "ll d", "we": "ve d",
                  "they": "re ll ve d", "who": "ll ve d s", "that": "ll d s", "this": "ll d s"}
_BARE = {p + s: p for p, sufs in _BARE_SUFFIXES.items() for s in sufs.split()}
_BARE.update({p + s: p for p in ("what", "where", "when", "why", "how", "there") for s in ("re", "ll", "ve", "d", "s")})
_BARE.update({m + "ve": m for m in _MODALS})
_BARE.update({v + "nt": v for v in _NT_VERBS})
_BARE.update({"cannot": "can", "gonna": "gon", "gotta": "got", "yall": "y"})
_CONTRACTION = regex.compile(
    r"^(?P<w>\p{L}+?)(?P<c>n['’]t(?:['’]ve)?|['’](?:m|re|ll|ve|d)(?:['’]ve)?)$"
)
_AMPM = regex.compile(r"^(?P<w>1[0-2]|[1-9])(?P<c>am|pm|a\.m\.|p\.m\.)$")
# Words kept whole although a generic rule would split them (abbreviations, fixed forms).
_KEEP = frozenset(
    "and/or w/o Pa. e.g. i.e. vs. Mr. Mrs. Ms. Dr. St. Jr. Sr. Inc. Ltd. Co. co. Corp. Jan. Feb. Mar. Apr. Jun. "
    "Jul. Aug. Sep. Sept. Oct. Nov. Dec. a.m. p.m. Mt. Gen. Gov. Rep. Sen. Rev. Prof. o'clock o’clock "
    "ma'am Ph.D. Messrs. Bros. Calif. Mass. Ariz. Colo. Conn. Fla. Ill. Ind. Kan. Mich. Minn. Miss. "
    "Nev. Okla. Ore. Penn. Tenn. Wash. Wis. Ala. Ark. Del. Ga. Ky. La. Md. Mo. Neb. Va. Vt. Wyo. "
    "'s 's ’s ’S 'em 'cause nothin' goin' lovin' ol' ol’ doin' ya'll '' ’’ "
    ":) :( :-) :-( ;) ;-) :D :P :p <3 ^_^ :/ :-/ =) (: ): :') -_- 8) 8-) ): )-: :] =] =( :| :-| xD XD".split()
)
# Special cases that the affix and infix rules would split are merged back when adjacent.
_MERGE = _KEEP


# --- unspaced scripts -------------------------------------------------------------------------
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_UNSPACED_UNITS = regex.compile(
    r"\p{Han}|[\p{Hiragana}]+|[\p{Katakana}ー]+"
    # A South-East Asian syllable: optional pre-posed vowel, a base letter, then marks and
    # post-posed vowels. Good enough to count words to within a factor of two.
    r"|[เแโใไ]?[\p{Thai}&&\p{Lo}]\p{M}*[ะาำๅ]?\p{M}*|[ເແໂໃໄ]?[\p{Lao}&&\p{Lo}]\p{M}*[ະາຳ]?\p{M}*"
    r"|[\p{Khmer}&&\p{Lo}]\p{M}*|[\p{Myanmar}&&\p{Lo}]\p{M}*"
    r"|[^\p{Han}\p{Hiragana}\p{Katakana}ー\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+|.",
    regex.V1,
)


def _special(chunk: str) -> tuple[str, ...] | None:
    """Fixed tokenizations: abbreviations kept whole, contractions split into their parts."""
    if chunk in _KEEP or (len(chunk) == 2 and chunk[1] == "." and chunk[0].isascii() and chunk[0].isalpha()):
        return (chunk,)
    if chunk.lower() in ("y'all", "y’all"):
        return (chunk[:2], chunk[2:])
    if chunk.isalpha():
        stem = _BARE.get(chunk.lower())
        if stem is not None and (chunk.islower() or chunk.istitle()):
            return (chunk[: len(stem)], chunk[len(stem) :])
        return None
    m = _CONTRACTION.match(chunk)
    if m and not m.group("w").isupper() or m and m.group("c")[0] != "n":
        parts = [m.group("w")]
        c = m.group("c")
        if len(c) > 3 and c[3] in "'’":
            parts += [c[:3], c[3:]]
        elif len(c) > 3 and c[0] == "n":
            parts.append(c)
        elif c[0] in "'’" and len(c) > 2 and c[2:3] in "'’":
            parts += [c[:2], c[2:]]
        else:
            parts.append(c)
        return tuple(parts)
    m = _AMPM.match(chunk)
    if m:
        return (m.group("w"), m.group("c"))
    return None


def _is_merge(joined: str) -> bool:
    return joined in _MERGE or (len(joined) == 2 and joined[1] == "." and joined[0].isascii() and joined[0].islower())


def _merge_specials(tokens: list[str], start: int) -> None:
    """Merge adjacent tokens of one chunk (from ``start``) that together spell a special case,
    as the reference does after splitting: ``z . B.`` -> ``z. B.``, ``) :`` -> ``):``."""
    i = start
    while i < len(tokens) - 1:
        for width in (3, 2):
            if i + width <= len(tokens) and _is_merge("".join(tokens[i : i + width])):
                tokens[i : i + width] = ["".join(tokens[i : i + width])]
                break
        i += 1


def _split_core(core: str, out: list[str]) -> None:
    """Split a chunk that has no affixes left at its infixes (never at its very start)."""
    if _URL.match(core):
        out.append(core)
        return
    start = 0
    for m in _INFIX.finditer(core):
        if m.start() == 0 or m.start() == m.end():
            continue
        if m.start() > start:
            out.append(core[start : m.start()])
        out.append(m.group())
        start = m.end()
    if start < len(core):
        out.append(core[start:])


_SPECIAL_MAX = 40  # no special case is longer; longer pieces skip the lookup


def _special_at(chunk: str, start: int, end: int) -> tuple[str, ...] | None:
    return _special(chunk[start:end]) if 0 < end - start <= _SPECIAL_MAX else None


def _split_chunk(chunk: str, out: list[str]) -> None:
    """Split one whitespace-free chunk: peel a prefix and a suffix per round until neither
    matches or what is left is a special case, then split the rest at its infixes.

    Works on indices and looks for suffixes in the last few characters only, so that a chunk of
    a million symbols costs linear time."""
    if len(chunk) > _SPECIAL_MAX and _ICON_RE.search(chunk):
        # Pictographs are split off wherever they stand (prefix, suffix or infix), so a long
        # chunk can be cut at them first; each piece is short again.
        for i, piece in enumerate(_ICON_SPLIT.split(chunk)):
            if i % 2:
                out.append(piece)
            elif piece:
                _split_chunk(piece, out)
        return
    first = len(out)
    suffixes: list[str] = []
    start, end = 0, len(chunk)
    special = _special_at(chunk, start, end)
    while start < end and special is None:
        pre = _PREFIX.match(chunk, start, end)
        pre_len = pre.end() - start if pre else 0
        suf = _SUFFIX.search(chunk, max(start + pre_len, end - _SUFFIX_WINDOW), end) if start + pre_len < end else None
        suf_len = end - suf.start() if suf else 0
        if pre_len and start + pre_len < end and (special := _special_at(chunk, start + pre_len, end)) is not None:
            out.append(chunk[start : start + pre_len])
            start += pre_len
            break
        if suf_len and (special := _special_at(chunk, start, end - suf_len)) is not None:
            suffixes.append(chunk[end - suf_len : end])
            end -= suf_len
            break
        if pre_len and suf_len and pre_len + suf_len > end - start:
            suf_len = 0
        if not pre_len and not suf_len:
            break
        if pre_len:
            out.append(chunk[start : start + pre_len])
            start += pre_len
        if suf_len:
            suffixes.append(chunk[end - suf_len : end])
            end -= suf_len
        special = _special_at(chunk, start, end)
    if special is not None:
        out.extend(special)
    elif start < end:
        _split_core(chunk[start:end], out)
    out.extend(reversed(suffixes))
    if len(out) - first > 1:
        _merge_specials(out, first)


# Chunk -> tokens memo. Web text is Zipfian: most chunks ("the", "said,", "2020.") recur, and
# looking them up is ten times cheaper than running the affix rules again. Bounded by clearing.
_MEMO: dict[str, tuple[str, ...]] = {}
_MEMO_MAX = 50_000  # ~12 MB per process


def _split_spaced(text: str, out: list[str]) -> None:
    memo = _MEMO
    for chunk in text.split():
        hit = memo.get(chunk)
        if hit is not None:
            out.extend(hit)
            continue
        if chunk.isalpha() and chunk.isascii() and chunk.lower() not in _BARE:
            tokens: tuple[str, ...] = (chunk,)
        else:
            part: list[str] = []
            _split_chunk(chunk, part)
            tokens = tuple(part)
        out.extend(tokens)
        if len(chunk) <= 64:
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            memo[chunk] = tokens


def _split(text: str) -> tuple[str, ...]:
    out: list[str] = []
    if _UNSPACED.search(text) is None:
        _split_spaced(text, out)
        return tuple(out)
    for m in _UNSPACED_UNITS.finditer(text):
        part = m.group()
        if _UNSPACED.match(part):
            out.append(part)
        else:
            _split_spaced(part, out)
    return tuple(out)


@lru_cache(maxsize=2)
def split_words(text: str) -> tuple[str, ...]:
    """Split ``text`` into words and punctuation tokens.

    Cached for the last two texts: the Gopher, repetition and FineWeb labellers of one chain all
    split the same document in a row, and hashing a Python string is only done once. (Only two,
    because the tokens of a 10 MB document take far more memory than its text.)

    >>> split_words("Don't (hello), well-known U.S. example...")
    ('Do', "n't", '(', 'hello', ')', ',', 'well', '-', 'known', 'U.S.', 'example', '...')
    >>> split_words("see https://example.com/a. Done!")
    ('see', 'https://example.com/a', '.', 'Done', '!')
    >>> len(split_words("我喜欢读书")), len(split_words("ภาษาไทย"))
    (5, 4)
    >>> split_words("")
    ()
    """
    return _split(text)


def is_symbol_word(word: str) -> bool:
    """True when every character of ``word`` is punctuation (it does not count as a word).

    >>> is_symbol_word("..."), is_symbol_word("a."), is_symbol_word("•")
    (True, False, False)
    """
    return all(ch in PUNCTUATION_SET for ch in word)


_PUNCT_TOKEN = regex.compile(r"\p{P}+")


def _is_punct_token(token: str) -> bool:
    return _PUNCT_TOKEN.fullmatch(token) is not None


def count_sentences(line: str) -> int:
    """Count sentences the way a punctuation sentencizer does: a sentence ends after a sentence
    terminal token, once a token that is not punctuation follows.

    >>> count_sentences("One. Two! Three? (four)")  # "(" does not end the third sentence
    4
    >>> count_sentences("Ends with an ellipsis... and goes on.")
    1
    >>> count_sentences("")
    1
    """
    count = 1
    seen_terminal = False
    for token in _split(line):
        terminal = token in TERMINAL_PUNCTUATION
        if seen_terminal and not terminal and not _is_punct_token(token):
            count += 1
            seen_terminal = False
        elif terminal:
            seen_terminal = True
    return count
