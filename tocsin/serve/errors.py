"""One JSON error shape for every failure the API returns.

``{"error": {"code": "T510", "message": "...", "fix": "...", "details": [...]}}``
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tocsin.errors import StoreError, TocsinError
from tocsin.store.query import InvalidQuery, QueryTimeout

log = logging.getLogger("tocsin.serve")

# HTTP statuses the app raises itself -> stable codes in the T5xx serving range.
HTTP_CODES = {400: "T512", 401: "T521", 403: "T522", 404: "T520", 405: "T523", 413: "T524", 422: "T510"}


def error_body(code: str, message: str, *, fix: str | None = None,
               details: list[Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "details": details or []}
    if fix:
        body["fix"] = fix
    return {"error": body}


def error_response(status: int, code: str, message: str, *, fix: str | None = None,
                   details: list[Any] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, fix=fix, details=details), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for item in exc.errors():
        loc = [str(part) for part in item.get("loc", ()) if part not in ("query", "body", "path")]
        details.append({"field": ".".join(loc) or None, "message": item.get("msg", "invalid"),
                        "type": item.get("type")})
    return details


# HTTP status of each library error (the most specific class in the error's MRO wins).
STATUS_OF: dict[type, int] = {InvalidQuery: 422, QueryTimeout: 503, StoreError: 503, TocsinError: 400}


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception to the one error shape."""

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        first = details[0] if details else {"field": None, "message": "invalid"}
        where = f"{first['field']}: " if first.get("field") else ""
        return error_response(422, "T510", f"invalid request: {where}{first['message']}",
                              fix="see details and the OpenAPI description at /docs", details=details)

    @app.exception_handler(TocsinError)
    async def _tocsin(_: Request, exc: TocsinError) -> JSONResponse:
        status = next(STATUS_OF[kind] for kind in type(exc).__mro__ if kind in STATUS_OF)
        return error_response(status, exc.code, exc.message, fix=exc.fix)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.detail, dict) and "code" in exc.detail:
            return error_response(exc.status_code, exc.detail["code"], exc.detail["message"],
                                  fix=exc.detail.get("fix"), headers=exc.headers)
        return error_response(exc.status_code, HTTP_CODES.get(exc.status_code, "T500"), str(exc.detail),
                              headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "T500", "internal error", fix="see the server log; report it if it repeats")
