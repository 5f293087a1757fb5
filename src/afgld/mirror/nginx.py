"""The static mirror on disk: the recorded answers as files, and ``nginx.conf`` serving them.

Layout of the export folder (``nginx -p DIR -c DIR/nginx.conf`` runs it, as any user)::

    nginx.conf          the server: listen address, locations, headers, the upstream if any
    conf/accept.conf    content negotiation (afgld.mirror.accept)
    conf/answers.conf   what the app answered: which URLs negotiate, redirect, their headers
    site/               every file at its URL path (a directory's page at <dir>/index.html)
    site-gz/            the app's gzip answers, at the same paths
    logs/ run/ tmp/     nginx's log, pid and temporary files

Every header of an answer is a variable looked up by a ``map`` from the answer's key (its file,
or ``@303`` for a thing's redirect); an empty value sends no header, so one list of
``add_header`` lines at the server level serves files, redirects, 304s and errors alike.
Decisions are taken in the server's rewrite phase (redirect, 406, 304) before a location is
chosen, where nginx's ``if`` is safe: locations only say where files are and their types.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from afgld.mirror.accept import Negotiation, gzip_maps, quote, range_maps
from afgld.mirror.snapshot import ERRORS, PROXIED, ExportError, File, Snapshot

# Headers the answer maps hold; the others are nginx's own or set from the decisions.
PER_ANSWER = ("Cache-Control", "Link", "Content-Disposition", "Repr-Digest", "Last-Modified")


@dataclass(frozen=True)
class Listen:
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Listen:
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit():
            raise ExportError(f"--listen wants HOST:PORT, not {text!r}")
        return cls(host.strip("[]"), int(port))

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def disk_path(url_path: str) -> str:
    """Where the file of ``url_path`` lives under site/: a directory's page as index.html."""
    return url_path + "index.html" if url_path.endswith("/") else url_path


def write_files(snapshot: Snapshot, out: Path) -> int:
    """Every recorded body under site/, its gzip twin under site-gz/; returns the bytes."""
    for folder in ("site", "site-gz"):
        if (out / folder).exists():
            shutil.rmtree(out / folder)
    total = 0
    for entry in all_files(snapshot):
        target = out / "site" / disk_path(entry.path).lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(entry.body)
        total += len(entry.body)
        if entry.gz_body is not None:
            zipped = out / "site-gz" / disk_path(entry.path).lstrip("/")
            zipped.parent.mkdir(parents=True, exist_ok=True)
            zipped.write_bytes(entry.gz_body)
            total += len(entry.gz_body)
    return total


def all_files(snapshot: Snapshot) -> list[File]:
    return [*snapshot.files.values(), *snapshot.errors.values()]


# -- answers.conf -----------------------------------------------------------------------
def _map(
    source: str,
    variable: str,
    entries: Iterable[tuple[str, str]],
    *,
    default: str = "",
    volatile: bool = False,
) -> list[str]:
    """A ``map``; exact keys that differ only in letter case (nginx hashes exact keys without
    regard to case) are written as case-sensitive regexes, which nginx tries after them."""
    entries = list(entries)
    folded: dict[str, int] = {}
    for key, _ in entries:
        if not key.startswith("~"):
            folded[key.lower()] = folded.get(key.lower(), 0) + 1
    lines = [f"map {source} {variable} {{"]
    if volatile:
        lines.append("    volatile;")
    lines.append(f"    default {quote(default)};")
    for key, value in entries:
        _check_value(value)
        if not key.startswith("~") and folded[key.lower()] > 1:
            key = "~^" + re.escape(key) + "$"
        lines.append(f"    {quote(key)} {quote(value)};")
    lines.append("}")
    return lines


def _check_value(value: str) -> None:
    if "$" in value.replace("$1", "").replace("$2", ""):
        raise ExportError(f"a header value with '$' cannot be written for nginx: {value!r}")


def _table(header: str, keyed: dict[str, str]) -> list[str]:
    """``$afgld_h_<header>`` for each answer key, through an id per distinct value (thousands
    of documents share a handful of values)."""
    name = header.lower().replace("-", "_")
    ids: dict[str, str] = {}
    for value in keyed.values():
        ids.setdefault(value, f"v{len(ids)}")
    lines = _map(
        "$afgld_key", f"$afgld_id_{name}", ((k, ids[v]) for k, v in keyed.items()), volatile=True
    )
    lines += _map(
        f"$afgld_id_{name}", f"$afgld_h_{name}", ((i, v) for v, i in ids.items()), volatile=True
    )
    return lines


def answers_conf(snapshot: Snapshot, page: Negotiation) -> list[str]:
    html = page.offers[0].name
    files = {entry.path: entry for entry in all_files(snapshot)}
    lines: list[str] = []
    # which URLs negotiate, and the stem of their variants' files (c: named in Content-Location)
    # (l: a list, named in Content-Location, whose choice is $afgld_list's)
    stems = [
        (p, ("l:" if n.listed else "c:" if n.content_location else "n:") + n.stem)
        for p, n in snapshot.negotiated.items()
    ]
    lines += _map("$afgld_path", "$afgld_stem", sorted(stems), volatile=True)
    lines += _map(
        '"$afgld_stem|$afgld_page|$afgld_list"',
        "$afgld_choice",
        [("~^l:[^|]*[|][^|]*[|](.*)$", "$1"), ("~^[^|]*[|]([^|]*)[|]", "$1")],
        volatile=True,
    )
    base = snapshot.base.rstrip("/")
    things = [(p, "n:" + base + t) for p, t in snapshot.see_other.items()]
    things += [(p, "f:" + base + t) for p, t in snapshot.fixed_redirects.items()]
    lines += _map("$afgld_path", "$afgld_see_other", sorted(things), volatile=True)
    lines += _map(
        '"$afgld_see_other|$afgld_page"',
        "$afgld_redirect",
        [
            ("~^n:([^|]*)[|]" + html + "$", "$1"),
            ("~^n:([^|]*)[|]([a-z]+)$", "$1.$2"),
            ("~^n:[^|]*[|]$", "406"),
            ("~^f:([^|]*)[|]", "$1"),
        ],
        volatile=True,
    )
    lines += _map(
        '"$afgld_stem|$afgld_choice|$afgld_path"',
        "$afgld_file",
        [
            ("~^[|][^|]*[|](.*/)$", "$1index.html"),
            ("~^[|][^|]*[|](.*)$", "$1"),
            ("~^[cln]:([^|]*)[|]([a-z]+)[|]", "$1.$2"),
        ],
        volatile=True,
    )
    lines += _map(
        '"$afgld_stem|$afgld_choice"',
        "$afgld_406",
        [("~^[cln]:[^|]*[|]$", "1")],
        default="0",
        volatile=True,
    )
    lines += _map(
        '"$afgld_see_other|$afgld_file"',
        "$afgld_key",
        [("~^n:", "@303"), ("~^f:", "@303f"), ("~^[|](.*)$", "$1")],
        volatile=True,
    )
    # validators and codings
    keyed_files = {disk_path(p): f for p, f in files.items()}
    lines += _table(
        "ETag", {k: f.headers["ETag"] for k, f in keyed_files.items() if "ETag" in f.headers}
    )
    lines += _table("ETag-gz", {k: f.gz_etag for k, f in keyed_files.items() if f.gz_etag})
    lines += _map(
        '"$afgld_gzip|$afgld_h_etag_gz"',
        "$afgld_gz",
        [("~^1[|].", "1")],
        default="0",
        volatile=True,
    )
    lines += _map(
        '"$afgld_gz|$afgld_h_etag_gz|$afgld_h_etag"',
        "$afgld_etag",
        [("~^1[|]([^|]*)[|]", "$1"), ("~^0[|][^|]*[|](.*)$", "$1")],
        volatile=True,
    )
    lines += _map("$afgld_gz", "$afgld_root", [("1", "site-gz")], default="site", volatile=True)
    lines += _map("$afgld_gz", "$afgld_coding", [("1", "gzip")], volatile=True)
    lines += _map(
        '"$afgld_etag|$http_if_none_match"',
        "$afgld_fresh",
        [
            ("~^[^|]+[|][ \t]*[*][ \t]*$", "1"),
            ('~^(?:W/)?"([^"]*)"[|](?:.*,)?[ \t]*(?:W/)?"\\1"[ \t]*(?:,|$)', "1"),
        ],
        default="0",
        volatile=True,
    )
    # per-answer headers
    per_key: dict[str, dict[str, str]] = {h: {} for h in (*PER_ANSWER, "Vary")}
    for key, entry in keyed_files.items():
        for header in per_key:
            if header in entry.headers:
                per_key[header][key] = entry.headers[header]
    for kind, headers in (
        ("@303", snapshot.redirect_headers),
        ("@303f", snapshot.fixed_redirect_headers),
    ):
        for header in per_key:
            if header in headers:
                per_key[header][kind] = headers[header]
    for header, keyed in per_key.items():
        lines += _table(header, keyed)
    # a negotiated answer: its file's headers, plus Vary: Accept and Content-Location
    varies = {n.vary for n in snapshot.negotiated.values()}
    if len(varies) > 1:
        raise ExportError(f"negotiated documents vary on different headers: {sorted(varies)}")
    lines += _map(
        '"$afgld_stem|$afgld_h_vary"',
        "$afgld_vary",
        [("~^[cln]:", varies.pop() if varies else ""), ("~^[|](.*)$", "$1")],
        volatile=True,
    )
    lines += _map(
        '"$afgld_stem|$afgld_choice"',
        "$afgld_content_location",
        [("~^[cl]:([^|]*)[|]([a-z]+)$", "$1.$2")],
        volatile=True,
    )
    # dumps pinned by ?sha256=: immutable when it matches, 404 when it does not
    lines += _map("$afgld_path", "$afgld_pin", sorted(snapshot.pins.items()), volatile=True)
    lines += _map(
        '"$afgld_pin|$arg_sha256"',
        "$afgld_pinned",
        [("~^([0-9a-f]+)[|]\\1$", "1"), ("~^[0-9a-f]+[|].", "mismatch")],
        default="0",
        volatile=True,
    )
    lines += _map(
        '"$afgld_pinned|$afgld_h_cache_control"',
        "$afgld_cache",
        [("~^1[|]", snapshot.pinned_cache), ("~^[^|]*[|](.*)$", "$1")],
        volatile=True,
    )
    return lines


# -- nginx.conf -------------------------------------------------------------------------
def type_blocks(snapshot: Snapshot) -> list[tuple[str, dict[str, str], str, bool]]:
    """(location prefix, extension → media type, default type, ranges) per folder whose types
    differ from the site's, checked consistent: nginx types files by extension per location."""
    groups: dict[str, list[File]] = {}
    for entry in all_files(snapshot):
        disk = disk_path(entry.path)
        folder = "/" if disk.count("/") == 1 else "/" + disk.split("/")[1] + "/"
        if entry.path.startswith(ERRORS):
            folder = ERRORS + "/"
        groups.setdefault(folder, []).append(entry)
    blocks = []
    for folder, entries in sorted(groups.items()):
        types: dict[str, str] = {}
        bare: set[str] = set()
        ranges = {
            entry.headers.get("Accept-Ranges") == "bytes"
            for entry in entries
            if not entry.path.endswith("/")
        }
        for entry in entries:
            name = disk_path(entry.path).rsplit("/", 1)[-1]
            media = entry.headers["Content-Type"]
            if "." in name:
                extension = name.rsplit(".", 1)[1]
                if types.setdefault(extension, media) != media:
                    raise ExportError(
                        f"{folder}: .{extension} files answer {media} and {types[extension]}"
                    )
            else:
                bare.add(media)
        if len(bare) > 1 or len(ranges) > 1:
            raise ExportError(f"{folder}: files without a type of their own, or ranges, differ")
        blocks.append(
            (folder, types, bare.pop() if bare else "application/octet-stream", ranges == {True})
        )
    return blocks


def nginx_conf(snapshot: Snapshot, listen: Listen, upstream: str | None) -> str:
    common = snapshot.common
    lines = [
        "# The afgld static mirror: nginx -p <this folder> -c <this folder>/nginx.conf",
        "# Written by `afgld export-static`; every path below is inside this folder.",
        "worker_processes auto;",
        "pid run/nginx.pid;",
        "error_log logs/error.log warn;",
        "events { worker_connections 4096; }",
        "http {",
        "    access_log logs/access.log;",
        "    client_body_temp_path tmp/body;",
        "    proxy_temp_path tmp/proxy;",
        "    fastcgi_temp_path tmp/fastcgi;",
        "    uwsgi_temp_path tmp/uwsgi;",
        "    scgi_temp_path tmp/scgi;",
        "    sendfile on;",
        "    tcp_nopush on;",
        "    keepalive_requests 100000;",
        "    server_tokens off;",
        "    map_hash_max_size 1048576;",
        "    map_hash_bucket_size 256;",
        "    variables_hash_max_size 4096;",
        "    include conf/accept.conf;",
        "    include conf/answers.conf;",
        *("    " + line for line in _proxied_map()),
        # what the app answers for OPTIONS (CORS preflight), empty on other methods
        *_preflight(snapshot),
        "    server {",
        f"        listen {listen};",
        "        root $afgld_root;",
        "        etag off;",
        "        if_modified_since off;",
        "        max_ranges 0;",
        "        types { }",
        "        error_page 404 /.afgld/errors/404.$afgld_error;",
        "        error_page 405 /.afgld/errors/405.$afgld_error;",
        "        error_page 406 /.afgld/errors/406.$afgld_error;",
        # the URL asked for (or the error page's), kept when try_files picks a file
        "        set $afgld_path $uri;",
        # to the live server before any local rule: 418 only names the hand-over
        "        error_page 418 = @afgld_upstream;",
        "        if ($afgld_proxied) { return 418; }",
        "        set $afgld_method $request_method;",
        '        if ($afgld_proxied = 0) { set $afgld_method "local-$request_method"; }',
        "        if ($afgld_method = local-OPTIONS) { return 200 ''; }",
        "        if ($afgld_method ~ ^local-(?!GET$|HEAD$)) { return 405; }",
        "        if ($afgld_redirect = 406) { return 406; }",
        "        if ($afgld_redirect ~ ^(https?://.*)$) { return 303 $1; }",
        "        if ($afgld_406) { return 406; }",
        "        if ($afgld_pinned = mismatch) { return 404; }",
        "        if ($afgld_fresh) { return 304; }",
        "        add_header ETag $afgld_etag always;",
        "        add_header Content-Encoding $afgld_coding always;",
        "        add_header Vary $afgld_vary always;",
        "        add_header Content-Location $afgld_content_location always;",
        "        add_header Cache-Control $afgld_cache always;",
        "        add_header Link $afgld_h_link always;",
        "        add_header Content-Disposition $afgld_h_content_disposition always;",
        "        add_header Repr-Digest $afgld_h_repr_digest always;",
        "        add_header Last-Modified $afgld_h_last_modified always;",
    ]
    for name in common:
        lines.append(f"        add_header {name} $afgld_common_{_var(name)} always;")
    for name in snapshot.preflight:
        lines.append(f"        add_header {name} $afgld_preflight_{_var(name)} always;")
    blocks = type_blocks(snapshot)
    site_types = next((types for folder, types, _, _ in blocks if folder == "/"), {})
    for folder, types, default, ranges in blocks:
        lines.append(f"        location {'/' if folder == '/' else '^~ ' + folder} {{")
        if folder.startswith("/.afgld/"):
            lines.append("            internal;")
        lines += _types(types)
        lines.append(f"            default_type {quote(default)};")
        if ranges:
            lines.append("            max_ranges 16;")
        lines.append("            try_files $afgld_file =404;")
        lines.append("        }")
        if ranges and folder != "/":
            lines.append(f"        location = {folder} {{")
            if folder in snapshot.negotiated:  # its variants are the site's (/releases.ttl)
                lines += _types(site_types)
            lines += [
                "            try_files $afgld_file =404;",
                f"            default_type {quote(types.get('html', default))};",
                "        }",
            ]
    lines += _proxy(upstream)
    lines += ["    }", "}", ""]
    return "\n".join(lines)


def _types(types: dict[str, str]) -> list[str]:
    """An nginx ``types`` block: extension → media type."""
    inner = [
        f"                {quote(media)} {extension};" for extension, media in sorted(types.items())
    ]
    return ["            types {", *inner, "            }"]


def _var(header: str) -> str:
    return header.lower().replace("-", "_")


def _preflight(snapshot: Snapshot) -> list[str]:
    lines: list[str] = []
    for name, value in snapshot.common.items():
        # the app's own headers pass through unchanged from the live server behind /sparql
        lines += [
            "    " + line
            for line in _map("$afgld_proxied", f"$afgld_common_{_var(name)}", [("0", value)])
        ]
    for name, value in snapshot.preflight.items():
        lines += [
            "    " + line
            for line in _map(
                '"$afgld_proxied$request_method"',
                f"$afgld_preflight_{_var(name)}",
                [("0OPTIONS", value)],
            )
        ]
    return lines


def _proxied_map() -> list[str]:
    """``$afgld_proxied``: 1 for what the live server answers (see PROXIED)."""
    paths = "|".join(re.escape(p.lstrip("/")) for p in PROXIED)
    return _map(
        '"$afgld_path|$args|$arg_sha256"',
        "$afgld_proxied",
        [(f"~^/(?:{paths})(?:[/.][^|]*)?[|]", "1"), ("~^[^|]*[|].+[|]$", "1")],
        default="0",
    )


def _proxy(upstream: str | None) -> list[str]:
    lines = ["        location @afgld_upstream {"]
    if upstream:
        target = upstream.rstrip("/")
        lines += [
            f"            proxy_pass {target};",
            "            proxy_http_version 1.1;",
            '            proxy_set_header Connection "";',
            "            proxy_read_timeout 40s;",
        ]
    else:
        lines += [
            "            default_type text/plain;",
            "            return 503 'This is a static mirror of the dataset: the query services, "
            "the timeline, the network and filtered lists are served by a live afgld server "
            "(export-static --upstream URL). Every document is here; the whole dataset is at "
            "/dumps/.\\n';",
        ]
    lines.append("        }")
    return lines


def write_config(
    snapshot: Snapshot,
    out: Path,
    listen: Listen,
    upstream: str | None,
    negotiations: tuple[Negotiation, Negotiation, Negotiation],
) -> Path:
    for folder in ("conf", "logs", "run", "tmp"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    page, listed, error = negotiations
    accept = range_maps(negotiations) + page.maps() + listed.maps() + error.maps() + gzip_maps()
    (out / "conf" / "accept.conf").write_text("\n".join(accept) + "\n", encoding="utf-8")
    answers = answers_conf(snapshot, page)
    (out / "conf" / "answers.conf").write_text("\n".join(answers) + "\n", encoding="utf-8")
    config = out / "nginx.conf"
    config.write_text(nginx_conf(snapshot, listen, upstream), encoding="utf-8")
    return config
