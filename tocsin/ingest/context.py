"""What every reader needs: the config, the --published override, and how to make an Article."""

from __future__ import annotations

from dataclasses import dataclass

from tocsin.config import Config
from tocsin.ingest.article import BASIS_FLAG, article_from_text
from tocsin.model import Article


@dataclass(frozen=True)
class ReadContext:
    config: Config
    published: str | None = None  # --published: wins over any date found in the input

    @property
    def max_bytes(self) -> int:
        return int(self.config["ingest"]["max_bytes"])

    def article(self, text: str, *, published: str | None = None, basis: str | None = None,
                url: str | None = None, title: str | None = None, source: str | None = None,
                origin: str | None = None) -> Article:
        """An Article from found text and metadata; the override date replaces a found one."""
        if self.published is not None:
            published, basis = self.published, BASIS_FLAG
        return article_from_text(
            text, published=published, published_basis=basis if published else None,
            url=url, title=title, source=source, origin=origin, config=self.config,
        )
