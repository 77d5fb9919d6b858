"""URL ingest against a local http.server on 127.0.0.1, serving the sample feed and pages."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from tocsin.config import Config

SUMMARY_ONLY_ITEM = """
    <item>
      <title>Curfew imposed in Jos after clashes</title>
      <link>{base}/pages/jos.html</link>
      <guid isPermaLink="false">local-summary-only</guid>
      <pubDate>Tue, 15 Apr 2025 10:00:00 +0000</pubDate>
      <description>Clashes in Jos left many dead.</description>
    </item>
    <item>
      <title>A page that is gone</title>
      <link>{base}/pages/gone.html</link>
      <guid isPermaLink="false">local-missing</guid>
      <description>Nothing here.</description>
    </item>
  </channel>"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


@pytest.fixture
def site(tmp_path: Path, samples: Path) -> Iterator[str]:
    """A local web site: /feed.xml (sample feed + a summary-only item + a dead link) and /pages/*.html."""
    root = tmp_path / "site"
    (root / "pages").mkdir(parents=True)
    shutil.copy(samples / "html" / "jos_curfew_2025-04-15.html", root / "pages" / "jos.html")
    shutil.copy(samples / "html" / "sagaing_airstrike_2025-03-14.html", root / "pages" / "sagaing")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = (samples / "feeds" / "frontier_wire.xml").read_text(encoding="utf-8")
    (root / "feed.xml").write_text(feed.replace("\n  </channel>", SUMMARY_ONLY_ITEM.format(base=base)), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_html_page_by_url(run, config: Config, site: str) -> None:
    (article,), rejections = run([f"{site}/pages/jos.html"], config)
    assert not rejections
    assert article.origin == article.url == f"{site}/pages/jos.html"
    assert article.title == "Curfew imposed in Jos after clashes leave at least 27 dead"
    assert (article.published, article.published_basis) == ("2025-04-15", "HTML metadata (htmldate)")


def test_page_without_extension_is_sniffed_as_html(run, config: Config, site: str) -> None:
    (article,), _ = run([f"{site}/pages/sagaing"], config)
    assert article.title == "Military air strike on Sagaing village kills 11, residents say"


def test_feed_by_url_fetches_summary_only_items(run, config: Config, site: str) -> None:
    articles, rejections = run([f"{site}/feed.xml"], config)
    assert [a.origin for a in articles][:1] == [f"{site}/feed.xml#entry=frontierwire-2025-0518-kharkiv"]
    assert len(articles) == 5
    fetched = articles[-1]
    assert fetched.origin == f"{site}/feed.xml#entry=local-summary-only"
    assert fetched.url == f"{site}/pages/jos.html"
    assert "Operation Safe Haven" in fetched.text  # from the page, not the one-line summary
    assert fetched.source == "Frontier Wire"
    (gone,) = rejections
    assert (gone.origin, gone.code) == (f"{site}/feed.xml#entry=local-missing", "T210")


def test_summary_is_used_when_item_fetching_is_off(run, config: Config, site: str) -> None:
    articles, rejections = run([f"{site}/feed.xml"], config.with_overrides({"ingest.fetch_items": False}))
    assert len(articles) == 4
    assert {r.code for r in rejections} == {"T201"}  # one-line summaries are too short to use


def test_failed_fetch_is_t210_and_batch_goes_on(run, config: Config, site: str, samples: Path) -> None:
    articles, rejections = run([f"{site}/missing.html", "http://127.0.0.1:9/closed", samples / "text"], config)
    assert [r.code for r in rejections] == ["T210", "T210"]
    assert "404" in rejections[0].reason
    assert len(articles) == 4
