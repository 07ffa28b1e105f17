"""The local web UI and JSON API (FastAPI): ``create_app(db_path, token=None)``."""

from claimledger.web.app import create_app

__all__ = ["create_app"]
