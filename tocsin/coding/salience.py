"""Which of an article's events is its main one.

News leads with its main event, but a lead can also recall background or quote a reaction. The
main event is the non-historical event whose type agrees with what the typer reads in the whole
text (title and body together: its ACLED sub-event first when ACLED events are preferred, else its
PLOVER type), then the one reported first, then the most confident.
"""

from __future__ import annotations

from typing import Sequence

from tocsin.config import Config
from tocsin.model import Event


def _first_offset(event: Event) -> int:
    return min((e.start for e in event.evidence), default=1 << 30)


def main_event(events: Sequence[Event], text: str, config: Config, *, prefer_acled: bool = False) -> Event | None:
    """The article's main event, or None when it reports only background."""
    from tocsin.coding.typing import EventTyper

    candidates = [e for e in events if not e.historical]
    if not candidates:
        return None
    guess = EventTyper.load(config).predict([text])[0]

    def rank(event: Event) -> tuple:
        acled = event.acled.sub_event_type if event.acled else None
        agrees_acled = acled is not None and acled == guess.acled_sub_event_type
        agrees_plover = event.plover.type == guess.plover_type
        return (
            -(prefer_acled and acled is not None),
            # for ACLED's view the typer's sub-event reading is the finer one, so it comes first
            -(agrees_acled if prefer_acled else agrees_plover),
            -(agrees_plover if prefer_acled else agrees_acled),
            _first_offset(event),
            -event.confidence,
        )

    return min(candidates, key=rank)
