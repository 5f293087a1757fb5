"""A static mirror of a release: every document as a file, and nginx serving them as the app
does (``afgld export-static``). See docs/decisions/20261206-negotiation-in-nginx.md."""
