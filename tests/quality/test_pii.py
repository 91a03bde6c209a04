from __future__ import annotations

import pytest

from tamis.quality.pii import find_pii, iban_ok, luhn_ok, redact


def kinds(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], k) for a, b, k in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me: first.last+tag@sub.example.co.uk.", [("first.last+tag@sub.example.co.uk", "email")]),
        ("call (415) 555-0100 today", [("(415) 555-0100", "phone")]),
        ("tel +33 1 42 68 53 00", [("+33 1 42 68 53 00", "phone")]),
        ("server 10.0.0.255 down", [("10.0.0.255", "ipv4")]),
        ("v6 fe80::1ff:fe23:4567:890a here", [("fe80::1ff:fe23:4567:890a", "ipv6")]),
        ("amex 3782 822463 10005", [("3782 822463 10005", "credit_card")]),
        ("IBAN DE89 3704 0044 0532 0130 00.", [("DE89 3704 0044 0532 0130 00", "iban")]),
    ],
)
def test_finds_each_kind(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "published 2020-11-28 and 28.11.2020",
        "the population was 1,234,567,890 in total",
        "at 12:30:45 the bell rang",
        "address 300.1.1.1 is not valid",
        "order number 1234 5678 9012 3456 (fails Luhn)",
        "IBAN DE89 3704 0044 0532 0130 01 (bad checksum)",
        "id 9999999999999995 is not a card prefix",
        "call 555-0100",
    ],
)
def test_rejects_lookalikes(text):
    assert find_pii(text) == []


def test_redaction_is_typed_and_preserves_the_rest():
    text = "Ann <ann@example.com>, +1 212 555 0199"
    out = redact(text, find_pii(text))
    assert out == "Ann <<EMAIL>>, <PHONE>"


def test_checksums():
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")
    assert iban_ok("FR14 2004 1010 0505 0001 3M02 606") and not iban_ok("FR14 2004 1010 0505 0001 3M02 607")
