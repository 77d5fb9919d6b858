"""Every input format, read from the committed sample corpus."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tocsin.config import Config

MARK = "Sample article written for the tocsin project"
CHROME_WORDS = ("Skip to main content", "cookies", "Share this article", "Subscribe", "All rights reserved")


def test_html_pages(run, config: Config, samples: Path) -> None:
    articles, rejections = run([samples / "html"], config)
    assert not rejections and len(articles) == 5
    jos = next(a for a in articles if "jos_curfew" in a.origin)
    assert jos.title == "Curfew imposed in Jos after clashes leave at least 27 dead"
    assert jos.text.startswith(jos.title + "\n\nJOS, Nigeria")
    assert (jos.published, jos.published_basis) == ("2025-04-15", "HTML metadata (htmldate)")
    assert jos.url == "https://sahelcourier.example/nigeria/2025/04/15/jos-curfew-clashes"
    assert jos.source == "Sahel Courier" and jos.origin == str(samples / "html" / "jos_curfew_2025-04-15.html")
    for article in articles:
        assert MARK in article.text
        assert not any(word in article.text for word in CHROME_WORDS), article.origin


def test_html_without_date_metadata_uses_the_dateline(run, config: Config, samples: Path) -> None:
    (quetta,), _ = run([samples / "html" / "quetta_bombing_2024-11-10.html"], config)
    assert (quetta.published, quetta.published_basis) == ("2024-11-10", "dateline in text")


def test_feed_entries(run, config: Config, samples: Path) -> None:
    feed = samples / "feeds" / "frontier_wire.xml"
    articles, rejections = run([feed], config)
    assert not rejections and len(articles) == 4
    assert [a.origin for a in articles][0] == f"{feed}#entry=frontierwire-2025-0518-kharkiv"
    kharkiv = articles[0]
    assert kharkiv.title == "Russian drones hit Kharkiv apartment blocks, injuring 23"
    assert (kharkiv.published, kharkiv.published_basis) == ("2025-05-18", "feed entry date")
    assert kharkiv.source == "Frontier Wire" and kharkiv.url.endswith("kharkiv-drone-attack-apartments")
    assert "<p>" not in kharkiv.text and "\n\n" in kharkiv.text


def test_jsonl_records(run, config: Config, samples: Path) -> None:
    path = samples / "jsonl" / "newswire.jsonl"
    articles, rejections = run([path], config)
    assert not rejections
    assert [a.origin for a in articles] == [f"{path}#L{n}" for n in range(1, 5)]
    first = articles[0]
    assert (first.published, first.published_basis) == ("2025-04-15", "JSONL field")
    assert first.title == "Jos death toll climbs to 30 as soldiers patrol streets"
    assert first.text.startswith(first.title + "\n\n")


def test_text_files(run, config: Config, samples: Path) -> None:
    articles, rejections = run([samples / "text"], config)
    assert not rejections and len(articles) == 4
    kurram = next(a for a in articles if "kurram" in a.origin)
    assert kurram.title == "Medicine runs out in Parachinar as Kurram road stays closed"
    assert kurram.published is None and kurram.published_basis is None
    for chrome in ("Accessibility links", "Breaking News", "Menu", "Advertisement", "Cookie settings", "Follow us"):
        assert chrome not in kurram.text
    bogota = next(a for a in articles if "bogota" in a.origin)
    assert (bogota.published, bogota.published_basis) == ("2025-03-12", "dateline in text")


def test_warc_records_match_their_html_pages(run, config: Config, samples: Path) -> None:
    warc = samples / "warc" / "sample.warc.gz"
    articles, rejections = run([warc], config)
    assert not rejections and len(articles) == 3  # the robots.txt response and request records are not documents
    assert all(a.origin.startswith(f"{warc}#offset=") for a in articles)
    offsets = [int(a.origin.rsplit("=", 1)[1]) for a in articles]
    assert offsets == sorted(offsets) and offsets[0] > 0
    (page,), _ = run([samples / "html" / "jos_curfew_2025-04-15.html"], config)
    assert articles[0].id == page.id and articles[0].url == page.url


def test_directory_is_read_recursively_in_sorted_order(run, config: Config, samples: Path) -> None:
    first, rejections = run([samples], config)
    second, _ = run([samples], config)
    assert not rejections
    assert [a.origin for a in first] == [a.origin for a in second]
    assert [a.id for a in first] == [a.id for a in second]
    assert len(first) == 20  # 5 HTML + 4 feed entries + 4 JSONL + 4 text + 3 WARC records
    assert not any(a.origin.endswith((".md", ".py")) for a in first)
    assert len({a.origin for a in first}) == len(first)


def test_published_override_applies_to_every_format(run, config: Config, samples: Path) -> None:
    articles, _ = run([samples], config, published="2025-06-01")
    assert {(a.published, a.published_basis) for a in articles} == {("2025-06-01", "given by --published")}


def test_two_outlets_report_the_same_event(run, config: Config, samples: Path) -> None:
    html, _ = run([samples / "html" / "jos_curfew_2025-04-15.html"], config)
    jsonl, _ = run([samples / "jsonl" / "newswire.jsonl"], config)
    courier, monitor = html[0], jsonl[0]
    assert courier.published == monitor.published == "2025-04-15"
    assert courier.source != monitor.source and courier.url != monitor.url and courier.id != monitor.id
    assert "Jos" in courier.text and "Jos" in monitor.text


@pytest.mark.parametrize("name", ["jsonl/newswire.jsonl", "html/cauca_clash_2025-02-08.html", "text/bogota_teachers_march.txt"])
def test_stdin_is_sniffed(run, config: Config, samples: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO((samples / name).read_bytes()))))
    articles, rejections = run(["-"], config)
    expected, _ = run([samples / name], config)
    assert not rejections and [a.id for a in articles] == [a.id for a in expected]
    assert all(a.origin.startswith("-") for a in articles)


def test_warc_offsets_stay_absolute_when_reading_starts_mid_file(config: Config, samples: Path) -> None:
    from tocsin.ingest.context import ReadContext
    from tocsin.ingest.warc import read_warc

    path = samples / "warc" / "sample.warc.gz"
    with path.open("rb") as handle:
        whole = list(read_warc(handle, str(path), ReadContext(config)))
    with path.open("rb") as handle:
        start = int(whole[1].origin.rsplit("=", 1)[1])
        handle.seek(start)
        tail = list(read_warc(handle, str(path), ReadContext(config)))
    assert [a.origin for a in tail] == [a.origin for a in whole[1:]]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Delta Dispatch</title>
  <id>urn:tocsin-test:delta</id>
  <updated>2024-08-02T10:00:00Z</updated>
  <entry>
    <title>Protesters and police clash in Port Harcourt</title>
    <id>urn:tocsin-test:delta:1</id>
    <link href="https://deltadispatch.example/ph-clash"/>
    <published>2024-08-01T18:30:00Z</published>
    <updated>2024-08-02T09:00:00Z</updated>
    <content type="html">&lt;p&gt;Police fired tear gas at hundreds of protesters in Port Harcourt on Thursday as demonstrations
    over the cost of living entered a second day, witnesses said.&lt;/p&gt;&lt;p&gt;At least 20 people were arrested,
    a police spokeswoman said.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_atom_feed(run, config: Config, tmp_path: Path) -> None:
    path = tmp_path / "delta.atom"
    path.write_text(ATOM, encoding="utf-8")
    (article,), rejections = run([path], config)
    assert not rejections
    assert article.origin == f"{path}#entry=urn:tocsin-test:delta:1"
    assert (article.published, article.published_basis) == ("2024-08-01", "feed entry date")
    assert article.source == "Delta Dispatch" and article.url == "https://deltadispatch.example/ph-clash"
    assert article.text.startswith("Protesters and police clash in Port Harcourt\n\nPolice fired tear gas")
    assert "a police spokeswoman said." in article.text and "<p>" not in article.text
