"""View models: what each page shows, assembled from the page queries, with no Flask (an
import-linter contract): they are tested and reused without an app or a request."""
