"""International phone formats, sentence-final IPv4, version numbers and C++ scopes: what the
PII finder must take and what it must leave, and redaction offsets that match the output."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.document import Document
from tamis.quality.pii import find_pii, redact_spans
from tamis.quality.steps import PiiRedact, PiiRedactConfig


def found(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], k) for a, b, k in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Tel. 030 1234567", "030 1234567"),
        ("Zentrale: +49 (0)30 12345678.", "+49 (0)30 12345678"),
        ("mobil 0171/1234567", "0171/1234567"),
        ("appelez le +33612345678", "+33612345678"),
        ("ring 07700 900123 now", "07700 900123"),
        ("call +91 98765 43210", "+91 98765 43210"),
        ("北京 010-12345678", "010-12345678"),
        ("手机 13812345678", "13812345678"),
        ("Tokyo office +81-3-1234-5678", "+81-3-1234-5678"),
        ("Telefon: 0301234567", "0301234567"),
        ("+44 7700 900123", "+44 7700 900123"),
        ("Madrid 912 345 678", "912 345 678"),
        ("São Paulo +55 11 91234-5678", "+55 11 91234-5678"),
        ("Fax +49 30 1234567-89", "+49 30 1234567-89"),
        ("Bruxelles 02.123.45.67", "02.123.45.67"),
        ("Paris 01 23 45 67 89", "01 23 45 67 89"),
        ("Amsterdam 06 12 34 56 78", "06 12 34 56 78"),
        ("Lyon +33 6 12 34 56 78", "+33 6 12 34 56 78"),
    ],
)
def test_international_phone_formats(text, number):
    assert found(text) == [(number, "phone")]


@pytest.mark.parametrize(
    "text",
    [
        "a population of 1 234 567 890 people",
        "dated 2019-11-18, signed 18.11.2019",
        "it costs 1,234.56 euros",
        "ISBN 978-3-16-148410-0 and ISBN 0-306-40615-2",
        "ISBN 9783161484100",
        "ISBN 3-16-148410-X",
        "Version 1.2.3.4 released",
        "see section 3.2.1.4 below",
        "see § 3.2.1.4 below",
        "v1.2.3.4 is out",
        "in 1999, 2004 and 2021",
        "seasons 2018 2020 2022",
        "zip 10115 Berlin",
        "Beverly Hills, CA 90210-1234",
        "order 123456789012 shipped",
        "order id 20191118123456",
        "pi is 3.14159265 roughly",
        "+25000000000 views",
        "use ab::cd and Face::Bad in C++",
        "std::vector and Foo::Bar::baz",
        "x 1.2.3.4.5 y",
        "located at 52.5200 13.4050",
        "weights 0.1234 0.5678 0.9012",
        "won 3::1, then 12::30 and A::B1",
        "Version 192.168.100.200",
        "reverse 1.2.3.4.in-addr.arpa",
        "Scores: 102 98 110 87 95 101",
        "Results 12 34 56 78 90 12 34",
        "Order no. 2019-0412-3381 shipped",
        "Revenue: 123 456 789 EUR",
        "a budget of 912 345 678 €",
    ],
)
def test_lookalikes_stay_out(text):
    assert find_pii(text) == []


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("Our DNS server is 8.8.8.8.", "8.8.8.8"),
        ("gateway 203.0.113.7.", "203.0.113.7"),
        ("was it 192.0.2.1? yes", "192.0.2.1"),
        ("first 10.0.0.1. Then more.", "10.0.0.1"),
    ],
)
def test_ipv4_at_the_end_of_a_sentence(text, ip):
    assert found(text) == [(ip, "ipv4")]


def test_ipv6_forms():
    assert found("link fe80::1 up") == [("fe80::1", "ipv6")]
    assert found("mapped ::ffff:192.0.2.128 here") == [("::ffff:192.0.2.128", "ipv6")]
    assert found("DOC 2001:DB8::FF00:42:8329.") == [("2001:DB8::FF00:42:8329", "ipv6")]


TEXTS = [
    "Mail jane.doe@example.org or call +44 20 7946 0958; card 4111 1111 1111 1111, ip 192.168.0.1.",
    "IBAN GB82 WEST 1234 5698 7654 32, host 2001:db8::ff00:42:8329 and +49 (0)30 12345678",
    "a@b.co b@c.co 8.8.8.8. 13812345678",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("template", ["<{kind}>", "[{kind} removed]", "{kind}"])
def test_redacted_spans_point_at_placeholders(text, template):
    spans = find_pii(text)
    out, moved = redact_spans(text, spans, template)
    assert [k for _, _, k in moved] == [k for _, _, k in spans]
    for start, end, kind in moved:
        assert out[start:end] == template.format(kind=kind.upper())


def _redact_step(text: str, metadata: dict, **config) -> Document:
    doc = Document("d", text, metadata=metadata) if metadata else Document("d", text)
    PiiRedact(PiiRedactConfig(**config)).transform(doc)
    return doc


def test_step_rewrites_spans_to_the_output_text():
    text = TEXTS[0]
    doc = _redact_step(text, {"pii": {"spans": [list(s) for s in find_pii(text)], "counts": {}}})
    pii = doc.metadata["pii"]
    assert pii["spans"] and pii["redacted"] == pii["counts"]
    for start, end, kind in pii["spans"]:
        assert doc.text[start:end] == f"<{kind.upper()}>"


def test_step_moves_spans_of_kinds_it_keeps():
    text = "x@example.org wrote from 10.1.2.3 and y@example.org from 10.9.8.7."
    doc = _redact_step(text, {"pii": {"spans": [list(s) for s in find_pii(text)]}}, kinds=("email",))
    assert doc.text == "<EMAIL> wrote from 10.1.2.3 and <EMAIL> from 10.9.8.7."
    got = [(doc.text[a:b], k) for a, b, k in doc.metadata["pii"]["spans"]]
    assert got == [("<EMAIL>", "email"), ("10.1.2.3", "ipv4"), ("<EMAIL>", "email"), ("10.9.8.7", "ipv4")]


def test_step_without_labeller_records_placeholder_spans():
    doc = _redact_step("ip 8.8.8.8.", {})
    assert doc.text == "ip <IPV4>."
    assert doc.metadata["pii"] == {"spans": [[3, 9, "ipv4"]], "redacted": {"ipv4": 1}}


PIECES = st.sampled_from([
    "jane@example.org", "+44 20 7946 0958", "030 1234567", "8.8.8.8.", "4111 1111 1111 1111",
    "fe80::1", "GB82 WEST 1234 5698 7654 32", "1.2.3.4.5", "Face::Bad", " ", ". ", "\n", "word", "2019-11-18",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join), st.sampled_from(["<{kind}>", "#{kind}#"]))
def test_any_mix_redacts_to_matching_spans(text, template):
    spans = find_pii(text)
    assert all(a < b <= c for (a, b, _), (c, _, _) in zip(spans, spans[1:]))
    out, moved = redact_spans(text, spans, template)
    for start, end, kind in moved:
        assert out[start:end] == template.format(kind=kind.upper())
    # What is not a span is copied unchanged.
    assert len(out) - sum(b - a for a, b, _ in moved) == len(text) - sum(b - a for a, b, _ in spans)


# Besides regex backtracking, text made only of PII-like groups once made the overlap check
# quadratic in the number of candidates ("12345 " * n, cards, phones with extensions).
@pytest.mark.parametrize(
    "unit",
    ["1 ", "12-", "1.", "123456789", "a:", "+1", "0171/", "1.2.3.4.", "12345 ", "+1 (2)3-45678-90 ",
     "4111 1111 1111 1111 ", "fe80::1 ", "a@b.co "],
)
def test_phone_and_ip_regexes_stay_linear(unit):
    def cost(n: int) -> float:
        text = unit * (n // len(unit))
        start = time.process_time()
        find_pii(text)
        return time.process_time() - start

    cost(20_000)
    small, big = cost(20_000), cost(200_000)
    assert big < max(25 * small, 0.5)


def test_redacting_some_kinds_keeps_the_precedence_of_all():
    # phones only: the IBAN's digit groups are still the IBAN's, left as they are and recorded
    text = "Pay to IBAN GB82 WEST 1234 5698 7654 32 today, or call +44 20 7946 0958."
    doc = _redact_step(text, {"pii": {"spans": [list(s) for s in find_pii(text)]}}, kinds=("phone",))
    assert doc.text == "Pay to IBAN GB82 WEST 1234 5698 7654 32 today, or call <PHONE>."
    got = [(doc.text[a:b], k) for a, b, k in doc.metadata["pii"]["spans"]]
    assert got == [("GB82 WEST 1234 5698 7654 32", "iban"), ("<PHONE>", "phone")]


def test_redacting_some_kinds_is_linear_in_the_spans():
    # each kept span was compared with every redacted one: 8,000 of each took 2.9 s
    def seconds(n: int) -> float:
        text = " ".join(f"u{i}@ex.com 10.0.{i // 250}.{i % 250}" for i in range(n))
        meta = {"pii": {"spans": [list(s) for s in find_pii(text)]}}
        start = time.process_time()
        _redact_step(text, meta, kinds=("email",))
        return time.process_time() - start

    small = max(seconds(1_000), 0.005)
    assert seconds(10_000) < 25 * small + 0.5
