"""Each kind of bad input gives its code, and the rest of the batch is still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tocsin.ingest.sources as sources
from tocsin.config import Config
from tocsin.errors import InputRejected
from tocsin.ingest import read_inputs

GOOD = (
    "Protesters block highway near Peshawar\n\n"
    "Hundreds of traders blocked the main highway near Peshawar on Tuesday to protest against power cuts "
    "that they said had lasted up to 18 hours a day, police said. The protest ended peacefully in the evening."
)
SPANISH = (
    "Miles de personas marcharon el sábado por el centro de Medellín para exigir mayor seguridad tras una ola "
    "de homicidios en los barrios de la ciudad. La policía informó que la jornada transcurrió sin incidentes."
)


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def bad_batch(tmp_path: Path) -> list[tuple[str, str | None]]:
    """(input, expected code or None for a good document), in batch order."""
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # 50 MB, sparse: rejecting it must not need reading it
        handle.seek(50_000_000 - 1)
        handle.write(b"\n")
    jsonl_lines = [json.dumps({"id": "a", "text": GOOD}), '{"id": "b", "text": "unterminated', json.dumps({"id": "c"}),
                   json.dumps(["not", "an", "object"]), json.dumps({"id": "d", "text": GOOD.replace("Tuesday", "Monday")})]
    cases = [
        (_write(tmp_path / "good.txt", GOOD), None),
        (_write(tmp_path / "empty.txt", ""), "T201"),
        (_write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10), "T202"),
        (_write(tmp_path / "blob.dat", b"\x00\x01\x02\x03" * 500), "T202"),
        (big, "T203"),
        (_write(tmp_path / "latin1.txt", GOOD.replace("Peshawar", "Peshäwar").encode("latin-1")), "T204"),
        (_write(tmp_path / "broken.html", "<html><head><title>x</title></head><body><div><script>var a = 1;</script><div></div>"),
         "T205"),
        (_write(tmp_path / "spanish.txt", SPANISH), "T206"),
        (_write(tmp_path / "mixed.jsonl", "\n".join(jsonl_lines) + "\n"), None),
        (tmp_path / "no_such_file.txt", "T208"),
        (_write(tmp_path / "feed.xml", "this is not a feed <<<"), "T209"),
        (_write(tmp_path / "broken.warc", "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\n"), "T211"),
        (_write(tmp_path / "page.htm", f"<html><body><article><h1>{GOOD[:38]}</h1><p>{GOOD[40:]}</p></article></body></html>"),
         None),
        (_write(tmp_path / "good2.txt", GOOD.replace("Tuesday", "Wednesday")), None),
    ]
    return [(str(path), code) for path, code in cases]


def test_each_bad_input_has_its_code_and_the_batch_goes_on(config: Config, bad_batch: list[tuple[str, str | None]]) -> None:
    results = list(read_inputs([path for path, _ in bad_batch], config))
    by_origin = {r.origin: r for r in results}
    for path, code in bad_batch:
        if code is not None:
            (rejection,) = [r for r in results if r.origin == path or r.origin.startswith(path + "#")]
            assert (rejection.code, rejection.status) == (code, "skipped"), rejection
            assert "\n" not in rejection.reason and len(rejection.reason) > 20
    assert by_origin[bad_batch[0][0]].text.startswith("Protesters")
    assert by_origin[bad_batch[-1][0]].text.startswith("Protesters")
    jsonl = next(path for path, _ in bad_batch if path.endswith("mixed.jsonl"))
    assert [by_origin[f"{jsonl}#L{n}"].code for n in (2, 3, 4)] == ["T207"] * 3
    assert by_origin[f"{jsonl}#L1"].title == by_origin[f"{jsonl}#L5"].title == "Protesters block highway near Peshawar"
    assert [r.origin for r in results][-1] == bad_batch[-1][0]


def test_language_reason_names_the_detected_language(config: Config, tmp_path: Path) -> None:
    (rejection,) = read_inputs([str(_write(tmp_path / "es.txt", SPANISH))], config)
    assert rejection.code == "T206" and "'es'" in rejection.reason


def test_unexpected_error_is_a_failed_record(config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(data: bytes, origin: str, ctx: object, url: str | None = None) -> None:
        if origin.endswith("bad.txt"):
            raise RuntimeError("reader bug")
        return real(data, origin, ctx, url)

    real = sources.article_from_bytes
    monkeypatch.setattr(sources, "article_from_bytes", explode)
    results = list(read_inputs([str(_write(tmp_path / "bad.txt", GOOD)), str(_write(tmp_path / "ok.txt", GOOD))], config))
    assert (results[0].status, results[0].code) == ("failed", "T299") and "reader bug" in results[0].reason
    assert results[1].title == "Protesters block highway near Peshawar"


def test_overlong_jsonl_line_is_skipped_and_reading_goes_on(config: Config, tmp_path: Path) -> None:
    small = config.with_overrides({"ingest.max_bytes": 2000})
    lines = [json.dumps({"text": GOOD + " x" * 5000}), json.dumps({"text": GOOD})]
    path = _write(tmp_path / "long.jsonl", "\n".join(lines))
    first, second = read_inputs([str(path)], small)
    assert (first.origin, first.code) == (f"{path}#L1", "T203")
    assert second.origin == f"{path}#L2" and second.text.startswith("Protesters")


def test_oversized_single_document_is_t203(config: Config, tmp_path: Path) -> None:
    small = config.with_overrides({"ingest.max_bytes": 100})
    (rejection,) = read_inputs([str(_write(tmp_path / "a.html", "<html>" + "<p>text</p>" * 50))], small)
    assert rejection.code == "T203" and "ingest.max_bytes" in rejection.reason


def test_truncated_warc_ends_with_t211(config: Config, samples: Path, tmp_path: Path) -> None:
    data = (samples / "warc" / "sample.warc.gz").read_bytes()
    results = list(read_inputs([str(_write(tmp_path / "cut.warc.gz", data[: len(data) - 1500]))], config))
    assert results[-1].code == "T211" and "#offset=" in results[-1].origin
    assert any(getattr(r, "title", None) for r in results[:-1])


def test_invalid_published_stops_before_reading(config: Config, samples: Path) -> None:
    with pytest.raises(InputRejected) as caught:
        list(read_inputs([str(samples)], config, published="15/04/2025x"))
    assert caught.value.code == "T212"


def test_unknown_extension_is_sniffed_before_the_size_check(config: Config, samples: Path, tmp_path: Path) -> None:
    small = config.with_overrides({"ingest.max_bytes": 3000})
    renamed = _write(tmp_path / "records.data", (samples / "jsonl" / "newswire.jsonl").read_bytes())
    results = list(read_inputs([renamed], small))  # a JSONL file bigger than max_bytes: the limit is per line
    assert [r.origin for r in results] == [f"{renamed}#L{n}" for n in range(1, 5)]
    assert all(r.title for r in results)
