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
    assert {"listingpreview/schema/offer.schema.json", "listingpreview/schema/plan.schema.json"} <= set(names)
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv)
    py = venv / "bin" / "python"
    sh(py, "-m", "pip", "install", "-q", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    sh(venv / "bin" / "listingpreview", "init", "site", cwd=work)
    out = sh(venv / "bin" / "listingpreview", "build", "site", cwd=work)
    # The default offer is SaaS sold through Microsoft, so it may be resold through CSPs (resellers.eligible) and
    # gets a Resellers page; SaaS offers are listed in the Azure portal too: 8 offer pages (listing, plans, tiles,
    # snippet, portal, review, Publishing, Resellers) and 4 site pages (index, rules, publishing facts, search).
    # The layouts of all of them are in the wheel too.
    assert "Built 1 offer(s), 12 page(s)" in out and "0 error(s), 0 warning(s)" in out
    pages = sorted(p.relative_to(work / "site/_site").as_posix() for p in (work / "site/_site").rglob("*.html"))
    assert pages == ["index.html", *(f"offers/contoso-saas/{n}.html" for n in (
        "index", "plans", "portal", "publishing", "resellers", "review", "snippet", "tiles")),
        "publishing-facts.html", "rules.html", "search.html"]
    html = (work / "site/_site/offers/contoso-saas/index.html").read_text()
    assert "Contoso Notes" in html and "Get it now" in html
    assert (work / "site/_site/assets/style.css").is_file()
    # the installed package, not this checkout, did the work
    where = sh(py, "-c", "import listingpreview, pathlib; print(pathlib.Path(listingpreview.__file__).parent)", cwd=work)
    assert str(ROOT) not in where
