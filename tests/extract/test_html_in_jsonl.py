"""Raw HTML in a JSONL record without a content type is extracted by the default pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from tamis.api import run
from tests.helpers import output_rows

PAGE = ("<!DOCTYPE html><html><head><title>Harbour news</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/news'>News</a></nav><article><h1>Harbour town opens its tidal power station</h1>"
        + "".join(f"<p>The small harbour town switched on its tidal power station on day {i}, and the council "
                  "said the turbines would power most of the homes along the quay for the next decade.</p>" for i in range(6))
        + "</article><footer>Copyright 2024 Harbour News</footer></body></html>")


def test_raw_html_in_jsonl_is_extracted_and_a_declared_type_is_obeyed(tmp_path: Path) -> None:
    # a review: such a record went out with its markup, read as prose; `tamis clean` already sniffed it
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "page", "text": PAGE}) + "\n"
                   + json.dumps({"id": "said", "text": PAGE, "content_type": "text/plain"}) + "\n")
    out = tmp_path / "out"
    summary = run([str(src)], str(out), executor="inprocess")
    rows = {r["id"]: r for r in output_rows(out)}
    assert summary.ok and "page" in rows
    assert "<p>" not in rows["page"]["text"] and "tidal power station on day 3" in rows["page"]["text"]
    assert rows["page"]["metadata"]["extracted_from"] == "text/html"
    assert "extracted_from" not in rows.get("said", {"metadata": {}})["metadata"]  # declared plain text stays text


def test_text_that_merely_starts_with_a_tag_stays_text(tmp_path: Path) -> None:
    # a review of the first sniff: a README opening with <p align="center">, a post opening with
    # an HTML comment, a text opening with <h1> were read as pages (joined into one line, cut)
    texts = {
        "readme": '<p align="center"><img src="logo.png"></p>\n\n# My Tool\n\nMy tool converts files quickly and safely.\n\n'
                  "## Install\n\nRun pip install my-tool and then start it from the command line with a config file.",
        "comment": "<!-- saved from the forum -->\nHow do I center a div? I tried this: <div>x</div>, and it did not work "
                   "in any of the three browsers I use at work every day.",
        "heading": "<h1>Harbour news</h1>\n\nThe council met on Tuesday evening to discuss the new bridge over the river.",
    }
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">' + PAGE[15:]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in {**texts, "xhtml": xhtml}.items()))
    out = tmp_path / "out"
    run([str(src)], str(out), executor="inprocess", steps=["extract_html"])
    rows = {r["id"]: r for r in output_rows(out)}
    for key, text in texts.items():
        assert rows[key]["text"] == text and "extracted_from" not in rows[key]["metadata"], key
    assert rows["xhtml"]["metadata"]["extracted_from"] == "text/html" and "<p>" not in rows["xhtml"]["text"]


def test_a_third_reviews_texts_and_fragments(tmp_path: Path) -> None:
    # prose that mentions a page's elements stays text; fragments of pages, whatever they open
    # with, are extracted; a link in angle brackets is text
    texts = {
        "mentions": "How to style a page\n\nPut your CSS in the <head> element and the content in <body>. Many "
                    "beginners put it at the end of the file instead, which also works.",
        "doctype": "# HTML basics\n\nEvery page starts with `<!DOCTYPE html>` followed by `<html>`, then the head.",
        "link": "<https://example.com/docs> has the docs for every version of the tool.",
    }
    fragments = {
        "article": "<article><h1>Harbour news</h1>" + PAGE[PAGE.index("<p>") : PAGE.index("</article>")] + "</article>",
        "script": "<script>var tags = [" + ",".join(f'"t{i}"' for i in range(800)) + "];</script>\n" + PAGE[PAGE.index("<nav>") :],
    }
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in {**texts, **fragments}.items()))
    out = tmp_path / "out"
    run([str(src)], str(out), executor="inprocess", steps=["extract_html"])
    rows = {r["id"]: r for r in output_rows(out)}
    for key, text in texts.items():
        assert rows[key]["text"] == text, key
    for key in fragments:
        assert "<p>" not in rows[key]["text"] and "tidal power station on day 3" in rows[key]["text"], key


def test_a_page_cut_short_after_its_head_is_still_a_page() -> None:
    from tamis.io.sniff import looks_like_page

    head = '<meta charset="utf-8"><title>Harbour news</title><link rel="stylesheet" href="/s.css">'
    assert looks_like_page(head + "<p>The small harbour town switched on its tidal power")  # cut: no tag last
    assert not looks_like_page("<script> is where the code goes, the book says")  # a script tag alone says little


def test_prose_that_opens_with_a_head_elements_name_is_text() -> None:
    # a review: an SEO tutorial opening with "<title> tag is ..." was read as a page, and lost
    from tamis.io.sniff import looks_like_page

    assert not looks_like_page("<title> tag is the most important on-page SEO element.\n\nNext, the meta description.")
    assert not looks_like_page('<meta name="viewport"> should be in every responsive page.\n\nAdd it to the head.')
    assert looks_like_page("<title>Harbour news</title>\n<p>The ferry leaves at nine")
    assert looks_like_page('<meta charset="utf-8">\n<div>The ferry leaves at nine')


def test_a_head_element_first_is_read_to_its_real_end() -> None:
    # a review: a comment naming <meta> before it, a ">" in an attribute ("Home > Shoes"), and a
    # <style> block longer than the first 8,000 characters hid the markup that follows
    from tamis.io.sniff import looks_like_page

    assert looks_like_page('<!-- use <meta> tags -->\n<meta charset=utf-8>\n<p>Article text cut sh')
    assert looks_like_page('<meta name="description" content="Home > Shoes">\n<link rel="x">\nwords cut sh')
    assert looks_like_page("<style>" + "a{b:c}" * 10000 + "</style>\n<div>text cut sh")
