"""Hostile paths: over-long names, symlink loops, FIFOs, and site folders linked to the outside."""

from __future__ import annotations

import os

import pytest

from conftest import edit
from hostile.budget import find, run

FAB = "content/fabrikam-fieldnotes"
SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- not-for-publishing"


def _check(tmp_path, target):
    r = run(tmp_path, "check", str(target), "--format", "json")
    r.within_budget()
    assert r.code == 1
    return r.diagnostics()


def _build(tmp_path, target, out=None):
    r = run(tmp_path, "build", str(target), "-o", str(out or tmp_path / "out"), "-q")
    r.within_budget()
    assert r.code == 0, r.output
    return r


def _tree_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink())


def test_path_part_over_255_bytes(site, tmp_path):
    offer = site / FAB
    long = "é" * 130 + ".md"  # 263 bytes in UTF-8, fewer than 255 characters
    edit(offer / "offer.toml", 'large_logo = "media/logo-large.png"', f'large_logo = "media/{long}"')
    edit(offer / "offer.toml", "[listing]", f'[listing]\ndescription_file = "{long}"')
    diags = _check(tmp_path, site)
    d = find(diags, "LP008", field="listing.description_file")
    assert d["file"] == f"{FAB}/offer.toml" and d["line"] and "255 bytes" in d["message"]
    assert "255 bytes" in find(diags, "LP301", field="media.large_logo")["message"]
    _build(tmp_path, site)


def test_description_that_links_to_itself(site, tmp_path):
    offer = site / FAB
    (offer / "description.md").unlink()
    os.symlink("description.md", offer / "description.md")
    d = find(_check(tmp_path, site), "LP008", field="listing.description_file")
    assert "symbolic link" in d["message"] and "description.md" in d["message"]
    _build(tmp_path, site)


def test_plan_file_that_links_to_itself(site, tmp_path):
    offer = site / FAB
    os.symlink("loop.toml", offer / "plans/loop.toml")
    d = find(_check(tmp_path, site), "LP005", file=f"{FAB}/plans/loop.toml")
    assert "symbolic link" in d["message"]
    _build(tmp_path, site)


def test_description_that_is_a_fifo_does_not_block(site, tmp_path):
    offer = site / FAB
    (offer / "description.md").unlink()
    os.mkfifo(offer / "description.md")
    d = find(_check(tmp_path, site), "LP005", field="listing.description")
    assert "not a regular file" in d["message"]


@pytest.mark.parametrize("folder", ["assets", "layouts", "content"])
def test_site_folder_linked_outside_is_not_read(site, tmp_path, folder):
    outside = tmp_path / "outside"
    if folder == "content":
        (site / "content").rename(outside)
    else:
        outside.mkdir()
        (outside / "id_rsa").write_text(SECRET)
        (outside / "base.html").write_text(SECRET)  # a layout that would replace the built-in one
        (outside / "style.css").write_text(SECRET)  # an asset that would replace the built-in one
    os.symlink(outside, site / folder)
    d = find(_check(tmp_path, site), "LP010", file=folder)
    assert "symbolic link" in d["message"] and "not read" in d["message"]
    _build(tmp_path, site)
    assert SECRET.encode() not in _tree_bytes(tmp_path / "out")
    if folder == "content":
        assert not (tmp_path / "out/offers").exists()  # no offer read through the link


def test_linked_content_folder_is_named_as_the_link_in_the_terminal(site, tmp_path, monkeypatch):
    # Not "not a site" (the link is why no offer was found), and the link's path, not its target's.
    from click.testing import CliRunner

    from listingpreview.cli import main

    (site / "content").rename(tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", site / "content")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "site"])
    assert r.exit_code == 1 and "not a listingpreview site" not in r.output
    assert r.stdout.splitlines()[0].startswith("site/content: error LP010 the content folder 'content' is a symbolic")
    assert "elsewhere" not in r.output


def test_layout_file_linked_outside_is_not_read(site, tmp_path):
    (tmp_path / "secret.html").write_text(SECRET)
    (site / "layouts").mkdir()
    os.symlink(tmp_path / "secret.html", site / "layouts/base.html")
    _build(tmp_path, site)
    assert SECRET.encode() not in _tree_bytes(tmp_path / "out")
    assert (tmp_path / "out/index.html").stat().st_size > 1000  # the built-in layout was used


def test_serve_starts_on_hostile_paths(site, tmp_path):
    """serve used to refuse to start with only "File name too long"."""
    import threading

    from listingpreview.serve import serve

    offer = site / FAB
    edit(offer / "offer.toml", "[listing]", f'[listing]\ndescription_file = "{"x" * 300}.md"')
    os.symlink("loop.toml", offer / "plans/loop.toml")
    ready, stop = threading.Event(), threading.Event()
    t = threading.Thread(target=serve, args=(site, "127.0.0.1", 0),
                         kwargs={"explicit_port": True, "ready": ready, "stop": stop}, daemon=True)
    t.start()
    try:
        assert ready.wait(60)
    finally:
        stop.set()
        t.join(10)
