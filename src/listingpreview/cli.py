"""Command line: ``listingpreview init | check | build | import``; one thin function each.

Exit codes: 0 success; 1 content errors (``check``), or a build that could not be written
(:class:`~listingpreview.errors.ListingPreviewError` and environment problems such as a full disk);
2 a usage error (unknown option, missing path). Errors print one line, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import counts, render_json, render_text, sort_key
from .errors import ListingPreviewError, describe_os_error
from .names import EDITIONS

EDITION = click.Choice(EDITIONS)


class _Group(click.Group):
    """Maps listingpreview's own errors and environment problems (OSError) to a message and an exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ListingPreviewError as e:
            raise _failure(str(e), e.exit_code) from None
        except OSError as e:  # a disk, a permission, a path: never a traceback
            raise _failure(describe_os_error(e), 1) from None
        except RuntimeError as e:
            if "symlink loop" not in str(e).lower():  # pathlib's way of saying ELOOP before Python 3.13
                raise
            raise _failure(f"cannot use a path: {e}", 1) from None


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # Click reads it per instance; the class default is 1


def _failure(message: str, code: int) -> click.ClickException:
    return _Failure(message, code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="listingpreview")
def main() -> None:
    """Check Microsoft marketplace offer content against Partner Center's rules and preview it as the store shows it."""


@main.command()
@click.argument("site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Output folder (default: SITE_DIR/_site).")
@click.option("--edition", type=EDITION, help="Rules edition (default: the site config's, else 'latest').")
@click.option("--strict", is_flag=True, help="Exit 1 when there are errors or warnings.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary and the path of index.html.")
@click.option("--compare-to", "compare_to", metavar="REF",
              help="Add a 'What changed' page per offer against a git revision or another folder.")
def build(site_dir: Path, out: Path | None, edition: str | None, strict: bool, quiet: bool,
          compare_to: str | None) -> None:
    """Build the preview site of SITE_DIR (a site folder, or one offer folder)."""
    from .pipeline import build as run_build

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total < 10 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Rendering offers", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        result = run_build(site_dir, out, edition=edition, progress=progress, compare_to=compare_to)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    c = counts(result.diagnostics)
    if not quiet:
        for d in sorted(result.diagnostics, key=sort_key):
            if d.severity != "info":
                click.echo(d.text(), err=True)
    done = "Up to date:" if result.up_to_date else "Built"
    partly = f" ({result.rebuilt} rebuilt)" if 0 < result.rebuilt < result.offers else ""
    click.echo(f"{done} {result.offers} offer(s){partly}, {result.pages} page(s) in {result.seconds:.2f} s: "
               f"{c['error']} error(s), {c['warning']} warning(s).")
    click.echo(f"Open {result.index.resolve()}")
    if strict and (c["error"] or c["warning"]):
        sys.exit(1)


@main.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "junit", "github"]), default="text",
              show_default=True, help="sarif: GitHub code scanning; junit: test reports; github: workflow annotations.")
@click.option("--edition", type=EDITION, help="Rules edition (default: the site config's, else 'latest').")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
def check(path: Path, fmt: str, edition: str | None, strict: bool) -> None:
    """Check a site folder or one offer folder; print every problem with file and line."""
    from .pipeline import check_site

    _, checked, diags = check_site(path, edition)
    if not checked and not diags:
        click.echo(f"No offers found in {path} (an offer is a folder with an offer.toml).", err=True)
        sys.exit(1)
    click.echo(render(diags, fmt))
    c = counts(diags)
    sys.exit(1 if c["error"] or (strict and c["warning"]) else 0)


def render(diags, fmt: str) -> str:
    from . import reports
    from .rules import all_rules

    if fmt == "json":
        return render_json(diags)
    if fmt == "sarif":
        return reports.render_sarif(diags, all_rules())
    if fmt == "junit":
        return reports.render_junit(diags)
    if fmt == "github":
        return reports.render_github(diags)
    return render_text(diags)


@main.command()
@click.argument("site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; anything but loopback exposes the preview.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port; when the default is busy the next free one is taken.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
@click.option("--poll", is_flag=True, help="Poll for changes (network and container file systems).")
@click.option("--edition", type=EDITION, help="Rules edition (default: the site config's, else 'latest').")
@click.pass_context
def serve(ctx: click.Context, site_dir: Path, host: str, port: int, open_browser: bool, poll: bool,
          edition: str | None) -> None:
    """Serve SITE_DIR with live reload; errors show in the browser."""
    from .serve import serve as run

    explicit = ctx.get_parameter_source("port") != click.core.ParameterSource.DEFAULT
    try:
        sys.exit(run(site_dir, host, port, explicit_port=explicit, open_browser=open_browser, poll=poll,
                     edition=edition))
    except OSError as e:
        raise click.ClickException(e.strerror or str(e)) from None


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", default="content", show_default=True, type=click.Path(path_type=Path),
              help="Content folder to create offer folders in.")
@click.option("--force", is_flag=True, help="Replace offer folders that exist already.")
def import_(files: tuple[Path, ...], out: Path, force: bool) -> None:
    """Turn Marketplace Catalog API product JSON files into offer folders."""
    from .importers.catalog import ImportProblem, import_file

    failed = 0
    for f in files:
        try:
            folder, notes = import_file(f, out, force=force)
        except ImportProblem as e:
            click.echo(f"{f}: error: {e}", err=True)
            failed += 1
            continue
        click.echo(f"{f} -> {folder}")
        for n in notes:
            click.echo(f"  note: {n}")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new site in DIRECTORY with one example offer."""
    from .scaffold import init_site

    try:
        written = init_site(directory)
    except FileExistsError:
        raise click.ClickException(f"{directory} is not empty; choose a new or empty folder") from None
    for p in written:
        click.echo(f"created {p}")
    click.echo(f"Next: listingpreview build {directory}")


if __name__ == "__main__":  # pragma: no cover
    main()
