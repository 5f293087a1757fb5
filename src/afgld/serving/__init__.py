"""Serving: the process that runs the web app in production, above it and apart from it.

* ``serve``: ``afgld serve`` — read the settings once, build if needed, check the build, start;
* ``server``: granian over RSGI; each web worker gets the resolved settings from the main
  process (never through the environment), builds the app and readies its query processes;
* ``bridge``: reads whole requests on the event loop before an app thread sees them;
* ``accesslog``: one line a request.
"""
