from __future__ import annotations

import hashlib

import pytest

from tocsin.ingest.clean import clean_text, content_id, headline, is_chrome, with_headline

CHROME = [
    "Accessibility links", "Breaking News", "Skip to main content", "Share this article",
    "We use cookies to improve your experience on our site.", "Accept all cookies", "Cookie settings",
    "Subscribe to our newsletter", "Follow us on X", "Advertisement", "Read more: Floods hit the north",
    "© 2025 Example Times. All rights reserved.", "Listen to this article 4 min", "12 comments",
]
PROSE = [
    "Share prices in Lagos fell sharply after the attack.",
    "Breaking news of the ambush reached the capital by noon.",
    "Subscribers to the local radio service heard the warning first.",
    "Advertisement boards along the road were set on fire by the crowd.",
    "Follow-up raids by police led to 14 arrests on Tuesday.",
]


@pytest.mark.parametrize("line", CHROME)
def test_chrome_lines_are_recognised(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_starting_like_chrome_is_kept(line: str) -> None:
    assert not is_chrome(line)
    assert clean_text(line) == line


def test_clean_drops_chrome_and_keeps_paragraphs() -> None:
    raw = ("Accessibility links\r\n\r\nBreaking News\r\n\r\nTroops deployed to  Kaduna\r\n"
           "Soldiers\u00a0were sent to the city on Monday.\r\n\r\n\r\nShare this article\r\n"
           "Residents said   shops stayed shut.\r\n")
    assert clean_text(raw) == ("Troops deployed to Kaduna\n\nSoldiers were sent to the city on Monday.\n\n"
                               "Residents said shops stayed shut.")


def test_hard_wrapped_lines_are_joined() -> None:
    raw = "Police said the crowd of about 500 people\nmarched to the governor's office.\nThey left at noon."
    assert clean_text(raw) == ("Police said the crowd of about 500 people marched to the governor's office."
                               "\n\nThey left at noon.")


def test_headline_is_a_short_unpunctuated_first_line() -> None:
    assert headline("Gunmen kill 12 in Zamfara village\n\nGunmen attacked ...") == "Gunmen kill 12 in Zamfara village"
    assert headline("Gunmen killed 12 people in a village on Sunday.\n\nMore ...") is None
    assert headline("Breaking\n\nMore") is None


def test_with_headline_prepends_or_drops_kicker() -> None:
    assert with_headline("Body text here.", "A headline") == "A headline\n\nBody text here."
    assert with_headline("Nigeria\n\nA headline\n\nBody.", "A headline") == "A headline\n\nBody."
    assert with_headline("A headline\n\nBody.", "A headline") == "A headline\n\nBody."


def test_content_id_is_sha1_prefix_and_stable() -> None:
    text = "Troops deployed to Kaduna\n\nSoldiers were sent."
    assert content_id(text) == hashlib.sha1(text.encode()).hexdigest()[:16]
    assert content_id(text) == content_id(str(text))
    assert content_id(text) != content_id(text + " ")
