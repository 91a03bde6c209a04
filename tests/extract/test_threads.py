"""Comment threads in page text: a structure that the line model, judging lines with their
neighbourhood, reads as more article when the comments are prose; and related links inside the
text, which start no section."""

from __future__ import annotations

from tests.extract.conftest import ARTICLE_EN, NAV, page

from tamis.extract import clean_text, label_lines

POST = [
    "Allotment news for May",
    "The new allotments behind the station will open to members on the first Saturday of June.",
    "Plots are handed out in the order of the waiting list, and each comes with its own water butt.",
]

THREAD = [
    "Ana Ruiz on 3 May 2024 at 4:47 pm said:",
    "Will the plots near the railway fence get any shade in the afternoon, or are they in full sun all day long?",
    "Last year the tomatoes on my old plot burnt in July, so I would rather know before I choose one of them.",
    "Garden committee on 4 May 2024 at 9:12 am said:",
    "Hi Ana,",
    "The fence plots get sun until about three o'clock, after which the row of poplars shades them for the rest of the day.",
    "We will also put up a shade net along the fence before the summer, paid for from this year's membership fees.",
    "Tom Berg on 6 May 2024 at 7:30 pm said:",
    "Is there a tap close to the far end of the site, or will we have to carry cans all the way from the gate?",
    "With a bad back that walk would decide which plot I can take on, so it would help to know before June.",
]


def test_a_comment_thread_is_dropped_and_the_post_above_it_kept() -> None:
    text = page(NAV, POST, THREAD)
    out = clean_text(text)
    assert POST[1] in out and POST[2] in out
    for line in THREAD:
        assert line not in out
    labels = {x.text: x for x in label_lines(text)}
    assert "comment thread" in labels[THREAD[1]].reason and labels[THREAD[1]].label == "comment"


def test_where_the_model_took_the_thread_for_the_article_the_post_above_it_is_kept() -> None:
    # a short post under a permalink line and a "Comments" header: the model keeps the long
    # comments and loses the post
    short = [POST[0], "Questions about the new plots are welcome in the comments below, and we answer them each week. "
             "You can also write to the committee, or ask at the gate on Saturday mornings between nine and twelve.",
             "Posted in Garden news | Permalink | 3 Comments", "Comments"]
    text = page(NAV, short, THREAD)
    labels = {x.text: x for x in label_lines(text)}
    assert labels[short[1]].keep and "above the comment thread" in labels[short[1]].reason
    assert not any(labels[line].keep for line in THREAD)


COURT = [
    "Man fined for feeding pigeons in the square",
    "A 71-year-old man was fined 150 euros on Monday for feeding pigeons in the town square against a ban.",
    "The judge said:",
    "The ban has been in force for three years and the defendant was warned on four occasions by the wardens.",
    "His lawyer said:",
    "My client is a lonely man who has fed these birds every morning since his wife died, and he meant no harm.",
    "The town introduced the ban after complaints about droppings on the benches and the fountain.",
    "Similar bans are in force in several other cities in the region, where fines reach 500 euros.",
    "The man has two weeks to appeal against the decision, which his lawyer said he would consider.",
]


def test_quotes_that_end_in_said_are_no_thread_and_no_comment_section() -> None:
    # two quotes introduced by "… said:" make no thread, and neither line opens a comment section
    # that would take the quote after it: the whole article stays
    out = clean_text(page(NAV, COURT))
    for line in COURT[1:]:
        if len(line.split()) > 4:
            assert line in out, line


def test_one_dated_comment_header_is_no_thread() -> None:
    # a single header (a post that quotes one comment) does not make a thread
    quoted = [ARTICLE_EN[0], ARTICLE_EN[1], THREAD[0], THREAD[1], *ARTICLE_EN[2:]]
    out = clean_text(page(NAV, quoted))
    for line in ARTICLE_EN[2:]:
        assert line in out


def test_a_thread_above_the_article_does_not_take_the_article_with_it() -> None:
    # a "recent comments" box above the article: nothing above it to be the post, so the page is
    # left as the model read it
    text = page(NAV, THREAD[:2], THREAD[7:9], ARTICLE_EN)
    out = clean_text(text)
    for line in ARTICLE_EN[1:]:
        assert line in out


def test_a_related_link_inside_the_text_starts_no_section() -> None:
    for link in ["See also the council's report on road safety", "Read more: Snow chaos in pictures",
                 "See also: List of rivers of England"]:
        text = page(NAV, ARTICLE_EN[:3], [link], ARTICLE_EN[3:])
        labels = {x.text: x for x in label_lines(text)}
        assert "section header" not in labels[link].reason, link
        assert labels[ARTICLE_EN[-1]].keep, link


FLOOD = [
    "River bursts its banks after a night of heavy rain",
    "Dozens of homes in the lower town were flooded overnight after the river rose by almost two metres.",
    "A statement from the county council posted at 7.15am said:",
    "Residents of the riverside streets should move to the school hall, where beds and hot food are ready.",
    "An update from the fire service at 10.40am said:",
    "Crews have pumped water out of forty houses and will work through the day on the streets near the bridge.",
    "The rain is expected to ease by the evening, but the river will stay high until the weekend.",
    "The council has opened a fund for families whose homes were damaged by the water.",
]


def test_timed_statements_in_a_news_story_are_no_thread() -> None:
    # a clock time before "said:" without a date and a short name is a story's, not a comment's
    out = clean_text(page(NAV, FLOOD))
    for line in FLOOD[5:]:
        assert line in out, line


def test_a_comments_box_above_the_article_ends_where_the_article_starts() -> None:
    tagline = ["Welcome to the society's blog, where members share news from the plots and the committee."]
    box = ["Recent comments", THREAD[0], "Will there be water?", THREAD[3], "Yes, two taps."]
    text = page(NAV, tagline, box, ARTICLE_EN)
    out = clean_text(text)
    for line in ARTICLE_EN[1:]:
        assert line in out, line


def test_a_forum_whose_first_post_has_a_header_like_the_replies_is_left_to_the_model() -> None:
    # no post above the thread: the thread is the page, and the rule leaves it as the model read it
    from tamis.extract.text import label_lines as labels_of

    text = page(NAV, ["Tomatoes splitting after the rain"], THREAD)
    kept = {x.text for x in labels_of(text) if x.keep}
    assert any(line in kept for line in THREAD[1:3] + THREAD[5:7])


def test_an_article_that_quotes_two_dated_comments_goes_on_after_them() -> None:
    story = ARTICLE_EN[:3] + THREAD[:2] + THREAD[3:4] + THREAD[5:6]
    after = ["The council will publish the final plans in the autumn, after a second round of public meetings in every district.",
             "Residents who want to comment can still write to the planning office until the end of September this year.",
             "A decision on the second phase of the scheme, along the ring road, is expected early next year, the mayor said."]
    out = clean_text(page(NAV, story, after))
    for line in after:
        assert line in out, line


def test_a_forum_reply_that_opens_with_a_greeting_keeps_the_question() -> None:
    question = ["My rear derailleur skips under load since last weekend, mostly on the two smallest cogs.",
                "The chain is about two thousand kilometres old and I cleaned it on Saturday."]
    thread = [THREAD[0], *question, THREAD[3], "Check the chain with a wear gauge before you touch the gears at all.",
              "If the chain is fine, turn the barrel adjuster a quarter turn at a time until it runs quietly.",
              THREAD[7], "Thanks!", "The gauge showed the chain was worn, and a new one fixed the skipping at once.",
              "I also learned that the cassette was fine, which saved me a lot of money this time.",
              "Next time I will measure the chain every thousand kilometres so that it never gets this far."]
    out = clean_text(page(NAV, ["Gears skipping after a new chain?"], thread))
    for line in question:
        assert line in out, line


def test_a_reply_that_quotes_a_post_under_its_header_is_no_thread_header() -> None:
    # a forum reply quotes the post before it under "name, date time wrote:"; the quote repeats a
    # line above, so the quoting header does not count
    post = ["Beitrag von anna_k » 12.05.2024, 09:40",
            "Unsere Heizung läuft seit einer Woche auch nachts auf voller Leistung, obwohl es draußen mild ist.",
            "Ist das normal, oder sollte ich den Installateur rufen, bevor die Rechnung kommt?"]
    reply = ["Beitrag von heizer_ole » 12.05.2024, 10:05", "anna_k, 12.05.2024 um 09:40 Uhr schrieb:", post[1],
             "Normal ist das nicht, meist ist die Heizkurve zu hoch eingestellt oder die Nachtabsenkung ausgeschaltet.",
             "Lass dir die Einstellungen zeigen, das dauert beim Installateur meist nicht länger als zehn Minuten.",
             "Beitrag von anna_k » 13.05.2024, 19:45", "heizer_ole, 12.05.2024 um 10:05 Uhr schrieb:", reply_3 := post[2],
             "Danke, die Nachtabsenkung war tatsächlich aus, jetzt ist es nachts ruhig und die Räume bleiben warm genug."]
    assert reply_3
    out = clean_text(page(NAV, post, reply))
    assert reply[3] in out and reply[4] in out


def test_a_header_that_counts_the_comments_drops_the_replies_below_it_however_prose_they_read() -> None:
    # WordPress's "N thoughts on “Title”": each reply is a name, a date and prose, which ends an
    # ordinary section as the article resuming; the counting header says the rest is comments
    replies = []
    for name, when, first, second in [
        ("Vera Holm", "June 3, 2024 at 5:57 am", "We opened our plots last spring and the shade net along the fence made the biggest difference of all.",
         "The tomatoes that used to burn in July now ripen slowly, and the watering schedule is far easier to keep."),
        ("Garden committee", "June 3, 2024 at 7:19 am", "Thank you, Vera, that is good to hear from someone who has tried it for a full season.",
         "We will order a second net for the far end of the site once the membership fees for next year are in."),
    ]:
        replies += [name, when, first, second]
    text = page(NAV, POST, ARTICLE_EN[1:], ["2 thoughts on “Allotment news for May”"], replies)
    out = clean_text(text)
    for line in POST[1:] + ARTICLE_EN[1:]:
        assert line in out, line
    assert "thoughts on" not in out
    for line in replies:
        assert line not in out, line
    labels = {x.text: x for x in label_lines(text)}
    assert labels["2 thoughts on “Allotment news for May”"].label == "comment"
    assert "comment header" in labels[replies[2]].reason


def test_a_count_of_thoughts_in_an_article_heading_is_no_comment_header() -> None:
    # the counting header needs the quoted title after its preposition
    heading = "3 thoughts on the new allotments"
    text = page(NAV, POST, [heading, POST[1].replace("station", "old mill"), POST[2].replace("water butt", "compost bin")])
    labels = {x.text: x for x in label_lines(text)}
    assert labels[heading].label != "comment"
    assert labels[POST[1].replace("station", "old mill")].keep


def test_the_comment_forms_consent_box_ends_the_article() -> None:
    # html-text renders no form labels: the consent box and the privacy notice under it follow the
    # last paragraph directly, and read as prose
    form = ["Save my name, email, and website in this browser for the next time I comment.",
            "By submitting this form you agree to the allotment society using your data to publish your comment.",
            "Your personal data will only be passed on to third parties to check comments for spam, or where we must by law.",
            "You may withdraw this consent at any time, in which case your personal data will be deleted at once."]
    text = "\n".join(NAV + POST + ARTICLE_EN[1:] + form)
    out = clean_text(text)
    for line in POST[1:] + ARTICLE_EN[1:]:
        assert line in out, line
    for line in form:
        assert line not in out, line


def test_long_dated_replies_under_a_comment_header_stay_in_the_section() -> None:
    # each reply: a name, its date, then paragraphs in a row; paragraphs in a row after a heading
    # otherwise read as the article resuming
    replies = []
    for name, when in [("Vera Holm", "2 days ago at 07:52 am"), ("Tom Berg", "2 days ago at 08:51 am")]:
        replies += [name, when,
                    f"{name.split()[0]} here: we have had a plot on the old site for eleven years and the water was always the problem in August.",
                    "The butts filled up in spring and were empty by the middle of July, so everyone queued at the single tap by the gate.",
                    "If the new site has a tap at each end of the rows, that alone would be worth the move for most of the older members."]
    text = page(NAV, ARTICLE_EN, ["Comments"], replies)
    out = clean_text(text)
    for line in ARTICLE_EN[1:]:
        assert line in out, line
    for line in replies:
        assert line not in out, line
    labels = {x.text: x for x in label_lines(text)}
    assert "a reply's date" in labels["2 days ago at 08:51 am"].reason


def test_under_a_short_question_the_counted_replies_are_the_answers() -> None:
    # a question of a few lines is no article: the replies under "3 replies to “...?”" are what
    # the page is for, as on a forum
    question = ["My hedge has brown patches. Should I worry?",
                "The hedge is a beech, about ten years old, and the brown patches appeared on the south side in August."]
    answers = ["Gardening desk", "4 April 2024 at 9:15 am",
               "Brown patches on the sunny side of a beech in late summer are nearly always drought, not disease.",
               "Water it deeply once a week until the autumn rain comes, and it should leaf out normally next spring."]
    text = page(NAV, question, ["1 reply to “My hedge has brown patches. Should I worry?”"], answers)
    out = clean_text(text)
    assert answers[2] in out and answers[3] in out


def test_every_language_of_the_counting_header_is_found_in_a_page() -> None:
    # the lexicon tries the header's pattern only on lines that hold one of its nouns
    # (``lexicon._AREA_NEEDLES``): one header per noun of ``phrases.COMMENT_COUNT_HEADER``
    from tamis.extract.features.lexicon import lexicon_groups

    headers = ["12 thoughts on “x y”", "1 response to “x y”", "3 replies to “x y”", "4 comments on “x y”",
               "2 reactions to “x y”", "ein gedanke zu „x y“", "5 kommentare zu „x y“", "2 antworten zu „x y“",
               "3 réflexions sur « x y »", "3 commentaires sur « x y »", "2 réponses à « x y »", "4 comentarios en «x y»",
               "4 comentários em “x y”", "2 respuestas a «x y»", "2 respostas a “x y”", "6 commenti su “x y”",
               "una risposta a “x y”", "3 risposte a “x y”", "3 pensieri su “x y”", "1 reactie op “x y”",
               "2 reacties op “x y”", "3 komentarze do „x y”", "jedna odpowiedź do „x y”", "5 комментариев к записи «x y»",
               "2 отзыва на «x y»"]
    lines = [h.lower() for h in headers] + ["save my name, email, and website in this browser for the next time i comment."]
    assert lexicon_groups(lines, [len(x.split()) for x in lines]) == ["comment"] * len(lines)
