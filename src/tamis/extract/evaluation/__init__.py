"""The extraction benchmark behind ``tamis eval extraction``: gold pages in, a precision/recall/F1 table out."""
