"""User and environment problems end in one line and an exit code, never a traceback; nothing is half-written."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner

from listingpreview import errors, output
from listingpreview.cli import main

FAB = "content/fabrikam-fieldnotes"


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    # a traceback would be an exception other than the SystemExit Click ends with
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def _tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_output_below_a_regular_file(site, tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    r = _run("build", str(site), "-o", str(tmp_path / "afile" / "out"), "-q")
    assert r.exit_code == 1
    out = tmp_path / "afile" / "out"
    assert f"cannot create the output folder {out}: {tmp_path / 'afile'} is a file, not a folder" in r.output
    assert "choose another folder with -o" in r.output and "nothing was changed" in r.output


def test_output_name_too_long(site, tmp_path):
    r = _run("build", str(site), "-o", str(tmp_path / ("x" * 300)), "-q")
    assert r.exit_code == 1 and "too long" in r.output


def test_output_through_a_symlink_loop(site, tmp_path):
    os.symlink(tmp_path / "loop-b", tmp_path / "loop-a")
    os.symlink(tmp_path / "loop-a", tmp_path / "loop-b")
    r = _run("build", str(site), "-o", str(tmp_path / "loop-a" / "out"), "-q")
    assert r.exit_code == 1 and "loop" in r.output.lower()


@pytest.mark.parametrize("code,words", [(errno.ENOSPC, "disk is full"), (errno.EACCES, "permission denied"),
                                        (errno.EROFS, "read-only")])
def test_a_disk_that_refuses_midway_leaves_the_previous_site(site, tmp_path, monkeypatch, code, words):
    out = tmp_path / "out"
    assert _run("build", str(site), "-o", str(out), "-q").exit_code == 0
    before = _tree(out)
    (site / FAB / "offer.toml").write_text((site / FAB / "offer.toml").read_text() + "\n# edited\n")
    calls = []

    def refuse(self, rel, data):
        calls.append(rel)
        if len(calls) > 3:
            raise OSError(code, os.strerror(code), str(self.path / rel))
        return real(self, rel, data)

    real = output.Staging.write
    monkeypatch.setattr(output.Staging, "write", refuse)
    r = _run("build", str(site), "-o", str(out), "-q")
    assert r.exit_code == 1 and words in r.output and "nothing was changed" in r.output
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_broken_site_layout_is_one_line_with_file_and_line(site, tmp_path):
    (site / "layouts").mkdir()
    (site / "layouts/plans.html").write_text("<p>\n{% if %}\n")
    r = _run("build", str(site), "-o", str(tmp_path / "out"), "-q")
    assert r.exit_code == 1 and "layouts/plans.html:2: " in r.output and r.output.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_cache_folder_that_cannot_be_written_only_costs_time(site, tmp_path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("LISTINGPREVIEW_CACHE_DIR", str(blocker))
    r = _run("build", str(site), "-o", str(tmp_path / "out"), "-q")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out/offers/fabrikam-fieldnotes/index.html").is_file()


def test_environment_errors_in_any_command_are_one_line(site, monkeypatch):
    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", "/some/where")

    monkeypatch.setattr("listingpreview.pipeline.check_site", full)  # check --format markdown, --online…
    monkeypatch.setattr("listingpreview.pipeline.Builder.check", full)  # check through the build's cache
    r = _run("check", str(site))
    assert r.exit_code == 1 and r.output.strip() == "Error: cannot use /some/where: the disk is full; free some " \
                                                     "space and try again"


def test_exception_family_and_exit_codes():
    assert issubclass(output.OutputError, errors.OutputError)
    for cls in (errors.OutputError, errors.CompareError, errors.LayoutError, errors.ConfigError, errors.UsageError):
        assert issubclass(cls, errors.ListingPreviewError)
    assert errors.UsageError.exit_code == 2 and errors.OutputError.exit_code == 1
    from listingpreview import compare

    assert compare.CompareError is errors.CompareError


def test_an_unreadable_reference_is_a_compare_error(site, tmp_path):
    r = _run("build", str(site), "-o", str(tmp_path / "out"), "--compare-to", "no-such-revision-or-folder", "-q")
    assert r.exit_code == 1 and "no-such-revision-or-folder" in r.output
