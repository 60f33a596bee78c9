"""The console web app (FastAPI + Jinja2), assembled: the public pages (the service directory, the web
chat widget, sign-in, joining), each staff audience's pages (advisor, editor, admin, one's own
account), the JSON API by resource, the domain errors' handlers and the background workers.

The layout of `console/` follows the audiences: `public/`, `staff/`, `advisor/`, `editor/`,
`admin/` hold pages; `api/` holds one module per resource; templates, page helpers, sign-in,
permissions and error handling are shared from the package's top level."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from console import admin, advisor, api, editor, errors, public, staff
from console.workers import lifespan
from settings import get_settings

HERE = Path(__file__).parent

app = FastAPI(title="Alku console", version="0.3.0", lifespan=lifespan)
app.add_middleware(
    SessionMiddleware,
    secret_key=get_settings().secret_key,
    session_cookie="alku_session",
    max_age=get_settings().token_minutes * 60,
    same_site="lax",
    https_only=get_settings().is_production,
)
app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
for audience in (api, public, staff, advisor, editor, admin):
    app.include_router(audience.router)
errors.install(app)


@app.get("/health", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}
