"""tamis: clean, deduplicated, quality-labelled text from raw web documents."""

from tamis.document import Document

__all__ = ["Document"]
__version__ = "0.1.0"
