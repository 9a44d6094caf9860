"""Command line: ``listingpreview init | check | build | serve | rule | schema | import | export``; one thin function each.

Exit codes: 0 success; 1 content errors (``check``), a folder that is not a site, or a build that
could not be written (:class:`~listingpreview.errors.ListingPreviewError` and environment problems
such as a full disk); 2 a usage error (unknown option, missing path). Errors print one line, never a
traceback.

Every command takes ``-q`` (less output) and ``-v`` (more). Terminal output goes through
:mod:`listingpreview.terminal` (colour on a terminal only; ``NO_COLOR`` turns it off).
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import counts, render_json, render_text
from .errors import ListingPreviewError, describe_os_error
from .names import EDITIONS
from .names import OFFER_TYPES as OFFER_TYPE_KEYS

EDITION = click.Choice(EDITIONS)
FORMATS = ["text", "concise", "json", "sarif", "junit", "github", "azure", "markdown"]


def jobs_option(f):
    """``-j/--jobs N``: processes rendering offers when many must be rendered (a cold build or check)."""
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Processes rendering offers when many need rendering (default: one per CPU; "
                             "1: all in one process).")(f)


def verbosity(f):
    """Add ``-q/--quiet`` and ``-v/--verbose`` to a command (passed on as ``quiet`` and ``verbose`` counts)."""
    f = click.option("-v", "--verbose", count=True, help="Say more: info diagnostics, rule sources, timings.")(f)
    return click.option("-q", "--quiet", count=True, help="Say less: one line per problem and the summary.")(f)


def term(err: bool = False):
    from .terminal import console

    return console(sys.stderr if err else sys.stdout)


def require_site(path: Path) -> None:
    """Exit 1 with what was looked for when ``path`` holds no offer (an offer is a folder with an offer.toml)."""
    from .load import discover, linked_within, load_config

    diags: list = []
    config = load_config(path, diags)
    folders, _ = discover(path, config.site.content_dir)
    if folders or diags:  # a broken config is reported as a diagnostic by the command itself
        return
    if linked_within(path, config.site.content_dir):  # a site whose content folder is not read: the command says
        return  # so (LP010), in the format asked for, instead of calling it "not a site"
    content = path / config.site.content_dir
    why = "that folder does not exist" if not content.is_dir() else "none of its folders holds an offer.toml"
    raise click.ClickException(
        f"{path} is not a listingpreview site: looked for {path / 'offer.toml'} (one offer folder) and for offer "
        f"folders with an offer.toml in {content}{'/' if not str(content).endswith('/') else ''} ({why}). "
        f"Create a site with: listingpreview init {path}")


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
@click.option("--compare-to", "compare_to", metavar="REF",
              help="Add a 'What changed' page per offer against a git revision or another folder.")
@click.option("--submit-date", "submit_date", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Estimate go-live dates on the Publishing pages from this submission date "
                   "(default: the build date when SOURCE_DATE_EPOCH is set, else no estimate).")
@jobs_option
@verbosity
def build(site_dir: Path, out: Path | None, edition: str | None, strict: bool, quiet: int, verbose: int,
          compare_to: str | None, submit_date=None, jobs: int | None = None) -> None:
    """Build the preview site of SITE_DIR (a site folder, or one offer folder).

    Problems go to standard error with their source line; -q prints only the summary (and, when the
    build fails, one line per problem that made it fail).
    """
    from .pipeline import build as run_build
    from .terminal import print_diagnostics

    require_site(site_dir)
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
        result = run_build(site_dir, out, edition=edition, progress=progress, compare_to=compare_to,
                           submit_date=submit_date.date() if submit_date else None, jobs=jobs)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    c = counts(result.diagnostics)
    failed = strict and (c["error"] or c["warning"])
    err = term(err=True)
    if not quiet:
        print_diagnostics(err, result.diagnostics, site_dir, verbose=bool(verbose),
                          severities=("error", "warning", "info") if verbose else ("error", "warning"))
    elif failed:
        print_diagnostics(err, result.diagnostics, site_dir, concise=True)
    done = "Up to date:" if result.up_to_date else "Built"
    partly = f" ({result.rebuilt} rebuilt)" if 0 < result.rebuilt < result.offers else ""
    click.echo(f"{done} {result.offers} offer(s){partly}, {result.pages} page(s) in {result.seconds:.2f} s: "
               f"{c['error']} error(s), {c['warning']} warning(s).")
    click.echo(f"Open {result.index.resolve()}")
    if result.cache_problem:
        err.print(f"warning: {result.cache_problem}", style="yellow")
    if failed:
        what = " and ".join(x for x in (f"{c['error']} error(s)" if c["error"] else "",
                                        f"{c['warning']} warning(s)" if c["warning"] else "") if x)
        err.print(f"Failed: --strict and {what} (listed above).", style="bold red")
        sys.exit(1)


@main.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: with source lines; concise: one line each; sarif: GitHub code scanning; junit: test "
                   "reports; github: workflow annotations; azure: Azure Pipelines issues; markdown: review state "
                   "per offer for a pull request.")
@click.option("--edition", type=EDITION, help="Rules edition (default: the site config's, else 'latest').")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--docs-url", metavar="URL", envvar="LISTINGPREVIEW_DOCS_URL",
              help="Where a built site's rules.html lives, for each rule's help link in SARIF "
                   "(default: the site's base_url, else the rule's Microsoft source).")
@click.option("--preview-url", metavar="URL", default="",
              help="markdown: the URL the built preview is published at, for links to each offer's pages.")
@click.option("--online", is_flag=True, help="Also fetch every link (broken links, privacy page behind a sign-in).")
@click.option("--compare-to", "compare_to", metavar="REF",
              help="Also check the changes Partner Center refuses after publishing, against a git revision or folder.")
@jobs_option
@verbosity
def check(path: Path, fmt: str, edition: str | None, strict: bool, docs_url: str | None, preview_url: str,
          online: bool, compare_to: str | None, quiet: int, verbose: int, jobs: int | None = None) -> None:
    """Check a site folder or one offer folder; print every problem with file, line and how to fix it.

    Text paths are relative to the current directory; SARIF, JUnit and GitHub paths relative to the
    git repository's top folder (else the site folder), so CI annotations land on the right files.
    """
    from .load import load_config
    from .pipeline import Builder, Checked, check_site
    from .terminal import print_diagnostics, summary

    require_site(path)
    checked: list[Checked] = []
    if online or compare_to or fmt == "markdown":  # these need every offer loaded
        config, checked, diags = check_site(path, edition)
        offers = len({c.offer.slug for c in checked} | {d.offer for d in diags if d.offer})
    else:  # diagnostics only: through the build's cache (a check after a build reads them back)
        diags, offers = Builder(path, edition=edition, jobs=jobs).check()
        config = load_config(path, [])
    if online:
        from .rules.certification.online import run as check_links

        diags = diags + check_links(path, checked, edition or config.site.edition, config.severity)
    if compare_to:
        from .compare import CompareError, published_site_problems

        try:
            diags = diags + published_site_problems(path, compare_to, [c.offer for c in checked], config.severity)
        except CompareError as e:
            raise click.ClickException(str(e)) from None
    c = counts(diags)
    if fmt == "text" or fmt == "concise":
        con = term()
        if quiet < 2:
            print_diagnostics(con, diags, path, verbose=bool(verbose), concise=fmt == "concise" or quiet == 1,
                              severities=("error", "warning", "info") if verbose else ("error", "warning"))
        con.print(summary(diags, offers))
    elif fmt == "markdown":
        from .reports import render_markdown

        click.echo(render_markdown(checked, diags, edition or config.site.edition, preview_url))
    else:
        click.echo(render(diags, fmt, path, docs_url if docs_url is not None else config.site.base_url))
    sys.exit(1 if c["error"] or (strict and c["warning"]) else 0)


def render(diags, fmt: str, site_dir: Path | None = None, docs_url: str = "") -> str:
    """``diags`` in a machine format; paths relative to the repository root of ``site_dir`` (see reports)."""
    from . import reports
    from .rules import all_rules

    if fmt == "json":
        return render_json(diags)
    root = None
    if site_dir is not None:
        from .terminal import relocate, repo_root, site_base

        root = repo_root(site_dir) or site_base(site_dir).resolve()
        diags = relocate(diags, site_dir, root)
    if fmt == "sarif":
        return reports.render_sarif(diags, all_rules(), root=root, docs_url=docs_url)
    if fmt == "junit":
        return reports.render_junit(diags)
    if fmt == "github":
        return reports.render_github(diags)
    if fmt == "azure":
        return reports.render_azure(diags)
    return render_text(diags)


@main.command()
@click.argument("site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the preview.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port; when the default is busy the next free one is taken.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
@click.option("--poll", is_flag=True, help="Poll for changes (network and container file systems).")
@click.option("--edition", type=EDITION, help="Rules edition (default: the site config's, else 'latest').")
@verbosity
@click.pass_context
def serve(ctx: click.Context, site_dir: Path, host: str, port: int, open_browser: bool, poll: bool,
          edition: str | None, quiet: int, verbose: int) -> None:
    """Serve SITE_DIR with live reload; errors show in the browser and each new problem once here."""
    from .serve import serve as run

    require_site(site_dir)
    explicit = ctx.get_parameter_source("port") != click.core.ParameterSource.DEFAULT
    try:
        sys.exit(run(site_dir, host, port, explicit_port=explicit, open_browser=open_browser, poll=poll,
                     edition=edition, report=ServeReporter(site_dir, quiet, verbose)))
    except OSError as e:
        raise click.ClickException(e.strerror or str(e)) from None


class ServeReporter:
    """What ``serve`` prints after each rebuild: its status line, then every problem not printed before, once.

    A problem is the same problem while its code, file, field and message stay the same (its line may move).
    After a save, only the site's own problems and those of the offers whose result is new are looked at
    (:attr:`Snapshot.fresh`): at 10,000 offers a pass over all 50,000 diagnostics took about 45 ms a save.
    """

    SITE = ""  # the part of the site's own problems; every other part is one offer's (by slug)

    def __init__(self, site_dir: Path, quiet: int = 0, verbose: int = 0):
        self.site_dir, self.quiet, self.verbose = site_dir, quiet, verbose
        self.shown = ("error", "warning", "info") if verbose else ("error", "warning")
        self.parts: dict[str, dict[tuple, object]] = {}  # part -> its problems shown, by key
        self.holders: collections.Counter[tuple] = collections.Counter()  # key -> how many parts have it
        self.slugs: set[str] | None = None  # the offers of ``parts`` (None: everything is in SITE)

    def __call__(self, line: str, snap) -> None:
        from .terminal import print_diagnostics

        con = term()
        new, fixed = self._update(snap)
        if not self.quiet:
            con.print(line + (f"; {fixed} fixed" if fixed else ""))
        print_diagnostics(con, new, self.site_dir, verbose=bool(self.verbose), concise=bool(self.quiet),
                          severities=self.shown)
        sys.stdout.flush()

    def _update(self, snap) -> tuple[list, int]:
        """(problems not shown before, how many shown before are gone), from the parts ``snap`` may have changed."""
        def keyed(diags) -> dict[tuple, object]:
            return {self.key(d): d for d in diags if d.severity in self.shown}

        if snap.site_diagnostics is not None and snap.fresh is not None and self.slugs is not None \
                and snap.results.keys() == self.slugs:  # a save: the site's own and the changed offers'
            now = {self.SITE: keyed(snap.site_diagnostics)}
            now.update((slug, keyed(snap.results[slug].diagnostics)) for slug in snap.fresh)
        elif snap.site_diagnostics is not None:  # every offer's, each its own part
            now = {self.SITE: keyed(snap.site_diagnostics)}
            now.update((slug, keyed(r.diagnostics)) for slug, r in snap.results.items())
            now.update((part, {}) for part in self.parts if part not in now)
            self.slugs = set(snap.results)
        else:  # diagnostics not told apart by offer: one part
            now = {part: {} for part in self.parts} | {self.SITE: keyed(snap.diagnostics)}
            self.slugs = None
        added, gone = [], []
        for part, problems in now.items():
            before = self.parts.get(part, {})
            added += [(k, d) for k, d in problems.items() if k not in before]
            gone += [k for k in before if k not in problems]
            if problems:
                self.parts[part] = problems
            else:
                self.parts.pop(part, None)
        new = []
        for k, d in added:  # added first: a problem that moves from one part to another is neither new nor fixed
            if not self.holders[k]:
                new.append(d)
            self.holders[k] += 1
        fixed = 0
        for k in gone:
            self.holders[k] -= 1
            if not self.holders[k]:
                del self.holders[k]
                fixed += 1
        return new, fixed

    @staticmethod
    def key(d) -> tuple:
        return (d.code, d.file, d.field, d.plan, d.message)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", default="content", show_default=True, type=click.Path(path_type=Path),
              help="Content folder to create offer folders in.")
@click.option("--force", is_flag=True,
              help="Update offer folders that exist already, in the files an earlier import wrote only.")
@click.option("--type", "type_", metavar="TYPE",
              help="Offer type for records without a productType, e.g. consulting-service.")
@verbosity
def import_(files: tuple[Path, ...], out: Path, force: bool, type_: str | None, quiet: int, verbose: int) -> None:
    """Turn Marketplace Catalog API product JSON or Product Ingestion resource-tree JSON into offer folders."""
    from .importers.catalog import ImportProblem, import_file

    failed = 0
    for f in files:
        try:
            folder, notes = import_file(f, out, force=force, type_override=type_)
        except ImportProblem as e:
            click.echo(f"{f}: error: {e}", err=True)
            failed += 1
            continue
        except OSError as e:
            click.echo(f"{f}: error: cannot write: {e.strerror or e}", err=True)
            failed += 1
            continue
        if quiet:
            continue
        click.echo(f"{f} -> {folder}")
        for n in notes:
            click.echo(f"  note: {n}")
    sys.exit(1 if failed else 0)


@main.command("export")
@click.argument("site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["configure"]), default="configure", show_default=True,
              help="configure: Product Ingestion API request bodies, one per offer.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="File for one offer's body; a folder (one <offer id>.json each) for several. Default: stdout.")
@click.option("--asset-base-url", metavar="URL",
              help="https address the built site is published at; asset URLs point at its re-encoded images.")
@click.option("--submission", type=click.Choice(["draft", "preview", "live"]),
              help="Add a submission resource with this target.")
@click.option("--edition", type=EDITION, help="Rules edition (default: the site config's, else 'latest').")
@click.option("--force", is_flag=True, help="Export offers with check errors or offline-validation problems too.")
@click.option("--undocumented-kinds", type=click.Choice(["refuse", "derive"]), default="refuse", show_default=True,
              help="Offer types no source names a listing kind for: refuse them, or derive the kind from the "
              "product type (one warning per offer says how to verify it).")
@verbosity
def export(site_dir: Path, fmt: str, out: Path | None, asset_base_url: str | None, submission: str | None,
           edition: str | None, force: bool, undocumented_kinds: str, quiet: int, verbose: int) -> None:
    """Write each offer of SITE_DIR as a Product Ingestion API configure request body, validated offline."""
    import json

    from .export import export_site
    from .urls import url_problem

    if asset_base_url and url_problem(asset_base_url, ("https",)):
        raise click.BadParameter(f"'{asset_base_url}' {url_problem(asset_base_url, ('https',))}",
                                 param_hint="--asset-base-url")
    result = export_site(site_dir, asset_base_url=asset_base_url, submission=submission, force=force,
                         edition=edition, undocumented_kinds=undocumented_kinds)
    for slug, why in result.skipped:
        click.echo(f"{slug}: not exported: {why}", err=True)
    for slug, note in result.warnings:
        click.echo(f"{slug}: warning: {note}", err=True)
    for b in result.bodies:
        for note in b.left_out:
            click.echo(f"{b.offer}: left out: {note}", err=True)
    texts = {b.offer: json.dumps(b.body, indent=2, ensure_ascii=False) + "\n" for b in result.bodies}
    if out is None:
        for text in texts.values():
            click.echo(text, nl=False)
    elif len(texts) == 1 and not out.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(next(iter(texts.values())), encoding="utf-8")
        click.echo(f"wrote {out} (send with $version={result.bodies[0].version})", err=True)
    elif texts:
        if out.exists() and not out.is_dir():
            raise click.ClickException(f"{out} is a file; several offers need a folder")
        out.mkdir(parents=True, exist_ok=True)
        for b in result.bodies:
            (out / f"{b.offer}.json").write_text(texts[b.offer], encoding="utf-8")
            click.echo(f"wrote {out / (b.offer + '.json')} (send with $version={b.version})", err=True)
    sys.exit(1 if result.skipped else 0)


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--type", "offer_type", type=click.Choice(sorted(OFFER_TYPE_KEYS)), default="saas", show_default=True,
              help="Offer type of the example offer.")
@verbosity
def init(directory: Path, offer_type: str, quiet: int, verbose: int) -> None:
    """Create a site in DIRECTORY with one complete example offer of the given type.

    DIRECTORY may be an existing repository: only listingpreview.toml (when missing) and a new offer
    folder under content/ are written; no other file is touched.
    """
    from .scaffold import ScaffoldError, init_site

    try:
        written = init_site(directory, offer_type)
    except ScaffoldError as e:
        raise click.ClickException(str(e)) from None
    if not quiet:
        for p in written:
            click.echo(f"created {p}")
        click.echo(f"Next: listingpreview serve {directory}   (or: listingpreview check {directory})")


@main.command()
@click.argument("code", required=False)
@click.option("--edition", type=EDITION, help="Show the limits of one edition only.")
@verbosity
def rule(code: str | None, edition: str | None, quiet: int, verbose: int) -> None:
    """Explain rule CODE (e.g. LP104): what it checks, its limit per offer type and edition, its sources.

    Without CODE, list every rule.
    """
    from .explain import explain_rule, list_rules

    con = term()
    if code is None:
        con.print(list_rules())
        return
    text = explain_rule(code, edition=edition, verbose=bool(verbose))
    if text is None:
        raise click.ClickException(f"no rule {code}; `listingpreview rule` lists them all")
    con.print(text)


@main.command()
@click.argument("kind", type=click.Choice(["offer", "plan", "config"]))
@verbosity
def schema(kind: str, quiet: int, verbose: int) -> None:
    """Print the JSON Schema of offer.toml, plans/*.toml or listingpreview.toml (for editors and CI)."""
    import json

    from .schemas import schemas

    click.echo(json.dumps(schemas()[f"{kind}.schema.json"], indent=2, ensure_ascii=False))


def run() -> None:
    """The command's entry point (the ``listingpreview`` script and ``python -m listingpreview``): :func:`main`,
    then the heap frozen for a quick exit (:func:`listingpreview.heap.freeze_for_exit`). Tests call :func:`main`."""
    from .heap import freeze_for_exit

    try:
        main(prog_name="listingpreview")
    finally:
        freeze_for_exit()


if __name__ == "__main__":  # pragma: no cover
    run()
