"""Size limits that both the extraction and its pipeline steps read, in a module that imports
nothing: validating a step's config must not load numpy and the line model."""

# Parsing cost is linear, but a page past this size is cut: the article is nearly always early.
MAX_HTML_CHARS = 5_000_000
