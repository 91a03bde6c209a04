"""A newsletter sign-up box at the end of the article.

A sign-up box is written in sentences ("Stay up to date with Ascom. Subscribe to our newsletter.",
"You have successfully subscribed. Thank you!", "An email with an activation link has just been
sent ..."), so the line model reads it as more article, and it stands right after the last
paragraph. It is known by its pitch, by its form (a short line: a field, a button) and by being
the page's last kept lines: from the first line that makes the pitch, among the last kept lines,
to the end, when none of those lines is a long paragraph. A pitch inside the article ("Readers
who sign up for our newsletter ...") has more article after it, and stays; a news story's
paragraph that names a newsletter has no form near it.
"""

from __future__ import annotations

import re

import numpy as np

# a sign-up pitch or the form's own messages, in the languages of the section phrases' main CMSs
_PITCH = re.compile(
    r"subscribe to (our|the|my)\b[^.!?]{0,40}(newsletter|mailing list|updates)"
    r"|sign up (for|to) (our|the|my)\b[^.!?]{0,40}(newsletter|mailing list|updates|emails?)"
    r"|success?ful+y subscribed|thanks? (you )?for (signing up|subscribing)|activation link|confirm your subscription"
    r"|delivered (straight |right )?to your inbox|get (the|our)\b[^.!?]{0,40}newsletter|stay up to date with"
    r"|newsletter abonnieren|für unseren newsletter|à notre (newsletter|lettre d'information)|a nuestro (boletín|newsletter)"
    r"|alla nostra newsletter|nossa newsletter|onze nieuwsbrief|do newslettera|на нашу рассылку",
    re.IGNORECASE,
)
# a form's own short line: a field, a button, a pitch ("Email address", "Subscribe", "Anmelden")
_FORM_LINE = re.compile(
    r"\b(e-?mail|subscribe|sign up|submit|newsletter|anmelden|abonnieren|s'inscrire|inscrivez-vous|suscr[ií]b(ete|irse)"
    r"|iscriviti|inscreva-se|assinar|zapisz się|подписаться|подписка)\b",
    re.IGNORECASE,
)
_FORM_LINE_WORDS = 8
_FORM_REACH = 6  # how far below the pitch the form's short line may stand (kept or not)
# a word that every pitch holds (``_PITCH`` in lower case)
_PITCH_HINTS = ("subscri", "sign up", "signing up", "lettre d'information", "activation link", "inbox", "newsletter",
                "up to date with", "abonn", "boletín", "nieuwsbrief", "рассылк")
_TAIL_LINES = 12  # how far up from the last kept line the box may start
_BOX_LINE_WORDS = 40  # a line of the box is shorter than a paragraph of the article

_LABEL, _REASON = "subscribe", "a newsletter sign-up box at the end of the article"


def signup_box(words: np.ndarray, lines: list[str], keep: np.ndarray,
               groups: list[str | None] | None = None) -> dict[int, tuple[str, str]]:
    """Drop the kept lines of a sign-up box at the end of the article (``keep`` is edited in
    place); each one's label (its phrase group's, given ``groups``, else "subscribe") and reason.
    The article's own lines above it stay.

    >>> lines = ["The ferry will run every twenty minutes from March, the authority said.",
    ...          "Single tickets will rise by ten cents.", "Stay up to date with the Harbour Post.",
    ...          "Subscribe to our newsletter", "Thanks for signing up!"]
    >>> keep = np.ones(5, dtype=bool)
    >>> sorted(signup_box(np.array([13, 7, 8, 4, 3]), lines, keep)), keep.tolist()
    ([2, 3, 4], [True, True, False, False, False])
    >>> keep = np.ones(3, dtype=bool)
    >>> signup_box(np.array([8, 13, 7]), [lines[2], lines[0], lines[1]], keep), keep.tolist()
    ({}, [True, True, True])
    """
    kept = keep.nonzero()[0].tolist()
    tail = kept[-_TAIL_LINES:]
    # a box runs to the end: it starts after the last long paragraph
    long = [pos for pos, i in enumerate(tail) if words[i] > _BOX_LINE_WORDS]
    if long:
        tail = tail[long[-1] + 1 :]
    if not tail:
        return {}
    # most pages have no pitch: a word of one among the last lines, or nothing to search
    text = "\n".join([lines[i] for i in tail]).lower()
    if not any(hint in text for hint in _PITCH_HINTS):
        return {}
    for pos, i in enumerate(tail):
        box = tail[pos:]
        if _PITCH.search(lines[i]):
            # a box has a form: a short line of it among the box's lines or just below the pitch
            # (not a share bar's "Email" or a menu's "Subscribe", which stand under any article)
            near = sorted(set(box) | set(range(i, min(len(lines), i + _FORM_REACH + 1))))
            if not any(words[k] <= _FORM_LINE_WORDS and (_FORM_LINE.search(lines[k]) or _PITCH.search(lines[k]))
                       and (keep[k] or not groups or groups[k] in (None, "subscribe")) for k in near):
                return {}

            if len(box) >= len(kept) - 1:  # nothing of an article above it: a page about newsletters
                return {}
            keep[box] = False
            # a line of the box with furniture words of its own ("Latest stories") keeps their label
            return {i: ((groups[i] if groups and groups[i] else _LABEL), _REASON) for i in box}
    return {}
