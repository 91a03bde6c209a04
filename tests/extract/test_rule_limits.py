"""Where the shape rules must not fire: article text that looks like teaser cards, a comment
area's opening line, a sign-up pitch or an article resuming (found by an adversarial review)."""

from __future__ import annotations

from tests.extract.conftest import ARTICLE_EN, NAV, page

from tamis.extract import clean_text, label_lines


def assert_kept(out: str, lines: list[str]) -> None:
    """Every one of ``lines`` is in the cleaned text ``out`` (the failure names the line)."""
    for line in lines:
        assert line in out, line


INTRO = ["Our reviewers spent the summer reading the year's new fantasy novels, and three of them stood out above the rest.",
         "Each of the books below is the first of a series, so there is more to come if you like them."]
OUTRO = ["All three books are out in paperback this month, and the library has copies of each of them.",
         "Next week we turn to crime fiction, with a look at the best new detective series of the year."]


def test_a_list_of_titles_between_the_articles_own_paragraphs_stays() -> None:
    books = ["The Name Of The Wind For Winter by Patrick Rowe is a slow, rich story about a boy who becomes a legend.",
             "A Song Of Salt And Iron by Mira Kells follows two sisters across a drowned kingdom in search of their father.",
             "The House At The Edge Of Night by Tom Reyes is a ghost story told by the house itself over three centuries."]
    out = clean_text(page(NAV, INTRO, books, OUTRO))
    assert_kept(out, INTRO + books + OUTRO)


def test_title_case_names_before_a_comma_are_no_card() -> None:
    quotes = ["Sarah Lee, Director Of Research At Acme Labs, said the results were better than the team had hoped for.",
              "On Tuesday, The Wall Street Journal reported that two other companies were running similar trials.",
              "Mark Diaz, Head Of Policy At The Patients' Association, said regulators should look at the data carefully."]
    out = clean_text(page(NAV, ARTICLE_EN, quotes, OUTRO))
    assert_kept(out, quotes)


def test_a_sentence_that_starts_like_a_comment_count_is_no_comment_header() -> None:
    essay = ["One response to “the money has run out” became the slogan of the whole campaign, and it stuck for years.",
             "Ministers repeated it in every interview, even after the figures had improved and the deficit had halved.",
             "Historians now read it as the moment when the argument about spending was lost by the other side."]
    out = clean_text(page(NAV, ARTICLE_EN, essay))
    assert_kept(out, essay)


def test_a_consent_text_quoted_in_a_tutorial_opens_no_comment_area() -> None:
    tutorial = ["Since version 4.9.6, the comment form shows a checkbox under the fields. Its label reads:",
                "Save my name, email, and website in this browser for the next time I comment.",
                "The box is unticked by default, and the cookie is only set when a visitor ticks it before commenting.",
                "If your theme replaces the form, check that the checkbox is still there after the update, or add it back.",
                "Plugins that cache pages must not cache the form with the box ticked, or every visitor would see it so."]
    out = clean_text(page(NAV, ARTICLE_EN, tutorial))
    assert_kept(out, tutorial[2:])


def test_a_news_paragraph_that_names_a_newsletter_is_no_signup_box() -> None:
    story = ["The council said residents can stay up to date with the roadworks through its website and weekly bulletin.",
             "The first closures start on Monday, and buses will be diverted along the ring road for six weeks.",
             "Shops on the high street say they expect fewer customers, and the council has promised to review the plan."]
    out = clean_text(page(NAV, ARTICLE_EN, story))
    assert_kept(out, story)


def test_a_diarys_date_above_its_first_entry_is_no_byline() -> None:
    # a date alone (or a year, a verse, a version) is a heading as often as a byline: a block
    # needs a line that names the author ("By ...", an address, a date with its time)
    deck = ["The diary of a lighthouse keeper's daughter, kept through the summer of 1912 and found in an attic last spring."]
    entries = ["Monday 3 June 1912",
               "Father lit the lamp at nine tonight, and the fog came in so thick that we could not see the rocks below us.",
               "Mother says the supply boat will come on Thursday if the weather turns, and I am to write down everything we need."]
    out = clean_text("\n".join(NAV + ["A keeper's daughter's summer"] + deck + entries))
    assert entries[0] in out


def test_a_subheading_that_starts_with_sobre_is_no_author_bio() -> None:
    article = ["O governo e os sindicatos assinaram na terça-feira um acordo que encerra três semanas de greve nos portos.",
               "Os trabalhadores terão um aumento de seis por cento em dois anos, e as horas extras serão pagas em dobro."]
    more = ["Sobre o acordo",
            "O texto ainda precisa ser aprovado em assembleia, marcada para sexta-feira, mas os líderes sindicais esperam apoio.",
            "Os portos devem voltar a funcionar normalmente a partir de segunda-feira, segundo a autoridade portuária."]
    out = clean_text(page(NAV, article, more))
    assert_kept(out, more)


def test_a_live_blogs_clock_times_under_a_comments_link_are_its_entries() -> None:
    entries = []
    for clock, first, second in [
        ("10:32", "The first runners have crossed the bridge, and the leading group is still twelve strong at the halfway mark.",
         "Organisers say the temperature is ideal, and the medical tents have had a quiet morning so far."),
        ("10:48", "A breakaway of three has opened a gap of forty seconds on the long climb out of the old town.",
         "The defending champion is not among them, and her team says she is running her own race today."),
    ]:
        entries += [clock, first, second]
    out = clean_text(page(NAV, ARTICLE_EN, ["48 comments"], entries))
    for line in entries:
        if len(line) > 10:
            assert line in out, line


def test_a_share_bars_email_button_is_no_signup_form() -> None:
    story = ["The harbour ferry will run every twenty minutes from March, the transport authority said on Friday in a statement.",
             "Residents can sign up for the council's newsletter to hear first when the new timetable is printed, a spokesman said.",
             "Single tickets will rise by ten cents next year, and a monthly pass will cost the same as in the last two years."]
    out = clean_text("\n".join(NAV + ["Ferry to run every twenty minutes"] + story + ["Share", "Facebook", "Email"]))
    assert_kept(out, story)


def test_without_a_headline_found_the_first_line_is_no_byline() -> None:
    story = ["The harbour ferry will run every twenty minutes from March, the transport authority said on Friday in a statement.",
             "The new timetable adds two boats on weekday mornings, when the queues at the pier have been the longest all year.",
             "Single tickets will rise by ten cents next year, and a monthly pass will cost the same as in the last two years."]
    labels = {x.text: x for x in label_lines("\n".join(["Ferry Fares Rise", "Jane Miller", "12 March 2024, 09:15"] + story))}
    assert labels["Ferry Fares Rise"].label != "byline"


def test_a_version_line_under_a_comment_header_is_no_reply_date() -> None:
    from tamis.extract.rules import is_reply_date

    assert not is_reply_date("Version 4.10") and not is_reply_date("John 3:16") and is_reply_date("March 3, 2024 at 4:10 pm")


def test_a_related_heading_over_the_articles_own_prose_starts_no_section() -> None:
    # "Related reading" in a guide, with the author's paragraphs under it, is a subheading; a box
    # of related links starts with a headline ("Related Coverage" / "Budget talks stall again")
    guide = ["Related reading",
             "If you want the same patience with ordinary lives, try the novels of the same decade, which move slowly on purpose.",
             "For something shorter, the town's own chronicle is a gentle book about the women who ran it for forty years."]
    out = clean_text(page(NAV, ARTICLE_EN, guide))
    assert_kept(out, guide)
    box = ["Related Coverage", "Budget talks stall again as the deadline nears", "What a shutdown would mean for the city"]
    out = clean_text(page(NAV, ARTICLE_EN, box, ["© 2024 Example News. All rights reserved."]))
    assert ARTICLE_EN[-1] in out and not any(line in out for line in box)


def test_a_sentence_or_heading_that_starts_with_related_is_no_header() -> None:
    # " from …" makes a header only after the new nouns and with its closing colon
    lines = ["Related news from the capital was worse.",
             "The finance ministry said on Friday that the deficit had grown for the third quarter in a row, against its forecast.",
             "Related Stories From Our Readers",
             "Readers wrote in to say that the new lanes had changed the way their children got to school, mostly for the better."]
    out = clean_text(page(NAV, ARTICLE_EN, lines))
    assert_kept(out, lines)
    assert label_lines("Related coverage from How to Do Everything: Money:")[0].label == "related"
