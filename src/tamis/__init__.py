"""tamis: clean, deduplicated, quality-labelled text from raw web documents."""

from tamis.document import Document

__all__ = ["Document"]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Lazy, so that `import tamis` stays cheap: the extraction model loads only when used.
    if name in ("clean_text", "clean_texts", "extract_html", "extract_htmls"):
        import tamis.extract

        return getattr(tamis.extract, name)
    raise AttributeError(f"module 'tamis' has no attribute {name!r}")
