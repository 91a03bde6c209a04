"""Main-content extraction: furniture removal from page text, and from HTML.

- ``clean_text(text)``: the article of a page's plain text (lines kept in order).
- ``label_lines(text)``: every line with a label (body, title, heading, navigation, share, ...)
  and a reason a person can check.
- ``extract_html(html, url)``: the article of an HTML page.
- ``clean_texts(texts)``, ``extract_htmls(htmls)``: the same for many documents, in order, with
  the line model scoring them in batches (the same results, faster on short documents).

Where things are:

- entry points: ``text.py`` (page text), ``html.py`` (HTML), ``steps.py`` (pipeline steps),
  ``cli.py`` (``tamis clean``, ``tamis extract``, ``tamis eval extraction``);
- the decision: ``model.py`` (the line model, loading ``model.json`` / ``model_html.json`` beside
  it; ``trees.py``, its optional tree stage), ``decoding.py`` (scores to kept runs: the Viterbi
  pass and its second chances), ``rules.py`` (readable rules on top of its scores: lists,
  sections, comment threads), ``headline.py`` and ``byline.py`` (the headline and the byline block
  under it), ``notices.py``, ``captions.py``, ``teasers.py`` and ``signup.py`` (lines that are
  furniture by their shape: notices, credited captions, teaser cards, a sign-up box),
  ``explain.py`` (the reasons given);
- ``features/``: what the line model reads, per line, for whole pages or batches (``page.py`` first);
- ``training/``: re-training the models offline (``python -m tamis.extract.training.train``,
  needs the ``train`` extra);
- ``evaluation/``: the benchmark behind ``tamis eval extraction``;
- around them: ``layout.py``, ``markdown.py`` and ``wide.py`` (text as the model reads it), ``dom.py`` (HTML
  edits before rendering), ``assemble.py`` (kept lines back to text), ``site.py`` (lines a site
  repeats on many pages), ``batching.py`` (pages in batches).
"""

from __future__ import annotations

from typing import Any

__all__ = ["clean_text", "clean_texts", "extract_html", "extract_htmls", "label_lines", "LineLabel"]


def __getattr__(name: str) -> Any:
    # lazy so that importing tamis.extract (e.g. for the CLI's parser) does not load numpy models
    if name in ("clean_text", "clean_texts", "label_lines", "LineLabel"):
        from tamis.extract import text

        return getattr(text, name)
    if name in ("extract_html", "extract_htmls"):
        from tamis.extract import html

        return getattr(html, name)
    raise AttributeError(name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))  # the lazy names too, for dir() and completion
