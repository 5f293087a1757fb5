"""afgld: linked data about Afghan anti-Taliban opposition politics, curated from news articles.

Importing the package loads no data: graphs are read when a command or ``create_app`` asks.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("afgld")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
