"""The HTTP API and the dashboard: read-only over a DuckDB store, one cursor per request.

`POST /ingest` exists only when `serve.token` is set, and then needs it as a Bearer token.
"""

from __future__ import annotations

import json
import secrets
import threading
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator, Iterator, Literal
from urllib.parse import urlencode

import duckdb
from fastapi import Depends, FastAPI, Header, HTTPException, Path as PathParam, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator

import tocsin
from tocsin.config import Config, load_config
from tocsin.errors import StoreError
from tocsin.serve.errors import install_error_handlers
from tocsin.serve.evidence import highlights
from tocsin.serve.exports import register_exports
from tocsin.store import query as Q
from tocsin.store.query import EventQuery, InvalidQuery, deadline

STATIC = Path(str(resources.files("tocsin.serve").joinpath("static")))
VENDOR = STATIC / "vendor"
# The dashboard loads only its own files: no CDN, no tile server, no inline script.
DASHBOARD_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                 "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")

FILTER_PARAMS = frozenset({"since", "until", "country", "admin1", "type", "mode", "acled_type", "actor", "q",
                           "status", "bbox", "near", "min_killed", "historical"})
PAGE_PARAMS = frozenset({"sort", "limit", "cursor"})


class Database:
    """The served DuckDB file: opened once, read-only unless ingest is enabled; a cursor per request."""

    def __init__(self, path: str | Path, config: Config, *, writable: bool):
        self.path = Path(path)
        self.writable = writable
        self.store = None
        self.write_lock = threading.Lock()
        if writable:
            from tocsin.store import Store

            self.store = Store(str(self.path), config)
            self.connection = self.store.connection
        else:
            if not self.path.is_file():
                raise StoreError(f"no database at {self.path}",
                                 fix=f"ingest first: tocsin ingest samples/ --db {self.path}")
            try:
                self.connection = duckdb.connect(str(self.path), read_only=True)
            except duckdb.Error as exc:
                raise StoreError(f"cannot open {self.path} read-only: {exc}",
                                 fix="stop the process writing to it, or serve a copy") from exc
        tables = {row[0] for row in self.connection.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"events", "articles", "event_sources"} <= tables:
            raise StoreError(f"{self.path} is not a tocsin database (no events table)",
                             fix=f"ingest into it first: tocsin ingest samples/ --db {self.path}")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.connection.cursor()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        else:
            self.connection.close()


def _split_numbers(name: str, raw: str | None, n: int) -> list[float] | None:
    if raw is None or raw == "":
        return None
    try:
        values = [float(part) for part in raw.split(",")]
    except ValueError:
        values = []
    if len(values) != n:
        raise InvalidQuery(f"{name}={raw!r} needs {n} comma-separated numbers",
                           fix="bbox=WEST,SOUTH,EAST,NORTH; near=LAT,LON,KM")
    return values


class Filters:
    """The event filters shared by listing, facets, map, timeline and exports.

    Unknown parameters are refused (422), so a misspelt filter never silently returns everything.
    """

    def __init__(self, extra: frozenset[str] = frozenset()):
        self.allowed = FILTER_PARAMS | PAGE_PARAMS | extra

    def __call__(
        self,
        request: Request,
        since: date | None = Query(None, description="Earliest event date (YYYY-MM-DD), inclusive."),
        until: date | None = Query(None, description="Latest event date (YYYY-MM-DD), inclusive."),
        country: str | None = Query(None, description="ISO3 country codes of the location, comma-separated.",
                                    examples=["KGZ,UZB"]),
        admin1: str | None = Query(None, description="First-level region name of the location."),
        type: str | None = Query(None, description="PLOVER types, comma-separated.", examples=["ASSAULT,PROTEST"]),
        mode: str | None = Query(None, description="PLOVER mode, e.g. primitive."),
        acled_type: str | None = Query(None, description="ACLED event type or sub-event type."),
        actor: str | None = Query(None, max_length=200, description="Substring of the source or target actor name."),
        q: str | None = Query(None, max_length=200, description="Words that must all occur in the evidence, "
                                                                 "actor names or place."),
        status: str | None = Query(None, description="Statuses, comma-separated (reported, claimed, ...)."),
        bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH in degrees."),
        near: str | None = Query(None, description="LAT,LON,KM: within KM of a point."),
        min_killed: int | None = Query(None, ge=0, description="At least this many killed (best estimate)."),
        historical: Literal["false", "true", "any"] = Query(
            "false", description="Background events the article recalls: false (default) leaves them out, "
                                 "true gives only them, any gives both."),
        sort: str = Query("-date", description=f"One of {', '.join(Q.SORT_CHOICES)}."),
        limit: int | None = Query(None, ge=1, description="Page size (default serve.page_size, "
                                                          "at most serve.max_page_size)."),
        cursor: str | None = Query(None, max_length=400, description="next_cursor of the previous page."),
    ) -> EventQuery:
        unknown = sorted(set(request.query_params) - self.allowed)
        if unknown:
            raise InvalidQuery(f"unknown parameter {unknown[0]!r}",
                               fix=f"use: {', '.join(sorted(self.allowed))}")
        serve = request.app.state.config["serve"]
        return EventQuery(
            since=since, until=until, country=country, admin1=admin1, plover_type=type, plover_mode=mode,
            acled_type=acled_type, actor=actor, text=q, status=status,
            bbox=_split_numbers("bbox", bbox, 4), near=_split_numbers("near", near, 3), min_killed=min_killed,
            historical={"false": False, "true": True, "any": None}[historical], sort=sort,
            limit=limit or serve["page_size"], cursor=cursor, max_limit=serve["max_page_size"])


def get_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = request.app.state.db.cursor()
    try:
        yield cur
    finally:
        cur.close()


def _timeout(request: Request) -> float:
    return float(request.app.state.config["serve"]["query_timeout_s"])


def _not_found(kind: str, ident: str) -> HTTPException:
    return HTTPException(404, {"code": "T520", "message": f"no {kind} with id {ident!r}",
                               "fix": f"list {kind}s at /events"})


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, description="Article text or HTML.")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="Publication date, YYYY-MM-DD.")


class IngestRequest(BaseModel):
    articles: list[ArticleIn] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> "IngestRequest":
        if not self.articles and not self.urls:
            raise ValueError("give articles or urls")
        return self


def create_app(config: Config | None = None, *, db_path: str | Path | None = None) -> FastAPI:
    """The FastAPI app over the database at `db_path` (default `store.path`)."""
    config = config or load_config()
    serve = config["serve"]
    token = serve["token"] or ""
    db = Database(db_path or config["store"]["path"], config, writable=bool(token))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(title="tocsin", version=getattr(tocsin, "__version__", "0.1.0"), lifespan=lifespan,
                  description="Political violence and crisis events coded from news: query, facet, map, export.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.config = config
    app.state.db = db
    install_error_handlers(app)
    if serve["cors_origins"]:
        app.add_middleware(CORSMiddleware, allow_origins=list(serve["cors_origins"]),
                           allow_methods=["GET", "POST"] if token else ["GET"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    events_filters = Filters()
    map_filters = Filters(frozenset({"zoom"}))
    timeline_filters = Filters(frozenset({"interval"}))

    @app.get("/health", tags=["meta"], summary="Liveness and database counts")
    def health(cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        events, articles, last = cur.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles), "
            "(SELECT CAST(max(date) AS VARCHAR) FROM events)").fetchone()
        return {"status": "ok", "events": events, "articles": articles, "latest_event_date": last,
                "read_only": not db.writable, "ingest": bool(token),
                "dashboard_assets": (VENDOR / "leaflet" / "leaflet.js").is_file()}

    @app.get("/events", tags=["events"], summary="Events matching filters, one page at a time",
             response_description="`events` (event records), `next_cursor` and `next` (null on the last page)")
    def list_events(request: Request, q: EventQuery = Depends(events_filters),
                    cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> Response:
        with deadline(cur, _timeout(request)):
            page = Q.query_records(cur, q)
        next_url = None
        if page.next_cursor:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
            next_url = f"{request.url.path}?{urlencode(params + [('cursor', page.next_cursor)])}"
        # Records are stored as JSON: splice them in rather than parse and re-serialise each one.
        body = ('{"events":[' + ",".join(page.records) + '],"count":' + str(len(page.records))
                + ',"next_cursor":' + json.dumps(page.next_cursor) + ',"next":' + json.dumps(next_url) + "}")
        return Response(body, media_type="application/json")

    @app.get("/events/{event_id}", tags=["events"], summary="One event with its evidence, sources and history")
    def one_event(request: Request, event_id: str = PathParam(max_length=200),
                  cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        with deadline(cur, _timeout(request)):
            event = Q.get_event(cur, event_id)
            if event is None:
                raise _not_found("event", event_id)
            articles = Q.event_articles(cur, event.event_id)
            changes = Q.event_changes(cur, event.event_id)
        return {"event": event.model_dump(mode="json"), "highlights": highlights(event),
                "articles": articles, "changes": changes}

    @app.get("/changes", tags=["events"],
             summary="The change feed (create, update, merge) after a sequence number, to keep a copy in step")
    def get_changes(request: Request, after: int = Query(0, ge=0, description="last sequence number already applied"),
                    limit: int = Query(500, ge=1, le=5000, description="most entries to return"),
                    cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        with deadline(cur, _timeout(request)):
            changes = Q.changes_after(cur, after, limit)
        return {"changes": changes, "next_after": changes[-1]["seq"] if changes else after}

    @app.get("/facets", tags=["events"], summary="Counts by PLOVER type, ACLED type, country, status and day")
    def get_facets(request: Request, q: EventQuery = Depends(events_filters),
                   cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        with deadline(cur, _timeout(request)):
            return Q.facets(cur, q)

    @app.get("/map", tags=["dashboard"], summary="Map features: events, or grid clusters when many are in view")
    def get_map(request: Request, zoom: int = Query(2, ge=0, le=18, description="Map zoom level."),
                q: EventQuery = Depends(map_filters),
                cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        with deadline(cur, _timeout(request)):
            return Q.map_points(cur, q, zoom=zoom, max_points=serve["map_max_points"])

    @app.get("/timeline", tags=["dashboard"], summary="Event counts per day (or week/month) stacked by PLOVER type")
    def get_timeline(request: Request,
                     interval: Literal["day", "week", "month", "year"] | None = Query(
                         None, description="Bar width; default: finest giving at most 400 bars."),
                     q: EventQuery = Depends(timeline_filters),
                     cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        with deadline(cur, _timeout(request)):
            return Q.timeline(cur, q, interval=interval)

    @app.get("/articles/{article_id}", tags=["articles"], summary="One stored article, its clean text and events")
    def one_article(request: Request, article_id: str = PathParam(max_length=200),
                    cur: duckdb.DuckDBPyConnection = Depends(get_cursor)) -> dict[str, Any]:
        with deadline(cur, _timeout(request)):
            article = Q.get_article(cur, article_id)
            if article is None:
                raise _not_found("article", article_id)
            ids = [row[0] for row in cur.execute(
                "SELECT event_id FROM event_sources WHERE article_id = ? ORDER BY event_id", [article_id]).fetchall()]
        return {"article": article.model_dump(mode="json"), "event_ids": ids}

    register_exports(app, events_filters)
    if token:
        _register_ingest(app, config, token)
    _register_pages(app)
    return app


def _register_ingest(app: FastAPI, config: Config, token: str) -> None:
    """POST /ingest: code posted articles or URLs and store them (Bearer token required)."""

    def require_token(authorization: str | None = Header(None, include_in_schema=False)) -> None:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise HTTPException(401, {"code": "T521", "message": "a Bearer token is required",
                                      "fix": "send Authorization: Bearer <serve.token>"},
                                headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(authorization[7:].strip().encode(), token.encode()):
            raise HTTPException(403, {"code": "T522", "message": "the token is not valid",
                                      "fix": "use the token set in serve.token"})

    pipeline_holder: dict[str, Any] = {}

    @app.post("/ingest", tags=["ingest"], summary="Code and store articles (text or URLs)",
              dependencies=[Depends(require_token)])
    def ingest(request: Request, body: IngestRequest) -> dict[str, Any]:
        from tocsin.errors import InputRejected
        from tocsin.ingest import article_from_text, read_inputs
        from tocsin.model import Rejection
        from tocsin.runner import IngestRun

        limit = config["serve"]["max_ingest_articles"]
        if len(body.articles) + len(body.urls) > limit:
            raise InvalidQuery(f"{len(body.articles) + len(body.urls)} items in one request",
                               fix=f"send at most serve.max_ingest_articles={limit} per request")
        articles, rejections = [], []
        for i, item in enumerate(body.articles):
            origin = item.url or f"api:articles[{i}]"
            try:
                articles.append(article_from_text(item.text, published=item.published, url=item.url,
                                                  title=item.title, source="api", origin=origin, config=config))
            except InputRejected as exc:
                rejections.append(Rejection(origin=origin, status="skipped", code=exc.code, reason=exc.message))
        for read in read_inputs(body.urls, config) if body.urls else []:
            (rejections if isinstance(read, Rejection) else articles).append(read)
        db: Database = request.app.state.db
        with db.write_lock:  # one writer; the pipeline is built once, on first use
            if "run" not in pipeline_holder:
                pipeline_holder["run"] = IngestRun(config)
            run = pipeline_holder["run"]
            documents, failures = run.code(articles) if articles else ([], [])
            result = db.store.write_batch(documents, rejections + failures)
        return {"stored": result.stored, "duplicates": result.duplicates,
                "articles": [{"id": d.article.id, "origin": d.article.origin,
                              "event_ids": [e.event_id for e in d.events]} for d in documents],
                "rejected": [r.model_dump() for r in rejections + failures]}


def _register_pages(app: FastAPI) -> None:
    """The dashboard and the API docs, both served from local files only."""

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": DASHBOARD_CSP,
                                                             "Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not (VENDOR / "swagger-ui" / "swagger-ui-bundle.js").is_file():
            return HTMLResponse("<p>API docs need the dashboard assets: run <code>make assets</code> "
                                "(scripts/dashboard_assets.sh). The OpenAPI description is at "
                                "<a href='/openapi.json'>/openapi.json</a>.</p>", status_code=503)
        return get_swagger_ui_html(openapi_url="/openapi.json", title="tocsin API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
