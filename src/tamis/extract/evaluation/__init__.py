"""The extraction benchmark behind ``tamis eval extract``: gold pages in, a precision/recall/F1 table out."""
