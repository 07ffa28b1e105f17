"""``claimledger serve``: the local web UI and JSON API over one ledger.

Registered in :mod:`claimledger.cli.main` with ``app.command()(serve)``.  Loopback only by
default; any other ``--host`` exposes the ledger (and its upload form) to the network, so
it requires a token, and then every request must carry it.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from claimledger.errors import ClaimledgerError, UsageError


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[Path, typer.Option("--db", help="The SQLite ledger file (created empty if missing).")],
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[str | None, typer.Option(envvar="CLAIMLEDGER_TOKEN", show_default=False,
                                              help="Require this token on every request (env CLAIMLEDGER_TOKEN).")] = None,
    max_upload_mb: Annotated[int, typer.Option(min=1, max=2048, help="Largest request/upload accepted, in MB.")] = 20,
) -> None:
    """Serve the ledger as a local web UI and JSON API (add articles, search, browse findings)."""
    import uvicorn

    from claimledger.cli.main import fail, out
    from claimledger.web import create_app
    from claimledger.web.security import LOOPBACK_NAMES

    if not _loopback(host) and not token:
        fail(UsageError(f"--host {host} would expose the ledger beyond this machine without a token.",
                        hint="Add --token TOKEN (or set CLAIMLEDGER_TOKEN), or keep the default --host 127.0.0.1."))
    try:
        app = create_app(db, token=token or None, max_upload_bytes=max_upload_mb * 1_000_000,
                         allowed_hosts=LOOPBACK_NAMES | {host})
    except ClaimledgerError as exc:
        fail(exc)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    out.print(f"Serving {db} at {url}" + (" (token required: open the URL with ?token=TOKEN once)" if token else ""),
              markup=False)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False,
                forwarded_allow_ips="", timeout_graceful_shutdown=5)
