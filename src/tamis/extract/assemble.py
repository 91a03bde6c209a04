"""The kept lines of a page back into text: paragraphs kept as paragraphs."""

from __future__ import annotations


def _code_indent(line: str) -> str:
    """A line with its leading spaces and tabs (code's indentation) but no other leading white
    space (``&nbsp;`` or em-space indents of ordinary paragraphs).

    >>> _code_indent("    return 1 "), _code_indent("\\xa0\\xa0Indented paragraph")
    ('    return 1', 'Indented paragraph')
    """
    if not line[:1].isspace():  # most lines: nothing to keep or drop in front
        return line.rstrip()
    body = line.strip()
    lead = line[: len(line) - len(line.lstrip())]
    return (lead if lead.strip(" \t") == "" else "") + body


def assemble(lines: list[str], kept: list[int], indent: bool = False) -> str:
    """Join the kept lines (stripped, in order), with a blank line wherever the original had one
    between two kept lines, so paragraphs stay paragraphs. ``indent`` keeps each line's leading
    white space: in an HTML rendering only ``<pre>`` text has any, and code needs it.

    >>> assemble(["a", "", "nav", "b", "c"], [0, 3, 4])
    'a\\n\\nb\\nc'
    >>> assemble(["a", "nav", "b", " \\t", "c"], [0, 2, 4]), assemble([], [])
    ('a\\nb\\n\\nc', '')
    >>> assemble(["def f():", "    return 1 "], [0, 1], indent=True)
    'def f():\\n    return 1'
    """
    if not kept:
        return ""
    trim = _code_indent if indent else str.strip
    out = [trim(lines[kept[0]])]
    for prev, idx in zip(kept, kept[1:]):
        # a blank line between them: some line of the gap strips to nothing
        if idx > prev + 1 and not all(map(str.strip, lines[prev + 1 : idx])):
            out.append("")
        out.append(trim(lines[idx]))
    return "\n".join(out)
