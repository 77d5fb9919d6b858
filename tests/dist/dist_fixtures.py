"""Fixtures for the distributed runs: small invented news files of each kind the planner splits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

# Invented reports (not from any real outlet), varied enough for the coder, geocoder and merger.
STORIES = [
    ("2021-03-02", "Gunmen kill five villagers in Zamfara\n\nGunmen killed five villagers and wounded three others "
     "in an attack on a village in Zamfara State on Monday, police said. The attackers arrived on motorcycles and "
     "set fire to several houses before fleeing into the forest. A police spokesman said two suspects had been "
     "arrested on Tuesday."),
    ("2021-03-04", "Thousands protest fuel prices in Lagos\n\nThousands of protesters marched through Lagos on "
     "Wednesday to denounce a rise in fuel prices. Police fired tear gas to disperse the crowd near the state "
     "assembly, and witnesses said at least 12 people were injured. Union leaders threatened a national strike "
     "if the government did not reverse the increase."),
    ("2021-03-05", "Army says it repelled attack in Borno\n\nSoldiers repelled an attack by insurgents on a "
     "military base near Maiduguri on Thursday, killing 20 of the fighters, the army said in a statement. "
     "Two soldiers died in the clash. The weather in the region has been dry for weeks, and markets in the city "
     "reopened on Friday."),
    ("2021-03-08", "Water runs out in camp for displaced families\n\nAid workers warned on Sunday that clean water "
     "had run out in a camp near Goma that shelters about 4,000 displaced families who fled fighting in the "
     "hills. The United Nations said it would send trucks. Local officials met the camp committee to discuss "
     "the shortage of food and medicine."),
    ("2021-03-09", "Minister visits Kyiv for talks\n\nThe foreign minister of Poland travelled to Kyiv on Monday "
     "for talks with the Ukrainian president on energy and border crossings. The two governments signed an "
     "agreement on rail freight. Officials said the meeting was cordial and that a further round was planned "
     "for May."),
    ("2021-03-10", "Bomb blast kills three in Quetta market\n\nA bomb hidden on a motorcycle exploded in a crowded "
     "market in Quetta on Tuesday evening, killing three people and injuring at least 15, police said. No group "
     "claimed responsibility. Shopkeepers closed their stalls and the city council held an emergency session."),
    ("2021-03-11", "Students detained after campus rally\n\nPolice in Dhaka detained 40 students on Wednesday after "
     "a rally on the university campus against new exam rules turned violent. Some students threw stones at "
     "officers, who responded with batons. The university said classes would resume next week."),
]


def write_jsonl(path: Path, stories=STORIES) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i, (published, text) in enumerate(stories):
            handle.write(json.dumps({"id": f"story-{i}", "published": published, "text": text}) + "\n")
    return path


def write_warc(path: Path, stories=STORIES) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for i, (published, text) in enumerate(stories):
            headline, body = text.split("\n\n", 1)
            html = (f"<!DOCTYPE html><html><head><title>{headline}</title><meta property='article:published_time' "
                    f"content='{published}'></head><body><header><nav><a href='/'>Home</a></nav></header><main>"
                    f"<article><h1>{headline}</h1><p>{body}</p></article></main><footer>Example News</footer>"
                    "</body></html>")
            payload = html.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://news.example.org/story/{i}", "response",
                                               payload=io.BytesIO(payload), length=len(payload),
                                               http_headers=headers)
            writer.write_record(record)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    """A JSONL file, a gzipped WARC and two text files, all invented."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = folder / "texts"
    texts.mkdir()
    for i, (_published, text) in enumerate(STORIES[:2]):
        (texts / f"story{i}.txt").write_text(text, encoding="utf-8")
    return {"jsonl": write_jsonl(folder / "wire.jsonl"), "warc": write_warc(folder / "crawl.warc.gz"),
            "texts": texts}
