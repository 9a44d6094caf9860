"""The wheel, installed in a fresh virtual environment outside the repository, builds 'init' output."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def sh(*args, cwd=None, env=None):
    r = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, timeout=900)
    assert r.returncode == 0, f"{args}\n{r.stdout}\n{r.stderr}"
    return r.stdout


def test_wheel_works_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT)
    wheel = next(dist.glob("listingpreview-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "listingpreview/layouts/index.html" in names and "listingpreview/assets/style.css" in names
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv)
    py = venv / "bin" / "python"
    sh(py, "-m", "pip", "install", "-q", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    sh(venv / "bin" / "listingpreview", "init", "site", cwd=work)
    out = sh(venv / "bin" / "listingpreview", "build", "site", cwd=work)
    # 7 pages + the store's search page and the offer's Azure portal view
    assert "Built 1 offer(s), 9 page(s)" in out and "0 error(s), 0 warning(s)" in out
    html = (work / "site/_site/offers/contoso-notes/index.html").read_text()
    assert "Contoso Notes" in html and "Contact me" in html
    assert (work / "site/_site/assets/style.css").is_file()
    # the installed package, not this checkout, did the work
    where = sh(py, "-c", "import listingpreview, pathlib; print(pathlib.Path(listingpreview.__file__).parent)", cwd=work)
    assert str(ROOT) not in where
