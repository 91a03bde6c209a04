"""The whole-page feature passes agree with a plain per-line computation of the same things.

``line_features`` maps regex matches and token counts back to lines by offsets; an off-by-one
there would shift evidence onto a neighbouring line without any error, so it is checked against
the obvious per-line code on arbitrary text.
"""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.extract.features.lines import _DATE_RE, _URLISH_RE, BASE_FEATURES, line_features, prose_lines, stop_ratios
from tamis.extract.features.segments import Segments
from tamis.extract.features.tokens import feature_word_re
from tamis.extract.features import lexicon, phrases
from tamis.extract.features.lexicon import lexicon_groups, match_lexicon

STOP = frozenset({"the", "and", "of", "der", "die", "и"})
_FEATURE_WORD = feature_word_re()  # ``\w`` runs with their combining marks
pieces = st.sampled_from(["the", "and", "Home", "Share on Facebook", "www.example.com", "a@b.c", "12:30", "2019",
                          "3.4.2020", "© 2024 Paper. All rights reserved.", "Getty Images", "Jane says:", "…", "...",
                          "İstanbul", "日本語", "- item", "»", "Related posts", "x", " ", "\t", "!", "."])
lines_st = st.lists(st.lists(pieces, min_size=1, max_size=12).map(" ".join).map(str.strip).filter(bool),
                    min_size=1, max_size=30)


def col(feats: np.ndarray, name: str) -> list[float]:
    return feats[:, BASE_FEATURES.index(name)].tolist()


@settings(max_examples=150, deadline=None)
@given(lines_st)
def test_whole_page_passes_match_per_line(lines: list[str]) -> None:
    feats, groups, _ = line_features(lines, STOP)
    toks = [_FEATURE_WORD.findall(s.lower()) for s in lines]  # "İstanbul" lowercases with a combining dot
    # the per-line shares, then measured against the page's prose as ``stop_ratios`` does
    raw = np.array([sum(t in STOP for t in ts) / max(1, len(ts)) for ts in toks])
    words, ends = np.rint(np.expm1(np.array(col(feats, "log_words")))), np.array(col(feats, "ends_sentence")) > 0
    assert col(feats, "stop_ratio") == stop_ratios(raw, prose_lines(words, ends), Segments.one(len(lines))).tolist()
    assert col(feats, "urlish") == [float(len(s) < 500 and _URLISH_RE.search(s) is not None) for s in lines]
    assert col(feats, "date_like") == [float(len(s) < 80 and _DATE_RE.search(s) is not None) for s in lines]
    assert col(feats, "bullet_start") == [float(s[:1] in "-*•·–—►▶>") for s in lines]
    assert groups == [match_lexicon(s.lower(), len(ts)) for s, ts in zip(lines, toks)]
    assert groups == lexicon_groups([s.lower() for s in lines], [len(ts) for ts in toks])


def test_lexicon_match_is_per_line() -> None:
    # a pattern must never see across a newline: "12" on one line and "comments" on the next
    lows = ["12", "comments", "the mayor said so."]
    assert lexicon_groups(lows, [1, 1, 4]) == [None, "comment", None]


def test_every_any_phrase_passes_the_needle_prefilter() -> None:
    # one example per alternative of phrases.ANY; the ANY regex only runs on lines holding a needle
    examples = {
        "legal": ["© 2020 paper", "(c) 2019 paper", "copyright paper", "all rights reserved", "alle rechte vorbehalten",
                  "tous droits réservés", "todos los derechos reservados", "tutti i diritti riservati",
                  "wszelkie prawa zastrzeżone", "все права защищены", "privacy policy", "we use cookies",
                  "terms of use", "terms of service", "datenschutz", "politique de confidentialité",
                  "política de privacidad", "polityka prywatności", "your email address will not be published",
                  "required fields are marked", "todos os direitos reservados", "política de privacidade",
                  "tüm hakları saklıdır", "gizlilik politikası", "hak cipta 2020", "kebijakan privasi", "bản quyền",
                  "chính sách bảo mật", "всі права захищені", "усі права захищені", "všechna práva vyhrazena",
                  "alla rättigheter förbehållna", "toate drepturile rezervate", "minden jog fenntartva", "無断転載を禁じます",
                  "著作権", "プライバシーポリシー", "版权所有", "版權所有", "隐私政策", "隱私權政策", "무단 전재", "무단전재",
                  "저작권", "جميع الحقوق محفوظة", "सर्वाधिकार सुरक्षित", "o seu endereço de e-mail não será publicado",
                  "ihre e-mail-adresse wird nicht veröffentlicht", "votre adresse e-mail ne sera pas publiée",
                  "tu dirección de correo electrónico no será publicada", "il tuo indirizzo email non sarà pubblicato",
                  "twój adres e-mail nie zostanie opublikowany", "ваш адрес email не будет опубликован",
                  "campos obrigatórios são marcados", "erforderliche felder sind mit * markiert",
                  "les champs obligatoires sont indiqués", "los campos obligatorios están marcados",
                  "i campi obbligatori sono contrassegnati"],
        "caption": ["a bridge. (ap photo/jane doe)", "(reuters) x", "a bridge (photo: jd)", "photo credit jd",
                    "image credit jd", "getty images", "via shutterstock", "jane doe / reuters", "photo by jd",
                    "photo: jd", "foto: jd", "picture by jd", "image: jd", "foto by jd", "picture: jd", "image by jd"],
    }
    for group, lines in examples.items():
        lows = [f"{s} and some more words to make the line long enough for the any patterns" for s in lines]
        assert lexicon_groups(lows, [20] * len(lows)) == [group] * len(lows), group
        # a line is searched with the groups whose own needles it holds (lexicon._any_re)
        for line in lines:
            assert any(n in line for n in phrases.ANY_NEEDLES_BY_GROUP[group]), line


def test_furniture_phrases_beyond_the_western_european_languages() -> None:
    # whole-line phrases of common CMS templates; each must name its group, and ordinary
    # sentences of the same languages must not match
    phrases = {
        "share": ["Compartilhe", "Paylaş", "Bagikan", "Chia sẻ", "Поділитися", "シェア", "分享到", "공유하기", "مشاركة"],
        "comment": ["Comentários", "Deixe um comentário", "Yorumlar", "Tinggalkan komentar", "Bình luận", "Коментарі",
                    "Komentáře", "Kommentarer", "コメント", "发表评论", "댓글", "التعليقات", "Maria disse:", "Anna schreibt:"],
        "related": ["Você também pode gostar", "Leia também", "Notícias relacionadas", "İlgili haberler", "Baca juga",
                    "Tin liên quan", "Читайте також", "Související články", "関連記事", "相关文章", "延伸閱讀", "관련 기사",
                    "اقرأ أيضا", "यह भी पढ़ें", "עוד בנושא", "مطالب مرتبط", "ข่าวที่เกี่ยวข้อง",
                    "संबंधित लेख", "相关阅读", "Most read this week", "Most popular today", "Trending this week",
                    "Related Links", "Related coverage from How to Do Everything: Money:", "Related reading"],
        "author-bio": ["Sobre o autor", "Yazar hakkında", "Tentang penulis", "Про автора", "关于作者", "عن الكاتب", "عن الكاتبة", "על הכותבת",
                       "درباره نویسنده", "เกี่ยวกับผู้เขียน", "लेखक के बारे में"],
        "ad": ["Publicidade", "Reklam", "Iklan", "Quảng cáo", "広告", "廣告", "광고", "إعلان", "विज्ञापन"],
        "subscribe": ["Inscreva-se", "Abone ol", "Đăng nhập", "Увійти", "Logga in", "ログイン", "登录", "로그인", "הירשמו", "عضویت در خبرنامه", "สมัครรับข่าวสาร",
                      "न्यूज़लेटर"],
        "navigation": ["Página inicial", "Ana sayfa", "Beranda", "Trang chủ", "Головна", "Startsida", "ホーム", "首页",
                       "검색", "الرئيسية", "דף הבית", "صفحه اصلی", "หน้าแรก", "मुख्य पृष्ठ", "Page 2 of 14", "Showing 1–20 of 340 results", "« Previous 1 2 3 Next »",
                       "‹ Prev12345Next ›", "Sort by", "Results per page", "Older posts", "Load more"],
        "byline": ["Oleh Budi Santoso", "Publicado em 3 de maio", "作者：张三", "来源：新华社"],
    }
    phrases["comment"] = phrases["comment"] + ["תגובות", "دیدگاه‌ها", "แสดงความคิดเห็น", "टिप्पणियां", "评论区"]
    phrases["comment"] += ["মন্তব্যসমূহ", "கருத்துகள்", "تبصرے", "Σχόλια", "Toa maoni"]
    phrases["comment"] += ["Speak Your Mind", "Have your say", "Join the conversation", "Comments are closed.",
                           "Comments are closed on this article.", "Feel free to leave a comment..."]
    phrases["subscribe"] += ["Subscribe to: Post Comments (Atom)", "Subscribe to: Posts (Atom)"]
    phrases["related"] += ["আরও পড়ুন", "தொடர்புடைய செய்திகள்", "متعلقہ خبریں", "Διαβάστε επίσης", "Habari zinazohusiana"]
    phrases["author-bio"] += ["লেখক পরিচিতি", "ஆசிரியர் பற்றி", "مصنف کے بارے میں", "Σχετικά με τον συγγραφέα", "Kuhusu mwandishi"]
    phrases["navigation"] += ["প্রচ্ছদ", "முகப்பு", "صفحہ اول", "Αρχική", "Nyumbani"]
    phrases["share"] = phrases["share"] + ["שתפו", "اشتراک‌گذاری", "แชร์", "साझा करें"]
    for group, lines in phrases.items():
        lows = [s.lower() for s in lines]
        assert lexicon_groups(lows, [len(s.split()) for s in lows]) == [group] * len(lows), group
    prose = ["o ministro disse que as negociações continuam na segunda-feira.", "bakan görüşmelerin pazartesi süreceğini söyledi.",
             "menteri mengatakan pembicaraan akan dilanjutkan pada hari senin.", "部长表示谈判将于周一继续进行。",
             "sort the laundry by colour before you wash it.", "next, the council will vote on the plan."]
    assert lexicon_groups(prose, [8] * len(prose)) == [None] * len(prose)


def _reference_short(line: str) -> str | None:
    # every SHORT alternative in one regex, as the lexicon was matched before letter dispatch
    pattern = re.compile(r"^[^\w\n]*(?:" + "|".join(f"(?P<{g.replace('-', '_')}>{p})" for g, p in phrases.SHORT.items())
                         + r")[^\w\n]*$")
    m = pattern.match(line)
    return None if m is None else (m.lastgroup or "").replace("_", "-")


short_pieces = st.sampled_from(["share", "on", "facebook", "12", "comments", "reply", "read more", "關連記事", "関連記事",
                                "ana sayfa", "i\u0307letişim", "»", "-", ":", "by", "jane", "doe", "2h", "ago", "rating:",
                                "5", "votes", "作者", "：", "李", "ara", "arama", "e-mail", "x", "·", "(", ")", "[", "|"])


@settings(max_examples=300, deadline=None)
@given(st.lists(short_pieces, min_size=1, max_size=5).map(" ".join))
def test_letter_dispatch_matches_the_whole_alternation(line: str) -> None:
    m = lexicon._match_short(line)
    assert (None if m is None else (m.lastgroup or "").replace("_", "-")) == _reference_short(line)


def test_every_short_alternative_is_under_its_first_letter() -> None:
    # splitting each group at its top-level "|" loses nothing: the parts, joined, are the pattern
    for group, pattern in phrases.SHORT.items():
        parts = lexicon.top_level(pattern)
        assert "(" + "|".join(parts) + ")" == pattern or parts == [pattern], group


def test_cookies_are_legal_only_as_a_sites_cookies() -> None:
    notices = ["cookie policy", "cookies", "we use cookies.", "privacy & cookies", "accept all cookies",
               "these cookies will be stored in your browser only with your consent.",
               "utilizziamo i cookie per offrirti la migliore esperienza sul nostro sito.",
               "diese webseite verwendet cookies, um die nutzung zu analysieren."]
    baked = ["brown butter chocolate chip cookies", "bake the cookies for 12 minutes, then let them cool on a rack.",
             "the story behind the first batch of cookies in space", "fortune cookies and green tea",
             "police said the cookies were stolen from the bakery.", "bake them before setting them out; the cookies cool fast.",
             "my personal favourite cookies are ginger snaps.", "the missing cookies were tracked down to a school."]
    lows = notices + baked
    groups = lexicon_groups(lows, [len(s.split()) for s in lows])
    assert groups == ["legal"] * len(notices) + [None] * len(baked)


def test_a_singular_comment_is_no_comment_header() -> None:
    # in these languages the word is also an article's "opinion", "analysis" or "response" heading
    lows = [s.lower() for s in ("Σχόλιο", "تبصرہ", "கருத்து", "Maoni", "תגובה", "دیدگاه", "ความคิดเห็น", "মন্তব্য")]
    assert lexicon_groups(lows, [1] * len(lows)) == [None] * len(lows)
