"""The per-line features of a page, computed for whole pages or batches at once; ``page.py`` is the entry point."""
