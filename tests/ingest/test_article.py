from __future__ import annotations

import pytest

from tocsin.config import Config
from tocsin.errors import InputRejected
from tocsin.ingest import article_from_text, parse_published

STORY = (
    "Skip to main content\nBreaking News\n\n"
    "Police arrest 40 after clashes in Kaduna\n\n"
    "KADUNA, Nigeria, March 3, 2025 (Lagos Wire) - Police in the northern Nigerian city of Kaduna said on "
    "Monday they had arrested 40 people after clashes between rival groups left at least five people dead "
    "and dozens injured.\n\n"
    "The police commissioner said a curfew would stay in force until Thursday.\n"
)
FRENCH = (
    "Des milliers de manifestants ont défilé samedi dans les rues de Dakar pour protester contre le report "
    "de l'élection présidentielle. La police a dispersé la foule avec des gaz lacrymogènes et arrêté plusieurs "
    "dizaines de personnes, selon des témoins."
)


def test_article_from_text_cleans_titles_dates_and_hashes(config: Config) -> None:
    article = article_from_text(STORY, config=config, origin="test")
    assert article.title == "Police arrest 40 after clashes in Kaduna"
    assert article.text.startswith("Police arrest 40 after clashes in Kaduna\n\nKADUNA")
    assert "Skip to main content" not in article.text and "Breaking News" not in article.text
    assert (article.published, article.published_basis) == ("2025-03-03", "dateline in text")
    assert article.language == "en" and article.origin == "test" and len(article.id) == 16


def test_same_story_with_different_chrome_and_spacing_has_same_id(config: Config) -> None:
    messy = "Accessibility links\n" + STORY.replace("\n\n", "\n\n\n").replace(" said", "  said") + "\nCookie settings\n"
    assert article_from_text(messy, config=config).id == article_from_text(STORY, config=config).id


def test_published_overrides_dateline(config: Config) -> None:
    article = article_from_text(STORY, published="2025-03-04", config=config)
    assert (article.published, article.published_basis) == ("2025-03-04", "given by --published")
    other = article_from_text(STORY, published="4 March 2025", published_basis="JSONL field", config=config)
    assert (other.published, other.published_basis) == ("2025-03-04", "JSONL field")


def test_given_title_becomes_first_paragraph(config: Config) -> None:
    body = STORY.split("\n\n", 2)[2]
    article = article_from_text(body, title="Kaduna arrests", config=config)
    assert article.title == "Kaduna arrests" and article.text.startswith("Kaduna arrests\n\nKADUNA")


def test_date_inside_a_sentence_is_not_a_dateline(config: Config) -> None:
    text = ("Curfew lifted in Kaduna\n\nThe curfew imposed after the riots of March 3, 2019 in which at least "
            "30 people died was finally lifted by the state government, officials said.")
    assert article_from_text(text, config=config).published is None


@pytest.mark.parametrize(("text", "code"), [
    ("Breaking News\nShort note.", "T201"),
    ("\x00\x01\x02binary" * 50, "T202"),
    (FRENCH, "T206"),
])
def test_unusable_text_is_rejected_with_code_and_fix(config: Config, text: str, code: str) -> None:
    with pytest.raises(InputRejected) as caught:
        article_from_text(text, config=config)
    assert caught.value.code == code and caught.value.fix


def test_language_rejection_names_the_language(config: Config) -> None:
    with pytest.raises(InputRejected, match="'fr'"):
        article_from_text(FRENCH, config=config)


def test_accepted_languages_come_from_config(config: Config) -> None:
    article = article_from_text(FRENCH, config=config.with_overrides({"ingest.languages": ["en", "fr"]}))
    assert article.language == "fr"


def test_invalid_published_is_t212() -> None:
    with pytest.raises(InputRejected) as caught:
        parse_published("2025-02-30")
    assert caught.value.code == "T212"
    assert parse_published("2025-02-03T10:00:00Z") == "2025-02-03"


@pytest.mark.parametrize(("text", "expected"), [
    ("Published: Monday, 3 March 2025 10:45 GMT\n\nBody.", "2025-03-03"),
    ("Clashes in Kaduna\n\nBy Amina Bello | 3 March 2025\n\nBody.", "2025-03-03"),
    ("Clashes in Kaduna\n\nKADUNA, 3 March 2025 (Wire) – Police said.", "2025-03-03"),
    ("Clashes in Kaduna\n\nKADUNA (Wire) – Police said on 3 March 2025 that ...", None),
    ("Remembering the March 3, 2019 massacre\n\nBody.", None),
    ("Clashes in Kaduna\n\nThe attack happened on March 3, 2019.", None),
])
def test_dateline_rules(text: str, expected: str | None) -> None:
    from tocsin.ingest.dates import dateline_date

    assert dateline_date(text) == expected
