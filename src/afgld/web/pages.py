"""Home page (placeholder until the Linked Data views land)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    manifest = current_app.extensions["afgld.store"].manifest
    return render_template("home.html", manifest=manifest)
