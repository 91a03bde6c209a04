"""Sentence punctuation beyond Latin and CJK: a script whose full stop the line features do not
count makes every line of an article look like an unpunctuated menu item (an Urdu article lost
all of its lines before "۔" was counted). The pages below were written for these tests."""

from __future__ import annotations

import pytest

from tamis.extract.features.chars import char_counts, code_points, line_endings
from tamis.extract.text import clean_text

URDU = [
    "شہر کی بلدیہ نے منگل کے روز اعلان کیا کہ پرانے پل کی مرمت اگلے مہینے شروع ہوگی۔ حکام کے مطابق اس کام پر"
    " تین ماہ لگیں گے اور اس دوران ٹریفک کو متبادل راستوں سے گزارا جائے گا۔",
    "مقامی تاجروں نے اس فیصلے کا خیر مقدم کیا، تاہم ان کا کہنا تھا کہ مرمت کے دوران دکانوں تک رسائی مشکل ہو"
    " جائے گی۔ ایک دکاندار نے بتایا کہ پچھلے سال بھی سڑک بند ہونے سے ان کی آمدنی کم ہو گئی تھی۔",
    "بلدیہ کے ترجمان نے کہا کہ شہریوں کی سہولت کے لیے رات کے وقت کام کیا جائے گا۔ انہوں نے امید ظاہر کی کہ"
    " پل کی مرمت کے بعد شہر میں آمد و رفت بہتر ہو جائے گی۔",
]
HINDI = [
    "नगर निगम ने मंगलवार को घोषणा की कि पुराने पुल की मरम्मत अगले महीने शुरू होगी। अधिकारियों के अनुसार इस"
    " काम में तीन महीने लगेंगे और इस दौरान यातायात को दूसरे रास्तों से भेजा जाएगा।",
    "स्थानीय व्यापारियों ने इस फैसले का स्वागत किया, लेकिन उनका कहना था कि मरम्मत के दौरान दुकानों तक पहुँचना"
    " कठिन हो जाएगा। एक दुकानदार ने बताया कि पिछले साल भी सड़क बंद होने से उनकी आमदनी घट गई थी।",
    "निगम के प्रवक्ता ने कहा कि लोगों की सुविधा के लिए काम रात में किया जाएगा। उन्होंने उम्मीद जताई कि पुल की"
    " मरम्मत के बाद शहर में आवाजाही बेहतर हो जाएगी।",
]
MENU = ["Home", "News", "Sport", "Contact"]
FOOTER = ["Share this article", "Facebook Twitter Email", "© 2024 Example Media. All rights reserved."]


@pytest.mark.parametrize("mark", ["۔", "।", "॥", "։", "؟", "።", "။"])
def test_sentence_ends_of_other_scripts_end_a_sentence(mark: str) -> None:
    sentence, colon, ellipsis = line_endings(code_points([f"word word{mark}", f"word word{mark}»", "word word"]))
    assert sentence.tolist() == [True, True, False]
    assert not colon.any() and not ellipsis.any()


def test_arabic_and_indic_clause_marks_count_as_punctuation() -> None:
    counts = char_counts(["الف، ب؛ ج۔", "क, ख। ग॥", "plain words"])
    assert counts["punct"].tolist() == [3, 3, 0]


@pytest.mark.parametrize("paragraphs", [URDU, HINDI], ids=["urdu", "hindi"])
def test_an_article_in_urdu_or_hindi_keeps_its_paragraphs(paragraphs: list[str]) -> None:
    page = "\n".join(MENU + [""] + "\n\n".join(paragraphs).split("\n") + [""] + FOOTER)
    kept = clean_text(page).split("\n")
    assert all(p in kept for p in paragraphs)
    assert not set(MENU + FOOTER) & set(kept)
