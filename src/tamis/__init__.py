"""tamis: clean, deduplicated, quality-labelled text from raw web documents."""

from tamis.document import Document

_LAZY = ("clean_text", "clean_texts", "extract_html", "extract_htmls")
__all__ = ["Document", *_LAZY]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Lazy, so that `import tamis` stays cheap: the extraction model loads only when used.
    if name in _LAZY:
        import tamis.extract

        return getattr(tamis.extract, name)
    raise AttributeError(f"module 'tamis' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The lazy names are not in globals() until used; help() and completion should see them anyway.
    return sorted({*globals(), *_LAZY})
