"""Earlier releases: every IRI they published still resolves, or is recorded as retired.

Cool URIs don't change (https://www.w3.org/Provider/Style/URI): an IRI that an archived release
published and this release no longer mints must be recorded in ``mappings/retired.yaml`` as
moved (a 301 to its new IRI) or gone (a 410, with its successor if it has one). The archived
releases are read from ``releases/<version>/``, checked against their SHA-256 and rebased onto
this build's base.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from afgld.curate.releases import History, Retirement, read_history, read_retired
from afgld.errors import AfgldError, FactFilesError
from afgld.model.uris import KIND_SEGMENT
from afgld.namespaces import Space
from afgld.project import Project
from afgld.releases.archive import Archive

SHOWN = 20  # dropped documents named in one problem; the count says how many more


@dataclass(frozen=True)
class Redirect:
    """A retired IRI, resolved: 301 to ``target``, or 410 with ``target`` as its successor."""

    old: str
    status: int
    target: str | None
    why: str
    retired_in: str
    line: int


@dataclass
class Releases:
    """The release history with the earlier releases' data, under this build's base."""

    history: History
    archives: dict[str, Archive] = field(default_factory=dict)
    earlier: dict[str, list[ox.Quad]] = field(default_factory=dict)
    redirects: list[Redirect] = field(default_factory=list)


def published_iris(quads: list[ox.Quad], base: str) -> set[str]:
    """Every IRI under ``base`` that ``quads`` use, in any position."""
    iris: set[str] = set()
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(base):
                iris.add(term.value)
    return iris


def resolve(reference: str, base: str, iris: set[str]) -> list[str]:
    """The IRIs of ``iris`` a retired.yaml reference names: a path, or an entity key."""
    if "/" in reference:
        return [base + reference] if base + reference in iris else []
    segments = sorted(set(KIND_SEGMENT.values()))
    candidates = [f"{base}id/{segment}/{reference}" for segment in segments]
    candidates.append(f"{base}concept/role/{reference}")
    return [iri for iri in candidates if iri in iris]


def check_releases(
    project: Project, space: Space, quads: list[ox.Quad]
) -> tuple[Releases | None, list[str]]:
    """The releases, and the problems that keep this one from being published."""
    try:
        history = read_history(project.releases_file)
        retired = read_retired(project.retired_file)
    except FactFilesError as errors:
        return None, [str(problem.relative_to(project.root)) for problem in errors.problems]
    releases = Releases(history)
    problems = _read_archives(project, space, history, releases)
    current = published_iris(quads, space.base)
    earlier = {version: published_iris(qs, space.base) for version, qs in releases.earlier.items()}
    problems += _resolve(project, space, history, retired, current, earlier, releases)
    releases.redirects += implied(releases.redirects, current, earlier, history)
    problems += _dropped(project, history, current, earlier, releases.redirects)
    archived_now = releases.archives.get(history.current.version)
    if archived_now is not None and set(archived_now.quads(space.base)) != set(quads):
        problems.append(
            f"{project.releases_file.name}:{history.current.line}: release "
            f"{history.current.version} is archived in releases/ with other data\n"
            "  hint: a published release never changes: add the next version to releases.yaml"
        )
    return releases, problems


def _read_archives(
    project: Project, space: Space, history: History, releases: Releases
) -> list[str]:
    problems = []
    listed = {release.version for release in history.releases}
    for folder in project.archive_folders():
        if folder.name not in listed:
            problems.append(
                f"releases/{folder.name}: an archived release that releases.yaml does not list"
            )
    for release in history.releases:
        folder = project.archives / release.version
        if not folder.is_dir():
            if release is not history.current:
                problems.append(
                    f"{project.releases_file.name}:{release.line}: release {release.version} "
                    f"has no archive in releases/{release.version}/\n"
                    "  hint: `afgld archive` writes it when the release is published"
                )
            continue
        try:
            releases.archives[release.version] = Archive.read(folder)
        except AfgldError as error:
            problems.append(str(error))
            continue
        if release is not history.current:
            releases.earlier[release.version] = releases.archives[release.version].quads(space.base)
    return problems


def _resolve(
    project: Project,
    space: Space,
    history: History,
    retired: tuple[Retirement, ...],
    current: set[str],
    earlier: dict[str, set[str]],
    releases: Releases,
) -> list[str]:
    """Turn each record into a Redirect, or say why it cannot be one."""
    problems = []
    where = project.retired_file.relative_to(project.root).as_posix()
    ever = set().union(*earlier.values()) if earlier else set()
    for record in retired:
        at = f"{where}:{record.line}: "
        if resolve(record.old, space.base, current):
            problems.append(
                f"{at}{record.old!r} is published by this release: it is not retired\n"
                "  hint: remove the record, or stop minting the IRI"
            )
            continue
        old = resolve(record.old, space.base, ever)
        if len(old) != 1:
            named = f"{len(old)} IRIs of earlier releases: {', '.join(old)}" if old else "nothing"
            problems.append(
                f"{at}{record.old!r} names {named}: an old IRI is one an earlier release "
                "published\n  hint: give its path under the base, such as id/person/<key>"
            )
            continue
        target_ref = record.moved_to or record.replaced_by
        target = resolve(target_ref, space.base, current) if target_ref else []
        if target_ref and len(target) != 1:
            problems.append(
                f"{at}{target_ref!r} is not an IRI of this release\n"
                "  hint: a moved IRI or a successor must be published by this release"
            )
            continue
        releases.redirects.append(
            Redirect(
                old=old[0],
                status=301 if record.moved_to else 410,
                target=target[0] if target else None,
                why=record.why,
                retired_in=_retired_in(old[0], history, earlier),
                line=record.line,
            )
        )
    return problems


def _retired_in(iri: str, history: History, earlier: dict[str, set[str]]) -> str:
    """The first release after the last one that published ``iri``."""
    last = max(
        (r for r in history.earlier if iri in earlier.get(r.version, set())),
        key=lambda r: r.number,
    )
    return history.releases[history.releases.index(last) + 1].version


def implied(
    redirects: list[Redirect],
    current: set[str],
    earlier: dict[str, set[str]],
    history: History,
) -> list[Redirect]:
    """Redirects of IRIs minted from a retired one (``model/uris.py`` mints them so):

    * a statement's propositions and quantities (``…/proposition/<statement>-<n>``), and a
      membership's interval (``…/time/membership-<membership>``), share its fate;
    * when an IRI moved, every dropped IRI spelled with its old local name moves to the same
      spelling with the new one, if this release publishes that (a renamed entity key takes its
      memberships and name statements along; a moved statement its propositions).
    """
    explicit = {redirect.old for redirect in redirects}
    dropped = set().union(*earlier.values()) - current - explicit if earlier else set()
    found: list[Redirect] = []
    for redirect in redirects:
        local = redirect.old.rsplit("/", 1)[-1]
        new_local = redirect.target.rsplit("/", 1)[-1] if redirect.target else None
        for iri in sorted(dropped):
            if iri not in dropped:
                continue
            document = iri.split("#", 1)[0]
            head, _, last = document.rpartition("/")
            minted = _minted_from(head, last, local, redirect.old)
            moved = None
            if redirect.status == 301 and new_local and local in last:
                candidate = f"{head}/{last.replace(local, new_local)}"
                moved = candidate if candidate in current else None
            if not minted and moved is None:
                continue
            fate = "moved" if redirect.status == 301 else "is gone"
            found.append(
                Redirect(
                    old=document,
                    status=301 if moved else 410,
                    target=moved,
                    why=f"minted from {redirect.old}, which {fate}",
                    retired_in=_retired_in(iri, history, earlier),
                    line=redirect.line,
                )
            )
            dropped -= {i for i in dropped if i.split("#", 1)[0] == document}
    return list({r.old: r for r in found}.values())


def _minted_from(head: str, last: str, local: str, old: str) -> bool:
    """True when ``head/last`` is minted from ``old`` (whose last segment is ``local``)."""
    kind = old.rsplit("/", 2)[-2]
    if kind == "statement" and head.endswith(("/proposition", "/quantity")):
        number = last.removeprefix(local + "-")
        return number != last and number.isdigit()
    if kind == "membership" and head.endswith("/time"):
        return last == f"membership-{local}"
    return False


def _dropped(
    project: Project,
    history: History,
    current: set[str],
    earlier: dict[str, set[str]],
    redirects: list[Redirect],
) -> list[str]:
    """One problem per earlier release whose IRIs vanished without a record."""
    recorded = {redirect.old for redirect in redirects}
    where = project.retired_file.relative_to(project.root).as_posix()
    problems = []
    for release in history.earlier:
        if release.version not in earlier:
            continue
        missing = sorted(
            iri
            for iri in earlier[release.version] - current
            if iri not in recorded and iri.split("#", 1)[0] not in recorded
        )
        if not missing:
            continue
        documents = sorted({iri.split("#", 1)[0] for iri in missing})
        shown = ", ".join(documents[:SHOWN])
        more = f" and {len(documents) - SHOWN} more" if len(documents) > SHOWN else ""
        problems.append(
            f"{where}: {len(documents)} IRIs published by release {release.version} are not "
            f"in this release and not recorded as retired: {shown}{more}\n"
            "  hint: record each under `retired:` as moved (`moved_to: <new key or path>`) or "
            "gone (`gone: true`, with `replaced_by:` if it has a successor), with `why`"
        )
    return problems
