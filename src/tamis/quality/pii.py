"""Personally identifiable information: find spans, optionally replace them by typed placeholders.

Regexes find candidates; checksums remove false positives where the format has one: credit card
numbers must pass Luhn, IBANs must pass ISO 13616 mod-97, IPv4 octets must be <= 255 and IPv6
candidates must parse with ``ipaddress``; shape rules (see ``phone_ok``, ``_ipv4_ok``,
``_ipv6_ok``) remove dates, amounts, versions and code. Spans are ``(start, end, kind)`` with
character offsets; ``redact_spans`` returns the spans moved into the redacted text.
"""

from __future__ import annotations

import ipaddress
import re

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b")
# Two shapes. Grouped: optional ``+CC`` and ``(area)``, a first group of 1-5 digits, groups of
# 2-4 digits, and at most one long group (5-8 digits, as in "030 1234567", "07700 900123" or
# "+55 11 91234-5678") after a space, '-' or '/' -- never after '.', so decimals like 3.14159265
# stay out; the long group may take one short group after it (an extension: "1234567-89").
# Unseparated: ``+CC`` then a run, or a run of 6-15 digits; ``phone_ok`` decides which runs are
# phones. A separator then a letter or digit may not follow, so part of an ISBN ("3-16-148410-X")
# or a longer code is not taken. Every quantifier is bounded and groups need a separator between
# them, so the work per start position is constant.
PHONE = re.compile(
    r"(?<![\w+])(?<!\d[-./])(?:"
    r"(?:\+\d{1,3}[ .-]?|(?=\())?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ ./-]\d{2,4}){0,5}(?:[ /-]\d{5,8}(?:[ -]\d{2,4})?)?"
    r"|\+\d{1,3}[ .-]?\d{4,12}|\d{6,15}"
    r")(?!\w)(?![-./]\w)"
)
# A trailing period is allowed when a sentence ends there ("is 8.8.8.8."), not when another
# number or label follows ("1.2.3.4.5", "1.2.3.4.in-addr").
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\d)(?!\.\w)")
# The last group may be a dotted quad (``::ffff:192.0.2.1``); it is tried first so that the
# match does not stop at "192".
IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![\w:]|\.\d)"
)
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")


def luhn_ok(digits: str) -> bool:
    """Luhn checksum of a digit string.

    >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# The IBAN length of each country of the SWIFT IBAN registry: a code of another length is none,
# which keeps a checksum that passes by chance (1 in 97) from making one of a shortened match.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    # registered since 2020
    "BI": 27, "DJ": 27, "FK": 18, "HN": 28, "LY": 25, "MN": 20, "NI": 28, "OM": 23, "RU": 33, "SD": 18, "SO": 23,
    "YE": 30,
}


def iban_ok(candidate: str) -> bool:
    """ISO 13616 check: the country's length (``IBAN_LENGTHS``; 15 to 34 characters for a country
    not listed), then the first four characters moved to the end, letters to numbers, mod 97 == 1.

    >>> iban_ok("GB82 WEST 1234 5698 7654 32"), iban_ok("GB82 WEST 1234 5698 7654 33")
    (True, False)
    """
    s = candidate.replace(" ", "")
    if len(s) != IBAN_LENGTHS.get(s[:2], len(s)) or not 15 <= len(s) <= 34:
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _iban_end(match: re.Match[str]) -> int | None:
    """Where the IBAN of an IBAN-shaped ``match`` ends, or None if it holds none. The pattern's
    last groups may be the next word's ("... 7034 BIC", "... 3201 2024": an IBAN whose length is a
    multiple of four leaves room for them), which fails the checksum; the match is then tried
    without them, a group at a time, down to its country's length (``IBAN_LENGTHS``).

    >>> [_iban_end(m) for m in IBAN.finditer("IBAN: BE68 5390 0754 7034 BIC: GKCCBEBB")]
    [25]
    """
    candidate = match.group()
    if candidate[:2] not in IBAN_LENGTHS:  # no known length to shorten to: the whole match or nothing
        return match.end() if iban_ok(candidate) else None
    while True:
        if iban_ok(candidate):
            return match.start() + len(candidate)
        cut = candidate.rfind(" ")
        if cut < 0:
            return None
        candidate = candidate[:cut]


# A "+" right before a date-like run is an international prefix ("+81-3-1234-5678"), not a date.
_DATE = re.compile(r"(?:^|[^\d+])(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?:\D|$)")
# A date with a two-digit year at the end ("18.11.19"), unless a chain of digit groups leads to it:
# then it is a phone number's tail ("06.12.34.56.78", "+33 6-12-34-56-78", "06221/12-34-56"), except
# where what leads to it is itself such a date (a range or a list of dates: "05/12/24-06/12/24").
_SHORT_DATE_END = re.compile(r"(?<!\+)\d{1,2}([-./])\d{1,2}\1\d{2}$")


def _ends_in_short_date(candidate: str) -> bool:
    """
    >>> _ends_in_short_date("on 18.11.19"), _ends_in_short_date("06.12.34.56.78"), _ends_in_short_date("05/12/24-06/12/24")
    (True, False, True)
    >>> _ends_in_short_date("04.03.24.05.03.24"), _ends_in_short_date("06221/12-34-56"), _ends_in_short_date("0049-711-12-34-56-78")
    (True, False, False)
    >>> _ends_in_short_date("+33-6-12-34-56-78"), _ends_in_short_date("05/28-06/02/24")  # a US range: a partial date leads
    (False, True)
    """
    m = _SHORT_DATE_END.search(candidate)
    if m is None:
        return False
    at = m.start()
    if at >= 1 and candidate[at - 1].isdigit():
        return False
    chained = at >= 2 and candidate[at - 1] in "-./" and candidate[at - 2].isdigit()
    if not chained:
        return True
    lead, joint = candidate[: at - 1], candidate[at - 1]
    # another separator joins the tail to groups that use the tail's own ("05/28-06/02/24"): dates
    if joint != m.group(1) and m.group(1) in lead.rsplit(" ", 1)[-1]:
        return True
    return _ends_in_short_date(lead)  # a list or range of such dates
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
# With spaces, "1 234 567 890" is a number but "912 345 678" is a Spanish phone number: only a
# 1-2 digit lead group followed by 3-digit groups is read as thousands.
_SPACED_THOUSANDS = re.compile(r"^\d{1,2}(?: \d{3}){2,}$")
_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_PHONE_PREFIX = re.compile(r"^(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?")
_SEPARATOR = re.compile(r"(?<=\d)[ ./-](?=\d)")
_ZIP_PLUS_4 = re.compile(r"^\d{5}-\d{4}$")
# Chinese mobile numbers: 11 digits starting 13-19, usually written without separators.
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# A currency or unit right after a number makes it an amount.
_AMOUNT_AFTER = re.compile(
    r"(?i)\s?(?:[€$£¥₹₽%]|(?:eur|euros?|usd|gbp|chf|jpy|cny|rub|pln|sek|nok|dkk|inr|dollars?|pounds?|yen|yuan|"
    r"rubles?|roubles?|złotych|zł|kr|km|kg|tonnes?|tons?|people|persons|inhabitants|votes|views)\b)"
)
# A currency or a book number's label right before a number makes it an amount or an ISBN
# ("EUR 123 456 789", "ISBN 978 0 306 40615 7").
_NOT_PHONE_BEFORE = re.compile(r"(?i)(?:(?:[€$£¥₹₽]|\b(?:eur|usd|gbp|chf|jpy|cny|rub|pln|sek|nok|dkk|inr))\W{0,3}"
                               r"|\bisbn(?:-1[03])?\W{0,3}[\d -]*)$")
# A word that labels the number right before it; only unseparated national runs need one.
_PHONE_CUE = re.compile(
    r"(?i)(?:\b(?:tel|tél|phone|telephone|téléphone|telefon|telefono|teléfono|mobile?|mobil|cell|fax|whatsapp)"
    r"|☎|📞|电话|手机)\W{0,4}$"
)
# Issuer prefixes of the card networks in wide use (Visa, Mastercard, Amex, Discover, JCB,
# Diners, UnionPay, Maestro): a Luhn-valid digit run outside them is more likely an id.
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|35|30[0-5]|36|38|62|50|5[6-8]|6[0-9])")
# Numbers after these words are versions or document sections ("Version 1.2.3.4", "§ 3.2.1.4"),
# which have the shape of an IPv4 address.
_NUMBERING_CUE = re.compile(
    r"(?i)(?:\b(?:versions?|ver|v|release|build|rev|revision|firmware|sections?|sect|sec|chapter|clause|"
    r"article|paragraph|figure|fig|table|kernel|framework|sdk|bios)\.?|§)[\s:#]{0,3}$"
)


def phone_ok(candidate: str, before: str = "", after: str = "") -> bool:
    """Plausible phone number: 9-15 digits (8 with an international ``+``), not a date, a list of
    years, a ZIP+4 code, a dotted quad or a number written with thousands separators. A run
    without any separator is a phone only with a ``+`` (10-15 digits), as a Chinese mobile
    number, or right after a label such as "Tel." in ``before`` (the text preceding it). Five
    or more groups need a country code or a leading 0, and a currency in ``after`` (the text
    following it) makes the number an amount.

    >>> phone_ok("+44 20 7946 0958"), phone_ok("(415) 555-0100"), phone_ok("2020-11-28"), phone_ok("1,234,567,890")
    (True, True, False, False)
    >>> phone_ok("2018-08-25 15"), phone_ok("17 18.11.2019"), phone_ok("9 10 11 12 13 14"), phone_ok("202-628-8500")
    (False, False, False, True)
    >>> phone_ok("+81-3-1234-5678"), phone_ok("1 234 567 890"), phone_ok("912 345 678"), phone_ok("90210-1234")
    (True, False, True, False)
    >>> phone_ok("+33612345678"), phone_ok("13812345678"), phone_ok("0301234567"), phone_ok("0301234567", "Tel.: ")
    (True, True, False, True)
    >>> phone_ok("02.123.45.67"), phone_ok("+1 415.555.0100"), phone_ok("52.5200 13.4050")
    (True, True, False)
    >>> phone_ok("01 23 45 67 89"), phone_ok("102 98 110 87 95 101"), phone_ok("+33 6 12 34 56 78")
    (True, False, True)
    >>> phone_ok("2019-0412-3381"), phone_ok("123 456 789", after=" EUR"), phone_ok("123 456 789", after=" today")
    (False, False, True)
    >>> phone_ok("06.12.34.56.78"), phone_ok("01.23.45.67.89"), phone_ok("123 456 789", "EUR "), phone_ok("0 306 40615", "ISBN 978 ")
    (True, True, False, False)
    """
    digits = sum(c.isdigit() for c in candidate)
    low = 8 if candidate.startswith("+") else 9
    if not low <= digits <= 15:
        return False
    if candidate.isdigit() or (candidate.startswith("+") and candidate[1:].isdigit()):
        return _bare_run_ok(candidate, before)
    if _DATE.search(candidate) or _ends_in_short_date(candidate) or _THOUSANDS.match(candidate) \
            or _SPACED_THOUSANDS.match(candidate):
        return False
    # An IPv4-shaped quad is never a phone, even where the IPv4 rule refused it ("Version 10.20.30.40").
    if (_DOTTED_QUAD.match(candidate) and _ipv4_ok(candidate)) or _ZIP_PLUS_4.match(candidate):
        return False
    # Phones written with dots use only dots ("415.555.0100"); "52.5200 13.4050" or
    # "0.1234 0.5678 0.9012" are decimals side by side.
    seps = set(_SEPARATOR.findall(candidate[_PHONE_PREFIX.match(candidate).end() :]))
    if "." in seps and len(seps) > 1:
        return False
    texts = re.findall(r"\d+", candidate)
    groups = [int(g) for g in texts]
    international = candidate.startswith(("+", "("))
    # A list of years ("2018 2020 2022") is not a phone number.
    if len(groups) >= 2 and all(1900 <= g <= 2099 for g in groups) and not candidate.startswith("+"):
        return False
    # Five or more groups without a country code are a national number only where the trunk
    # prefix 0 leads ("01 23 45 67 89", "06 12 34 56 78"); otherwise they are a row of a table
    # ("102 98 110 87 95 101", "12 34 56 78 90 12").
    if len(groups) >= 5 and not international and not texts[0].startswith("0"):
        return False
    # A year, a dash, and more is an order, case or invoice number ("2019-0412-3381").
    if not international and len(texts[0]) == 4 and 1900 <= groups[0] <= 2099 and candidate[4:5] == "-":
        return False
    # An amount followed by its currency is not a phone ("123 456 789 EUR"), nor one after it.
    if _AMOUNT_AFTER.match(after) or _NOT_PHONE_BEFORE.search(before):
        return False
    # A run of consecutive numbers is a calendar or a pager ("9 10 11 12 13 14"), not a phone.
    return not (len(groups) >= 3 and all(b - a == 1 for a, b in zip(groups, groups[1:])))


def _bare_run_ok(run: str, before: str) -> bool:
    """An unseparated digit run is usually an id, an amount or a timestamp; accept only the
    forms that are unambiguous phones. Round numbers ("+10000000000") are counts, not phones."""
    digits = run.lstrip("+")
    if digits.endswith("00000"):
        return False
    if run.startswith("+"):
        return 10 <= len(digits) <= 15
    return bool(_CN_MOBILE.match(digits) or _PHONE_CUE.search(before))


def _ipv4_ok(s: str, before: str = "") -> bool:
    """Octets of at most 255 without leading zeros (as ``ipaddress`` requires; "02.123.45.67" is
    a Belgian phone number), not after a word that introduces a version or section number.

    >>> _ipv4_ok("10.0.0.255"), _ipv4_ok("300.1.1.1"), _ipv4_ok("02.123.45.67"), _ipv4_ok("1.2.3.4", "Version ")
    (True, False, False, False)
    """
    parts = s.split(".")
    if any(int(p) > 255 or (len(p) > 1 and p[0] == "0") for p in parts):
        return False
    return not _NUMBERING_CUE.search(before)


def _ipv6_ok(s: str) -> bool:
    """Parses as IPv6 and looks like an address rather than a scoped name in code or a ratio: at
    least two non-empty groups, one of them 3+ characters long, a digit somewhere, and one
    letter case ("Face::Bad" and "ab::cd" are C++, "3::1" a ratio).

    >>> _ipv6_ok("fe80::1"), _ipv6_ok("2001:DB8::FF00:42"), _ipv6_ok("ab::cd"), _ipv6_ok("Face::Bad"), _ipv6_ok("::1")
    (True, True, False, False, False)
    >>> _ipv6_ok("3::1"), _ipv6_ok("A::B1"), _ipv6_ok("::ffff:192.0.2.1")
    (False, False, True)
    """
    groups = [g for g in s.split(":") if g]
    letters = [c for c in s if c.isalpha()]
    if len(groups) < 2 or max(len(g) for g in groups) < 3 or not any(c.isdigit() for c in s):
        return False
    if letters and not (all(c.islower() for c in letters) or all(c.isupper() for c in letters)):
        return False
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return True


def find_pii(text: str, kinds: tuple[str, ...] = ("email", "phone", "ipv4", "ipv6", "credit_card", "iban")) -> list[tuple[int, int, str]]:
    """Non-overlapping PII spans, sorted by start. When candidates overlap, the more specific
    kind wins (checksummed kinds first, phone numbers last).

    >>> text = "Mail jane.doe@example.org or call +44 20 7946 0958; card 4111 1111 1111 1111, ip 192.168.0.1"
    >>> [(text[a:b], k) for a, b, k in find_pii(text)]
    [('jane.doe@example.org', 'email'), ('+44 20 7946 0958', 'phone'), ('4111 1111 1111 1111', 'credit_card'), ('192.168.0.1', 'ipv4')]
    >>> find_pii("version 1.2.3.4000 and card 4111 1111 1111 1112")
    []
    >>> [k for _, _, k in find_pii("IBAN GB82 WEST 1234 5698 7654 32, host 2001:db8::ff00:42:8329")]
    ['iban', 'ipv6']
    """
    found: list[tuple[int, int, str]] = []
    wanted = set(kinds)
    if "email" in wanted:
        found += [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    if "iban" in wanted:
        found += [(m.start(), end, "iban") for m in IBAN.finditer(text) if (end := _iban_end(m)) is not None]
    if "credit_card" in wanted:
        for m in CARD.finditer(text):
            digits = re.sub(r"[ -]", "", m.group())
            if 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) and luhn_ok(digits):
                found.append((m.start(), m.end(), "credit_card"))
    if "ipv4" in wanted:
        found += [
            (m.start(), m.end(), "ipv4")
            for m in IPV4.finditer(text)
            if _ipv4_ok(m.group(), text[max(0, m.start() - 16) : m.start()])
        ]
    if "ipv6" in wanted:
        found += [(m.start(), m.end(), "ipv6") for m in IPV6.finditer(text) if _ipv6_ok(m.group())]
    if "phone" in wanted:
        found += [
            (m.start(), m.end(), "phone")
            for m in PHONE.finditer(text)
            if phone_ok(m.group(), text[max(0, m.start() - 16) : m.start()], text[m.end() : m.end() + 12])
        ]
    # Earlier kinds in this list are more specific; keep the first span that claims a character.
    # IPv6 comes before IPv4 so that "::ffff:192.0.2.1" is one address, not an IPv4 inside it.
    order = {"email": 0, "iban": 1, "credit_card": 2, "ipv6": 3, "ipv4": 4, "phone": 5}
    found.sort(key=lambda s: (order[s[2]], s[0]))
    # One flag per character: checking a span costs its length, not the number of spans taken
    # (comparing with every taken span was quadratic on text full of number groups).
    claimed = bytearray(len(text))
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if claimed.find(1, start, end) == -1:
            claimed[start:end] = b"\x01" * (end - start)
            taken.append((start, end, kind))
    return sorted(taken)


def redact_spans(
    text: str, spans: list[tuple[int, int, str]], template: str = "<{kind}>", kinds: tuple[str, ...] | None = None
) -> tuple[str, list[tuple[int, int, str]]]:
    """Replace each span whose kind is in ``kinds`` (all when None) by a typed placeholder, and
    return the new text with every span moved into it: a replaced span now covers its
    placeholder, any other span the same characters as before. Overlapping spans after the
    first are dropped, since their characters are gone.

    >>> out, moved = redact_spans("a@b.org, c@d.org or 10.0.0.1", [(0, 7, "email"), (9, 16, "email"), (20, 28, "ipv4")], kinds=("email",))
    >>> out, moved
    ('<EMAIL>, <EMAIL> or 10.0.0.1', [(0, 7, 'email'), (9, 16, 'email'), (20, 28, 'ipv4')])
    >>> out, moved = redact_spans("mail jane.doe@example.org, ip 10.0.0.1", [(5, 25, "email"), (30, 38, "ipv4")])
    >>> out, [out[a:b] for a, b, _ in moved]
    ('mail <EMAIL>, ip <IPV4>', ['<EMAIL>', '<IPV4>'])
    """
    out: list[str] = []
    moved: list[tuple[int, int, str]] = []
    pos = length = 0  # pos: offset in ``text``; length: characters written so far
    for start, end, kind in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        length += start - pos
        piece = template.format(kind=kind.upper()) if kinds is None or kind in kinds else text[start:end]
        out.append(piece)
        moved.append((length, length + len(piece), kind))
        length += len(piece)
        pos = end
    out.append(text[pos:])
    return "".join(out), moved


def redact(text: str, spans: list[tuple[int, int, str]], template: str = "<{kind}>") -> str:
    """Replace each span by a typed placeholder.

    >>> redact("write to a@b.org now", [(9, 16, "email")])
    'write to <EMAIL> now'
    """
    return redact_spans(text, spans, template)[0]
