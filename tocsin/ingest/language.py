"""Language check with py3langid (normalised probabilities, so confidence is 0..1)."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from tocsin.config import Config
from tocsin.errors import InputRejected

SAMPLE_CHARS = 600  # the opening paragraph tells the language; the detector is pure Python, so keep it short


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    language, confidence = _identifier().classify(text[:SAMPLE_CHARS])
    return language, float(confidence)


def check_language(text: str, config: Config) -> str:
    """The language to record; raises T206 when the text is confidently in a language not accepted.

    Text the detector is unsure about is kept and recorded as the first accepted language,
    since that is how the pipeline will read it.
    """
    accepted: list[str] = list(config["ingest"]["languages"])
    language, confidence = detect_language(text)
    if language in accepted:
        return language
    if confidence >= config["ingest"]["min_language_confidence"]:
        raise InputRejected(
            f"text is in language {language!r} (confidence {confidence:.2f}), not one of {accepted}",
            fix="translate it, or add the language to ingest.languages if a model for it is installed",
            code="T206",
        )
    return accepted[0]
