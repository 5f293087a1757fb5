"""afgld: linked data about Afghan anti-Taliban opposition politics, curated from news articles.

Importing the package loads no data, and not even the package metadata: graphs are read when a
command or ``create_app`` asks, and ``afgld.__version__`` is looked up when first asked for
(a query process never asks, and stays small).
"""


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("afgld")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0.0.0"
    raise AttributeError(f"module 'afgld' has no attribute {name!r}")
