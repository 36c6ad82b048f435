"""Comprehend: DetectSentiment answered from the text by a small word list. This is NOT
Comprehend's model: it exists so that local runs can take every branch a sentiment decides."""

import re

from moto.comprehend.models import ComprehendBackend
from moto.core.exceptions import JsonRESTError

# The rule, word by word: a review is POSITIVE when it uses only words of the first list,
# NEGATIVE with only words of the second, MIXED with both, NEUTRAL with neither. English only,
# whatever the language code; no negation ("not good" is positive), no weighting by count.
POSITIVE_WORDS = frozenset(
    "amazing awesome brilliant delighted excellent fantastic glad good great happy helpful "
    "love loved lovely perfect pleased recommend superb thank thanks wonderful".split()
)
NEGATIVE_WORDS = frozenset(
    "angry awful bad broken damaged defective disappointed disappointing faulty hate hated "
    "horrible late missing poor refund rude terrible unacceptable useless worst wrong".split()
)
# Fixed scores per sentiment (the winner highest), each set summing to 1 as Comprehend's do.
SCORES = {
    "POSITIVE": {"Positive": 0.96, "Negative": 0.01, "Neutral": 0.025, "Mixed": 0.005},
    "NEGATIVE": {"Positive": 0.01, "Negative": 0.96, "Neutral": 0.025, "Mixed": 0.005},
    "MIXED": {"Positive": 0.3, "Negative": 0.3, "Neutral": 0.05, "Mixed": 0.35},
    "NEUTRAL": {"Positive": 0.02, "Negative": 0.01, "Neutral": 0.965, "Mixed": 0.005},
}
# @see https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectSentiment.html
MAX_TEXT_BYTES = 5000
LANGUAGE_CODES = ("ar", "hi", "ko", "zh-TW", "ja", "zh", "de", "pt", "en", "it", "fr", "es")
WORD = re.compile(r"[a-z]+")


class ValidationException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("ValidationException", f"1 validation error detected: {message}")


class TextSizeLimitExceededException(JsonRESTError):
    def __init__(self, size: int) -> None:
        super().__init__(
            "TextSizeLimitExceededException",
            f"Input text size exceeds limit. Max length of request text allowed is {MAX_TEXT_BYTES} bytes "
            f"while in this request the text size is {size} bytes",
        )


def answer_detect_sentiment_from_text() -> None:
    """Comprehend DetectSentiment: a sentiment that follows the text (moto always answers NEUTRAL).

    Answers Comprehend's shape ({Sentiment, SentimentScore}) by the word lists above, and its
    errors: ValidationException for a missing or empty text and for a language code outside
    DetectSentiment's twelve (all twelve support sentiment, so UnsupportedLanguageException
    never applies), TextSizeLimitExceededException above 5,000 UTF-8 bytes.
    """

    def detect_sentiment(self, text, language):
        _validate(text, language)
        sentiment = sentiment_of(text)
        return {"Sentiment": sentiment, "SentimentScore": dict(SCORES[sentiment])}

    ComprehendBackend.detect_sentiment = detect_sentiment


def sentiment_of(text: str) -> str:
    words = set(WORD.findall(text.lower()))
    positive, negative = bool(words & POSITIVE_WORDS), bool(words & NEGATIVE_WORDS)
    if positive and negative:
        return "MIXED"
    return "POSITIVE" if positive else "NEGATIVE" if negative else "NEUTRAL"


def _validate(text, language) -> None:
    if text is None:
        raise ValidationException("Value null at 'text' failed to satisfy constraint: Member must not be null")
    if text == "":
        raise ValidationException("Value at 'text' failed to satisfy constraint: Member must have length greater than or equal to 1")
    if language is None:
        raise ValidationException("Value null at 'languageCode' failed to satisfy constraint: Member must not be null")
    if language not in LANGUAGE_CODES:
        allowed = ", ".join(LANGUAGE_CODES)
        raise ValidationException(f"Value '{language}' at 'languageCode' failed to satisfy constraint: Member must satisfy enum value set: [{allowed}]")
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise TextSizeLimitExceededException(size)
