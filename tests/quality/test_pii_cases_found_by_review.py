"""PII cases a review found wrong: IBANs followed by another word, French dotted phone numbers,
numbers after a currency or an ISBN label, and a kernel version taken for an IPv4 address."""

from __future__ import annotations

import pytest

from tamis.quality.pii import find_pii, redact


@pytest.mark.parametrize("text, expected", [
    # an IBAN whose length is a multiple of four took the next word into its last group and
    # failed the checksum: missed, or its digits redacted as a phone number ("BE68 <PHONE>")
    ("IBAN: AT61 1904 3002 3457 3201 BIC: BKAUATWW", "IBAN: <IBAN> BIC: BKAUATWW"),
    ("IBAN: BE68 5390 0754 7034 BIC: GKCCBEBB", "IBAN: <IBAN> BIC: GKCCBEBB"),
    ("Konto AT61 1904 3002 3457 3201 2024 eröffnet", "Konto <IBAN> 2024 eröffnet"),
    ("IBAN AT611904300234573201 BIC BKAUATWW", "IBAN <IBAN> BIC BKAUATWW"),
    # "34.56.78" at the end read as a date
    ("appelez 06.12.34.56.78", "appelez <PHONE>"),
    ("Tel 04.72.10.20.30 ou 06 12 34 56 78", "Tel <PHONE> ou <PHONE>"),
    ("EUR 123 456 789", "EUR 123 456 789"),
    ("ISBN 978 0 306 40615 7", "ISBN 978 0 306 40615 7"),
    ("Kernel 5.15.0.91 and .NET Framework 4.8.1.0", "Kernel 5.15.0.91 and .NET Framework 4.8.1.0"),
    # what must still be found, and what must not be
    ("on 17.11.2019 call +44 20 7946 0958 or 10.0.0.1", "on 17.11.2019 call <PHONE> or <IPV4>"),
    ("Server at 10.0.19.45 and patch 192.168.1.1, driver 192.168.0.12", "Server at <IPV4> and patch <IPV4>, driver <IPV4>"),
    ("Phone 555-12-05-2023", "Phone 555-12-05-2023"),  # a date after a number
    # the French form with a country code or dashes ended in a "date" too
    ("Tél : +33 6.12.34.56.78, Tel 06-12-34-56-78", "Tél : <PHONE>, Tel <PHONE>"),
    # an IBAN of a country registered since 2020, with a year after it
    ("Pay to IBAN MN12 1234 1234 5678 9123 2024 thanks", "Pay to IBAN <IBAN> 2024 thanks"),
])
def test_redaction(text: str, expected: str) -> None:
    assert redact(text, find_pii(text)) == expected


def _with_check_digits(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def test_an_iban_has_its_country_s_length() -> None:
    from tamis.quality.pii import iban_ok

    assert iban_ok(_with_check_digits("DE", "370400440532013000"))  # 22 characters, as Germany's are
    assert not iban_ok(_with_check_digits("DE", "3704004405320130"))  # checksum right, 20 characters


@pytest.mark.parametrize("text", ["Closed 05/12/24-06/12/24 for works", "Dates 01-02-24/03-04-24", "Kurs 04.03.24.05.03.24",
                                  "Event 03/30-04/02/24.", "12.05.24-12.06.24-12.07.24"])
def test_ranges_of_short_dates_are_no_phones(text: str) -> None:
    assert find_pii(text) == []


@pytest.mark.parametrize("text", ["Fon 06221/12-34-56", "Tel. +49 (0)711/12-34-56", "Tel. 0049-711-12-34-56-78",
                                  "Tel +33-6-12-34-56-78", "Tel +212-5-22-12-34-56"])
def test_numbers_whose_last_groups_read_as_a_date_are_found(text: str) -> None:
    # an area code and a slash, or a 00 prefix and six groups: the tail was taken for a date
    assert [k for _, _, k in find_pii(text)] == ["phone"]
