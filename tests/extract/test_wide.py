"""Text browsers wrap Chinese, Japanese and Korean paragraphs by terminal columns, breaking
inside words; ``reflow`` joins them back without inventing spaces (``wide.py``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract.conftest import ARTICLE_EN, FOOTER, NAV

from tamis.extract import clean_text
from tamis.extract.layout import reflow
from tamis.extract.wide import display_width, unwrap_wide, wide_wrap_width

JA = [
    "市の図書館は来月から開館時間を延長し、平日は午後九時まで利用できるようになると発表した。仕事帰りの利用者からの要望が多かったためだという。",
    "図書館によると、昨年度の来館者数は前年より一割ほど増えたが、夕方以降に閉館してしまうため、学生や会社員が本を借りにくいという声が寄せられていた。",
    "延長に合わせて職員を三人増やし、夜間は自習室も開放する。館長は「地域の人たちが気軽に立ち寄れる場所にしたい」と話している。",
    "また、来年の春には子ども向けの読み聞かせ会を毎週土曜日に開く予定で、ボランティアの募集もすでに始まっている。",
]
ZH = [
    "本市今年秋季的农产品收成比去年增加了一成以上，其中苹果和梨的产量创下近十年来的新高。农业部门表示，这主要得益于今年雨水充足。",
    "不少果农说，今年的价格也比较稳定，收购商早在九月就来到村里订货。一位种了二十年苹果的农民说，这是他记忆中最好的一年。",
    "不过，专家提醒，丰收之后更要注意储存和运输，否则容易造成浪费。市里计划明年再建两座冷库，帮助农户延长销售时间。",
]
KO = [
    "시립 도서관이 다음 달부터 평일 운영 시간을 밤 아홉 시까지 연장한다고 밝혔다. 퇴근 후에 책을 빌리고 싶다는 시민들의 요청이 많았기 때문이다.",
    "도서관 측은 지난해 방문객이 전년보다 약 십 퍼센트 늘었지만 저녁에 일찍 문을 닫아 학생과 직장인이 이용하기 어렵다는 의견이 계속 나왔다고 설명했다.",
    "운영 시간 연장에 맞춰 직원 세 명을 새로 채용하고 밤에는 자습실도 개방할 예정이다. 관장은 주민들이 편하게 들를 수 있는 공간을 만들고 싶다고 말했다.",
]


def _wrap_anywhere(paragraph: str, width: int) -> list[str]:
    """Cut ``paragraph`` into lines of at most ``width`` columns at any character, as w3m does."""
    lines, line = [], ""
    for ch in paragraph:
        if display_width(line + ch) > width:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return lines + [line] if line else lines


def _wrap_at_spaces(paragraph: str, width: int) -> list[str]:
    """Cut ``paragraph`` into lines of at most ``width`` columns at spaces, as lynx does for Korean."""
    lines, line = [], ""
    for word in paragraph.split(" "):
        if line and display_width(line + " " + word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line]


def _page(paragraphs: list[str], wrap) -> str:
    body = "\n\n".join("\n".join(wrap(p)) for p in paragraphs)
    return "\n".join(NAV) + "\n\n" + body + "\n\n" + "\n".join(FOOTER)


def test_japanese_and_chinese_wrapped_anywhere_are_joined_without_spaces() -> None:
    for paragraphs, width in ((JA, 80), (ZH, 60)):
        text = _page(paragraphs, lambda p: _wrap_anywhere(p, width))
        assert any(display_width(line) in (width - 1, width) for line in text.splitlines())
        assert wide_wrap_width(text, text.splitlines()) == width
        lines = reflow(text).splitlines()
        for paragraph in paragraphs:
            assert paragraph in lines
        assert NAV[0] in lines and FOOTER[0] in lines  # the Latin furniture keeps its lines


def test_a_wrapped_page_is_cleaned_as_the_same_page_unwrapped() -> None:
    for paragraphs, width in ((JA, 72), (ZH, 60)):
        wrapped = clean_text(_page(paragraphs, lambda p: _wrap_anywhere(p, width)))
        assert wrapped == clean_text(_page(paragraphs, lambda p: [p]))
        assert wrapped and NAV[0] not in wrapped.splitlines()


def test_korean_is_joined_with_spaces() -> None:
    # lynx breaks Korean at spaces: the joined paragraph is the original one
    lines = reflow(_page(KO, lambda p: _wrap_at_spaces(p, 60))).splitlines()
    for paragraph in KO:
        assert paragraph in lines
    # w3m breaks it anywhere: every paragraph is one line again, with no character lost
    lines = reflow(_page(KO, lambda p: _wrap_anywhere(p, 60))).splitlines()
    for paragraph in KO:
        assert [line for line in lines if line.replace(" ", "") == paragraph.replace(" ", "")]


def test_unwrapped_text_is_left_alone() -> None:
    # one paragraph per line, as html-text, inscriptis and WET files give it
    text = "\n".join(NAV) + "\n\n" + "\n\n".join(JA + ZH + KO) + "\n\n" + "\n".join(FOOTER)
    assert wide_wrap_width(text, text.splitlines()) is None
    assert reflow(text) == text
    # Latin text, wrapped or not, is not this module's (``layout.unwrap``'s)
    english = "\n".join(ARTICLE_EN)
    assert wide_wrap_width(english, english.splitlines()) is None
    # a short list of wide lines is no evidence of wrapping
    items = [JA[0][:39], JA[1][:39], JA[2][:30]]
    assert wide_wrap_width("\n".join(items), items) is None


def test_list_items_are_not_joined_to_a_wrapped_line() -> None:
    lines = _wrap_anywhere(JA[0], 60) + ["・次の項目です", "* もう一つの項目", "1. 三つ目の項目"]
    out = unwrap_wide(lines, 60)
    assert out[0] == JA[0] and out[1:] == ["・次の項目です", "* もう一つの項目", "1. 三つ目の項目"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="日本語の文章です。カタカナひらがな漢字abc 한국어", min_size=1, max_size=300), min_size=1, max_size=8),
       st.integers(min_value=40, max_value=120))
def test_unwrapping_only_removes_line_breaks(paragraphs: list[str], width: int) -> None:
    lines = [line for p in paragraphs for line in _wrap_anywhere(p, width) + [""]]
    out = unwrap_wide(lines, width)
    assert "".join("".join(out).split()) == "".join("".join(lines).split())
    assert len(out) <= len(lines)


def test_a_list_of_headlines_is_not_taken_for_wrapped_text() -> None:
    # one headline per line, no blank lines, of like length (as html-text or a WET file gives a
    # related-news box): no wrap width, and no line is joined to the next
    zh = ["相关新闻", "市区新建三座公园预计明年春天开放", "地铁五号线延长工程进入最后阶段", "本市今年空气质量明显好于去年",
          "老城区改造计划征求居民意见", "图书馆夜间开放时间延长至十点", "中小学暑假安排公布", "城北菜市场完成升级改造",
          "公交线路调整方便市民出行"]
    ko = ["관련 기사", "시립 도서관 야간 운영 시간 연장 결정", "도심 공원 세 곳 내년 봄 개장 예정", "지하철 5호선 연장 공사 마무리 단계",
          "올해 대기 질 지난해보다 크게 개선", "구도심 재개발 계획 주민 의견 수렴", "여름방학 일정 발표", "시장 현대화 사업 완료"]
    for lines in (zh, ko, zh * 4, [f"{k} {ko[k % len(ko)]}" for k in range(30)]):
        text = "\n".join(lines)
        assert wide_wrap_width(text, lines) is None
        assert reflow(text) == text
