"""The floor: an empty Flask view under the same gunicorn, to show what HTTP in Python costs."""

from flask import Flask, request

app = Flask(__name__)


@app.post("/sparql")
def sparql() -> tuple[str, int, dict[str, str]]:
    request.get_data()  # read the body, as the real endpoint does
    return '{"head":{},"boolean":true}', 200, {"Content-Type": "application/sparql-results+json"}


@app.get("/")
def page() -> tuple[str, int, dict[str, str]]:
    return "<!doctype html><title>floor</title><p>floor</p>", 200, {"Content-Type": "text/html"}


def rsgi_floor() -> object:
    """The floor under afgld's production server: granian, the same bridge and limits."""
    from afgld.config import Settings
    from afgld.serving.accesslog import AccessLog
    from afgld.serving.bridge import Bridge
    from afgld.serving.server import limits_from

    return Bridge(app, limits_from(Settings.resolve()), AccessLog("off"))
