"""The ``afgld`` command: thin wrappers over plain functions.

Exit codes: 0 fine; 1 the data does not conform; 2 usage or internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from afgld.config import Settings
from afgld.errors import AfgldError
from afgld.project import Project


class _Group(click.Group):
    """Turn afgld's own errors into a message and their exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AfgldError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=_Group)
@click.option(
    "--project",
    "root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Project folder (with seeds/ and mappings/); default: found upwards from here.",
)
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """afgld: curate, validate, build and serve the knowledge graph."""
    ctx.obj = Project(root.resolve()) if root else None


def _project(ctx: click.Context) -> Project:
    if ctx.obj is None:
        try:
            ctx.obj = Project.find()
        except FileNotFoundError as error:
            raise click.UsageError(str(error)) from None
    project: Project = ctx.obj
    return project


@main.command("validate")
@click.pass_context
def validate_command(ctx: click.Context) -> None:
    """Check fact files, quotes, SHACL shapes and terms; exit 0 if the graph conforms, 1 if not."""
    from afgld.validate import validate_project

    report = validate_project(_project(ctx), Settings.resolve().base_iri)
    click.echo(report.summary())
    sys.exit(0 if report.conforms else 1)


@main.command("build")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: the BUILD_DIR setting, 'build').",
)
@click.option(
    "--base", default=None, help="Base IRI to mint under (default: the BASE_IRI setting)."
)
@click.pass_context
def build_command(ctx: click.Context, out: Path | None, base: str | None) -> None:
    """Turn mappings into RDF, validate it, and write dumps, VoID and checksums to OUT."""
    from afgld.build.pipeline import build_project

    settings = Settings.resolve()
    result = build_project(
        _project(ctx),
        out or Path(settings.build_dir),
        base or settings.base_iri,
        data_license=settings.data_license,
    )
    click.echo(result.summary())


@main.command("archive")
@click.pass_context
def archive_command(ctx: click.Context) -> None:
    """Archive the current release in releases/<version>/, as it is published; never changes one."""
    from afgld.build.pipeline import archive_project

    folder, written = archive_project(_project(ctx), Settings.resolve().base_iri)
    click.echo(f"{'archived' if written else 'already archived, identical:'} {folder}")


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write the patch (removed.nq.gz, added.nq.gz) and summaries to.",
)
def diff_command(old: Path, new: Path, out: Path | None) -> None:
    """What changed from release OLD to NEW (archive folders, builds or N-Quads files)."""
    from afgld.releases.diff import change_files, diff_paths, summary_text

    change, old_name, new_name = diff_paths(old, new)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in change_files(change, old_name, new_name).items():
            (out / name).write_bytes(content)
    click.echo(summary_text(change, old_name, new_name), nl=False)


@main.command("new-article")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--name", default=None, help="The <name> of seeds/NNN_<name>.txt (default: FILE's).")
@click.pass_context
def new_article_command(ctx: click.Context, file: Path, name: str | None) -> None:
    """Add FILE as the next seed, pinned in seeds/SHA256SUMS, with a fact-file skeleton."""
    from afgld.curate.corpus import read_corpus
    from afgld.curate.skeleton import add_article
    from afgld.errors import FactFilesError

    project = _project(ctx)
    try:
        corpus = read_corpus(project)
    except FactFilesError:
        corpus = None
        click.echo("the fact files do not read cleanly: no keys proposed", err=True)
    seed, mapping = add_article(project, file, name, corpus)
    root = project.root
    click.echo(f"added {seed.relative_to(root)} and {mapping.relative_to(root)}")
    click.echo("next: fill the fact file (docs/curating.md); `afgld validate` says what is left")


@main.command("entities")
@click.pass_context
def entities_command(ctx: click.Context) -> None:
    """List every entity key across the fact files, with its kind, label and articles."""
    from afgld.curate.corpus import read_corpus

    corpus = read_corpus(_project(ctx))
    where: dict[str, list[str]] = {}
    for article in corpus.articles:
        for key in article.entities:
            where.setdefault(key, []).append(article.seed.id)
    for key, entity in sorted(corpus.entities.items()):
        click.echo(f"{key}\t{entity.kind}\t{entity.label}\t{','.join(where[key])}")


@main.command("stats")
@click.pass_context
def stats_command(ctx: click.Context) -> None:
    """Print, as a Markdown table, what each article contributes to the graph."""
    from afgld.curate.corpus import read_corpus, stats_table

    click.echo(stats_table(read_corpus(_project(ctx))))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to bind.")
@click.option(
    "--dev",
    is_flag=True,
    help="Werkzeug's development server, rebuilding when a seed or fact file changes.",
)
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, dev: bool) -> None:
    """Serve the dataset; build first when build/ is missing or stale."""
    from afgld.serving.serve import serve

    serve(_project(ctx), host=host, port=port, dev=dev)


@main.command("export-static")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the mirror to (its files, nginx.conf).",
)
@click.option(
    "--base", default=None, help="Base IRI to mint under (default: the BASE_IRI setting)."
)
@click.option(
    "--listen", default="127.0.0.1:8080", show_default=True, help="HOST:PORT nginx listens on."
)
@click.option(
    "--upstream",
    default=None,
    help="URL of a live afgld server to proxy /sparql to (default: 503 there).",
)
@click.pass_context
def export_static_command(
    ctx: click.Context, out: Path, base: str | None, listen: str, upstream: str | None
) -> None:
    """Write every document of the release, and an nginx.conf serving them as afgld does."""
    import tempfile

    from afgld.build.pipeline import build_project
    from afgld.mirror.export import export_static

    base = base or Settings.resolve().base_iri
    with tempfile.TemporaryDirectory() as scratch:
        build = build_project(_project(ctx), Path(scratch) / "build", base).out
        settings = {"BUILD_DIR": str(build), "BASE_IRI": base, "SPARQL_BACKEND": "embedded"}
        click.echo(export_static(settings, out.resolve(), listen, upstream).summary())


if __name__ == "__main__":  # pragma: no cover
    main()
