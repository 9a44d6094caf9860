"""The output folder: owned by content, locked, swapped recoverably; every failure names the output."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hostile.budget import run
from listingpreview import output
from listingpreview.output import MARKER, OutputError
from listingpreview.pipeline import build

PAGE = "offers/fabrikam-fieldnotes/plans.html"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    return out


def test_deleted_output_files_are_restored(site, built):
    before = tree(built)
    (built / PAGE).unlink()
    (built / "assets/style.css").unlink()
    result = build(site, built)
    assert not result.up_to_date
    assert tree(built) == before


def test_a_folder_with_files_the_build_did_not_write_is_refused(site, built):
    (built / "notes.txt").write_text("mine")
    (built / "offers/mine").mkdir()
    (built / "offers/mine/draft.html").write_text("mine too")
    with pytest.raises(OutputError) as e:
        build(site, built)
    assert "notes.txt" in str(e.value) and "offers/mine/draft.html" in str(e.value) and str(built) in str(e.value)
    assert (built / "notes.txt").read_text() == "mine" and (built / "offers/mine/draft.html").exists()


def test_an_output_file_changed_by_hand_is_refused_not_overwritten(site, built):
    page = built / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<title>", b"<title>EDITED "))
    with pytest.raises(OutputError, match="changed since the last build: index.html"):
        build(site, built)
    assert b"EDITED" in page.read_bytes()


def test_same_size_edit_is_seen_by_its_hash(site, built):
    page = built / "index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<title>", b"<TITLE>", 1))
    with pytest.raises(OutputError, match="index.html"):
        build(site, built)


def test_a_copied_marker_does_not_make_a_folder_ours(site, built, tmp_path):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    (mine / MARKER).write_bytes((built / MARKER).read_bytes())
    r = run(tmp_path, "build", str(site), "-o", str(mine), "-q")
    assert r.code == 1 and "Traceback" not in r.output
    assert "thesis.docx" in r.err and "did not write" in r.err and str(mine) in r.err
    assert (mine / "thesis.docx").read_bytes() == b"years of work"


def test_a_marker_without_a_manifest_is_refused(site, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.html").write_text("mine")
    (mine / MARKER).write_text('{"tool": "listingpreview", "site": ""}\n')
    with pytest.raises(OutputError, match="no list of the files"):
        build(site, mine)
    assert (mine / "a.html").exists()


# -- one build at a time --------------------------------------------------------------------------------------
_HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from listingpreview.output import BuildLock
    with BuildLock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(60)
""")


def test_a_concurrent_build_is_told_who_holds_the_lock(site, tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        r = run(tmp_path, "build", str(site), "-o", str(out), "-q")
        assert r.code == 1 and "Traceback" not in r.output
        assert f"another build (PID {holder.pid}) is running" in r.err and str(out) in r.err
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()
    r = run(tmp_path, "build", str(site), "-o", str(out), "-q")  # the kernel released the dead holder's lock
    assert r.code == 0, r.output


def test_a_stale_lock_file_of_a_dead_build_is_taken_over(site, tmp_path):
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / ".out.lock").write_text(f"{dead.pid}\n")
    build(site, out)
    assert (out / "index.html").exists() and not (tmp_path / ".out.lock").exists()


# -- the swap, interrupted ------------------------------------------------------------------------------------
_KILLED_MID_SWAP = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from listingpreview import output
    from listingpreview.pipeline import build
    real = os.replace
    def replace(src, dst):
        if Path(dst) == Path(sys.argv[2]):  # the second rename: the new site would go in place
            os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst)
    output.os.replace = replace
    output.PATCH_SHARE = 0.0  # the whole-folder swap (a small change is applied in place: tests below)
    build(Path(sys.argv[1]), Path(sys.argv[2]))
""")


def test_a_build_killed_between_the_two_renames_is_finished_by_the_next(site, built, tmp_path):
    from conftest import edit

    edit(site / "content/fabrikam-fieldnotes/offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "Renamed"')
    p = subprocess.run([sys.executable, "-c", _KILLED_MID_SWAP, str(site), str(built)], timeout=120)
    assert p.returncode == -9
    assert not built.exists()  # the moment the issue describes: no output folder at all
    leftovers = sorted(x.name.split("-")[0] for x in tmp_path.iterdir() if x.name.startswith((".out.old", ".out.st")))
    assert leftovers == [".out.old", ".out.staging"]
    assert output.recover(built) == "finished the swap of an interrupted build"
    assert "Renamed" in (built / "offers/fabrikam-fieldnotes/index.html").read_text()
    assert build(site, built).up_to_date  # the finished swap is a whole, owned output folder
    assert not [x for x in tmp_path.iterdir() if x.name.startswith(".out.")]  # no leftovers, no lock file


def test_a_swap_without_a_complete_new_site_is_rolled_back(site, built, tmp_path):
    before = tree(built)
    os.replace(built, tmp_path / ".out.old-999999")  # the first rename happened ...
    staging = tmp_path / ".out.staging-999999"  # ... but the new site was never whole
    staging.mkdir()
    (staging / MARKER).write_text('{"tool": "listingpreview", "complete": false}\n')
    (staging / "index.html").write_text("half")
    r = run(tmp_path, "build", str(site), "-o", str(built), "-q")
    assert r.code == 0 and "Traceback" not in r.output
    assert tree(built) == before
    assert not staging.exists() and not (tmp_path / ".out.old-999999").exists()


# -- a small change, applied in place from a journal ---------------------------------------------------------
DESCRIPTION = "content/fabrikam-fieldnotes/description.md"
REPLACES = "replaces paper checklists"


def _leftovers(tmp_path: Path) -> list[str]:
    return [x.name for x in tmp_path.iterdir() if x.name.startswith(".out.")]


def test_one_offer_edited_is_applied_in_place_and_equals_a_whole_build(site, built, tmp_path):
    from conftest import edit

    folder, inodes = built.stat().st_ino, {p: p.stat().st_ino for p in built.rglob("*") if p.is_file()}
    edit(site / DESCRIPTION, REPLACES, "retires paper checklists")
    assert not build(site, built).up_to_date
    assert built.stat().st_ino == folder  # not swapped: the same folder, updated in place
    moved = sorted(p.relative_to(built).as_posix() for p in built.rglob("*")
                   if p.is_file() and inodes.get(p) != p.stat().st_ino)
    assert MARKER in moved and "offers/fabrikam-fieldnotes/index.html" in moved
    assert all(m == MARKER or m.startswith("offers/fabrikam-fieldnotes/") for m in moved), moved
    assert len(moved) < len(inodes) / 4  # every other file kept (its inode too: its hash stays known)
    assert tree(built) == tree(build(site, tmp_path / "whole", use_cache=False).out_dir)
    assert build(site, built).up_to_date and not _leftovers(tmp_path)


def test_a_removed_offer_is_deleted_in_place_with_its_folders(site, built, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(output, "PATCH_SHARE", 1.0)  # a third of the sample's files: in place all the same
    folder = built.stat().st_ino
    shutil.rmtree(site / "content/northwind-service-scheduler")
    build(site, built)
    assert built.stat().st_ino == folder and not (built / "offers/northwind-service-scheduler").exists()
    assert tree(built) == tree(build(site, tmp_path / "whole", use_cache=False).out_dir)


_KILLED_IN_PLACE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from listingpreview import output
    from listingpreview.pipeline import build
    out, at, real, moved = Path(sys.argv[2]), sys.argv[3], os.replace, []
    def replace(src, dst):
        if at == "journal" and Path(dst).name == output.JOURNAL:  # before the change is committed
            os.kill(os.getpid(), signal.SIGKILL)
        if at == "moving" and Path(dst).parent != Path(src).parent and out in Path(dst).parents:
            moved.append(dst)
            if len(moved) == 2:  # the first file moved in, the second not yet
                os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst)
    output.os.replace = replace
    build(Path(sys.argv[1]), out)
""")


@pytest.mark.parametrize("at", ["journal", "moving"])
def test_a_build_killed_while_updating_in_place_is_rolled_forward_or_never_happened(site, built, tmp_path, at):
    from conftest import edit

    before = tree(built)
    edit(site / DESCRIPTION, REPLACES, "retires paper checklists")
    p = subprocess.run([sys.executable, "-c", _KILLED_IN_PLACE, str(site), str(built), at], timeout=120)
    assert p.returncode == -9
    staged = [x for x in tmp_path.iterdir() if x.name.startswith(".out.staging-")]
    assert len(staged) == 1
    if at == "journal":  # not committed: the output as it was, the staged files thrown away
        assert tree(built) == before
        assert output.recover(built) == ""
        assert tree(built) == before
    else:  # committed, half applied: the folder is mixed until the next build finishes it
        assert (staged[0] / output.JOURNAL).is_file() and tree(built) != before
        assert output.recover(built) == "finished the in-place update of an interrupted build"
        assert "retires paper checklists" in (built / "offers/fabrikam-fieldnotes/index.html").read_text()
        assert tree(built) == tree(build(site, tmp_path / "whole", use_cache=False).out_dir)
    assert not staged[0].exists()
    build(site, built)
    assert build(site, built).up_to_date and not _leftovers(tmp_path)


def test_a_change_staged_alone_never_becomes_the_output_folder(site, built, tmp_path):
    # killed after staging one offer's change, then the output folder deleted by hand: the next build makes the
    # whole site again instead of taking the few staged files for it
    from conftest import edit

    edit(site / DESCRIPTION, REPLACES, "retires paper checklists")
    p = subprocess.run([sys.executable, "-c", _KILLED_IN_PLACE, str(site), str(built), "journal"], timeout=120)
    assert p.returncode == -9
    import shutil

    shutil.rmtree(built)
    assert output.recover(built) == "" and not built.exists()
    assert _leftovers(tmp_path) == [".out.lock"]  # the staged change is gone; the dead build's lock file is taken over
    build(site, built)
    assert tree(built) == tree(build(site, tmp_path / "whole", use_cache=False).out_dir) and not _leftovers(tmp_path)


def test_a_journal_naming_a_path_outside_the_output_is_not_applied(site, built, tmp_path):
    import json

    staging = tmp_path / ".out.staging-999999"
    staging.mkdir()
    (staging / MARKER).write_text(json.dumps({"tool": "listingpreview", "complete": True, "files": {}}))
    (staging / output.JOURNAL).write_text(json.dumps({"write": [], "delete": ["../site/listingpreview.toml"]}))
    before = tree(built)
    assert output.recover(built) == ""
    assert (site / "listingpreview.toml").is_file() and tree(built) == before and not staging.exists()


# -- the file system says no ----------------------------------------------------------------------------------
def test_parent_is_a_regular_file(site, tmp_path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file/out"
    r = run(tmp_path, "build", str(site), "-o", str(out), "-q")
    assert r.code == 1 and "Traceback" not in r.output
    assert f"cannot create the output folder {out}" in r.err and "is a file, not a folder" in r.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; see the EROFS case below")
def test_read_only_parent(site, tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        r = run(tmp_path, "build", str(site), "-o", str(parent / "out"), "-q")
    finally:
        parent.chmod(0o755)
    assert r.code == 1 and "Traceback" not in r.output
    assert f"cannot write the output folder {parent / 'out'}" in r.err and "Permission denied" in r.err


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
def test_parent_that_refuses_writes(site, tmp_path, monkeypatch, err):
    out = tmp_path / "ro/out"
    (tmp_path / "ro").mkdir()
    real = os.open

    def refusing(path, flags, *a, **k):
        if Path(path).parent == out.parent:
            raise OSError(err, os.strerror(err), str(path))
        return real(path, flags, *a, **k)

    monkeypatch.setattr(output.os, "open", refusing)
    with pytest.raises(OutputError) as e:
        build(site, out)
    assert f"cannot write the output folder {out}" in str(e.value) and os.strerror(err) in str(e.value)


def test_full_disk_while_writing_pages(site, built, monkeypatch):
    before = tree(built)
    real = Path.write_bytes

    def full(self, data):
        if ".staging-" in str(self):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    from conftest import edit

    edit(site / "content/fabrikam-fieldnotes/offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "X"')
    with pytest.raises(OutputError) as e:
        build(site, built)
    assert f"cannot write the output folder {built}" in str(e.value) and "No space left on device" in str(e.value)
    assert tree(built) == before and not [x for x in built.parent.iterdir() if ".staging-" in x.name]


def test_full_disk_while_writing_the_cache(site, tmp_path, monkeypatch):
    # The cache lives in the user's cache folder (maybe on another disk) and only saves time: a full disk there
    # turns it off and the build goes on, saying so and naming the cache folder, not the output. (A full disk
    # under the output is an OutputError naming the output: test_full_disk_while_writing_pages.)
    from click.testing import CliRunner

    from listingpreview import cache
    from listingpreview.cli import main

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(cache, "_atomic_write", full)
    out = tmp_path / "out"
    result = build(site, out)
    folder = cache.default_cache_dir(site)
    assert result.cache_problem.startswith(f"cannot write the build cache in {folder} (at {folder}/")
    assert "the disk is full" in result.cache_problem and str(out) not in result.cache_problem
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]
    monkeypatch.undo()
    assert tree(out) == tree(build(site, tmp_path / "uncached", use_cache=False).out_dir)  # the same site

    monkeypatch.setattr(cache, "_atomic_write", full)
    got = CliRunner().invoke(main, ["build", str(site), "-o", str(tmp_path / "cli"), "-q"])
    assert got.exit_code == 0 and got.exception is None, got.output
    warned = [line for line in got.stderr.splitlines() if "build cache" in line]
    assert warned == [f"warning: {result.cache_problem}"], got.stderr
