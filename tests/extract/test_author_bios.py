"""An author's bio under "About <name>" in other languages ("Sobre ...", "Über ...") after the article."""

from __future__ import annotations

from tests.extract.conftest import ARTICLE_DE, NAV, page

from tamis.extract import clean_text


def test_an_author_bio_under_about_and_a_name_in_other_languages_is_dropped() -> None:
    article_pt = [
        "A prefeitura aprovou na terça-feira a construção de doze quilômetros de ciclovias protegidas, depois de dois anos de debate.",
        "Os defensores dizem que as ruas ficarão mais seguras para as crianças, enquanto alguns comerciantes temem perder as vagas.",
        "O prefeito afirmou que as obras começam na primavera e que o primeiro trecho, ao longo do rio, fica pronto antes das férias.",
    ]
    for article, header, bio in [
        (article_pt, "Sobre Carla Mendes",
         "Mãe de dois filhos e professora há vinte anos, Carla Mendes escreve sobre educação e cidade para o jornal desde 2015."),
        (ARTICLE_DE, "Über Jonas Keller",
         "Jonas Keller ist Redakteur im Lokalressort und schreibt seit 2012 über Verkehr, Stadtplanung und den Wohnungsmarkt."),
    ]:
        text = page(NAV, article, [header, bio, "Facebook", "Twitter"])
        out = clean_text(text)
        for line in article:
            assert line in out, line
        assert bio not in out
