"""The floor: an empty Flask view under the same gunicorn, to show what HTTP in Python costs."""

from flask import Flask

app = Flask(__name__)


@app.post("/sparql")
def sparql() -> tuple[str, int, dict[str, str]]:
    return '{"head":{},"boolean":true}', 200, {"Content-Type": "application/sparql-results+json"}


@app.get("/")
def page() -> tuple[str, int, dict[str, str]]:
    return "<!doctype html><title>floor</title><p>floor</p>", 200, {"Content-Type": "text/html"}
