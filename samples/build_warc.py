"""Build samples/warc/sample.warc.gz from some of the sample HTML pages (CC-NEWS style).

Written for the tocsin project. Run from the repository root:

    .venv/bin/python samples/build_warc.py

Each page becomes a request record and an HTML response record whose target URI is the
page's canonical URL; a robots.txt response (not HTML) and a warcinfo record are added so
readers are tested on records that are not documents. Record ids and dates are derived from
the inputs, so the output is the same on every run.
"""

from __future__ import annotations

import re
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SAMPLES = Path(__file__).resolve().parent
PAGES = (  # (file, crawl time): crawled a few hours after publication, as CC-NEWS does
    ("html/jos_curfew_2025-04-15.html", "2025-04-15T14:02:11Z"),
    ("html/el_fasher_drone_2024-09-22.html", "2024-09-22T19:40:03Z"),
    ("html/quetta_bombing_2024-11-10.html", "2024-11-10T11:17:45Z"),
)
OUTPUT = SAMPLES / "warc" / "sample.warc.gz"
CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')


def _headers(uri: str, date: str, kind: str) -> dict[str, str]:
    return {"WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + uri)}>", "WARC-Date": date}


def _write_page(writer: WARCWriter, html: bytes, date: str) -> None:
    uri = CANONICAL.search(html).group(1).decode()
    host = uri.split("/")[2]
    request = StatusAndHeaders(f"GET /{uri.split('/', 3)[3]} HTTP/1.1", [("Host", host), ("User-Agent", "tocsin-sample")],
                               is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", http_headers=request,
                                                  warc_headers_dict=_headers(uri, date, "request")))
    response = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                           ("Content-Length", str(len(html)))], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(html), length=len(html),
                                                  http_headers=response,
                                                  warc_headers_dict=_headers(uri, date, "response")))


def _write_robots(writer: WARCWriter) -> None:
    uri, body = "https://sahelcourier.example/robots.txt", b"User-agent: *\nAllow: /\n"
    response = StatusAndHeaders("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), length=len(body),
                                                  http_headers=response,
                                                  warc_headers_dict=_headers(uri, "2025-04-15T14:01:58Z", "response")))


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(OUTPUT.name, {"software": "tocsin samples/build_warc.py",
                                                           "description": "Sample WARC written for the tocsin project; events are illustrative."})
        info.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'warcinfo')}>")
        info.rec_headers.replace_header("WARC-Date", PAGES[0][1])
        writer.write_record(info)
        _write_robots(writer)
        for name, date in PAGES:
            _write_page(writer, (SAMPLES / name).read_bytes(), date)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
