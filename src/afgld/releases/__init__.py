"""Releases: archived, verifiable, diffable versions of the dataset, and the IRIs they retired.

``archive`` reads and writes the compact form of a release (gzipped N-Quads under a canonical
base, ``SHA256SUMS``, ``release.json``); ``diff`` compares two releases; ``published`` reads
what a build wrote about its releases and redirects, for the server. Nothing here imports the
pipeline stages or the web app: the build, the validator and the server all use it.
"""
