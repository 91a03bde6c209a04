from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

NAV = ["Home", "World", "Business", "Sport", "Culture", "Contact us"]

ARTICLE_EN = [
    "City council approves new cycling lanes after long debate",
    "The city council voted on Tuesday to build twelve kilometres of protected cycling lanes, ending a debate that had run for more than two years.",
    "Supporters said the lanes would make the streets safer for children, while some shop owners worried that the loss of parking would hurt their business.",
    "The mayor said the work would start in the spring and that the first section, along the river, should be open before the summer holidays.",
    "A survey carried out by the council last year found that most residents would cycle more often if they felt safer on the roads.",
]

FOOTER = [
    "Share on Facebook",
    "Share on Twitter",
    "About Jane Miller",
    "Jane has covered local politics for the paper since 2009 and likes long walks with her dog on the weekends.",
    "Related posts",
    "Council budget delayed again …",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "© 2024 Example News. All rights reserved.",
]

ARTICLE_DE = [
    "Der Stadtrat hat am Dienstag beschlossen, zwölf Kilometer neue Radwege zu bauen, nachdem die Debatte mehr als zwei Jahre gedauert hatte.",
    "Die Befürworter sagen, dass die Straßen dadurch für Kinder sicherer werden, während einige Ladenbesitzer sich über die fehlenden Parkplätze beklagen.",
    "Der Bürgermeister kündigte an, dass die Arbeiten im Frühjahr beginnen und der erste Abschnitt am Fluss noch vor den Sommerferien fertig sein soll.",
]


def page(*parts: list[str]) -> str:
    """A page text with a blank line between lines, as html renderers write blocks."""
    return "\n\n".join(line for part in parts for line in part)


@pytest.fixture
def english_page() -> str:
    return "\n".join(NAV) + "\n\n" + page(ARTICLE_EN, FOOTER)


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED
