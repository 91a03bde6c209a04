"""Personally identifiable information: find spans, optionally replace them by typed placeholders.

Regexes find candidates; checksums remove false positives where the format has one: credit card
numbers must pass Luhn, IBANs must pass ISO 13616 mod-97, IPv4 octets must be <= 255 and IPv6
candidates must parse with ``ipaddress``. Spans are ``(start, end, kind)`` with character offsets.
"""

from __future__ import annotations

import ipaddress
import re

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b")
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ .-]?|(?=\())?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){1,5}(?![\w])"
)
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
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


def iban_ok(candidate: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 == 1.

    >>> iban_ok("GB82 WEST 1234 5698 7654 32"), iban_ok("GB82 WEST 1234 5698 7654 33")
    (True, False)
    """
    s = candidate.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


_DATE = re.compile(r"(?:^|\D)(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2}$))(?:\D|$)")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
# Issuer prefixes of the card networks in wide use (Visa, Mastercard, Amex, Discover, JCB,
# Diners, UnionPay, Maestro): a Luhn-valid digit run outside them is more likely an id.
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|35|30[0-5]|36|38|62|50|5[6-8]|6[0-9])")


def phone_ok(candidate: str) -> bool:
    """Plausible phone number: 9-15 digits (8 with an international ``+``), not a date and not
    a number written with thousands separators.

    >>> phone_ok("+44 20 7946 0958"), phone_ok("(415) 555-0100"), phone_ok("2020-11-28"), phone_ok("1,234,567,890")
    (True, True, False, False)
    >>> phone_ok("2018-08-25 15"), phone_ok("17 18.11.2019"), phone_ok("9 10 11 12 13 14"), phone_ok("202-628-8500")
    (False, False, False, True)
    """
    digits = sum(c.isdigit() for c in candidate)
    low = 8 if candidate.startswith("+") else 9
    if not low <= digits <= 15:
        return False
    if _DATE.search(candidate) or _THOUSANDS.match(candidate):
        return False
    # A run of consecutive numbers is a calendar or a pager ("9 10 11 12 13 14"), not a phone.
    groups = [int(g) for g in re.findall(r"\d+", candidate)]
    return not (len(groups) >= 3 and all(b - a == 1 for a, b in zip(groups, groups[1:])))


def _ipv4_ok(s: str) -> bool:
    return all(int(part) <= 255 for part in s.split("."))


def _ipv6_ok(s: str) -> bool:
    if s.count(":") < 2 or not any(c.isdigit() or c.isalpha() for c in s):
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
        found += [(m.start(), m.end(), "iban") for m in IBAN.finditer(text) if iban_ok(m.group())]
    if "credit_card" in wanted:
        for m in CARD.finditer(text):
            digits = re.sub(r"[ -]", "", m.group())
            if 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) and luhn_ok(digits):
                found.append((m.start(), m.end(), "credit_card"))
    if "ipv4" in wanted:
        found += [(m.start(), m.end(), "ipv4") for m in IPV4.finditer(text) if _ipv4_ok(m.group())]
    if "ipv6" in wanted:
        found += [(m.start(), m.end(), "ipv6") for m in IPV6.finditer(text) if _ipv6_ok(m.group())]
    if "phone" in wanted:
        found += [(m.start(), m.end(), "phone") for m in PHONE.finditer(text) if phone_ok(m.group())]
    # Earlier kinds in this list are more specific; keep the first span that claims a character.
    order = {"email": 0, "iban": 1, "credit_card": 2, "ipv4": 3, "ipv6": 4, "phone": 5}
    found.sort(key=lambda s: (order[s[2]], s[0]))
    taken: list[tuple[int, int, str]] = []
    for span in found:
        if all(span[1] <= a or span[0] >= b for a, b, _ in taken):
            taken.append(span)
    return sorted(taken)


def redact(text: str, spans: list[tuple[int, int, str]], template: str = "<{kind}>") -> str:
    """Replace each span by a typed placeholder.

    >>> redact("write to a@b.org now", [(9, 16, "email")])
    'write to <EMAIL> now'
    """
    out, pos = [], 0
    for start, end, kind in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(template.format(kind=kind.upper()))
        pos = end
    out.append(text[pos:])
    return "".join(out)
