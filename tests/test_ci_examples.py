"""CI: the example workflows pass actionlint and their JSON schemas; annotations, SARIF and the pre-commit
hook work for a site in a subfolder of a real git repository."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import CONTENT, ROOT, edit, line_of

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / "examples" / "github-workflow.yml"
AZURE = ROOT / "examples" / "azure-pipelines.yml"
FAB = "content/fabrikam-fieldnotes"


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is missing: install the test extras (pip install -e '.[test]')"
    return str(path)


def run(*args, cwd=None):
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


def lp(*args, cwd):
    return run(sys.executable, "-m", "listingpreview", *args, cwd=cwd)


def test_github_workflow_passes_actionlint(tmp_path):
    r = run(tool("actionlint"), "-no-color", WORKFLOW)
    assert r.returncode == 0, r.stdout + r.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW.read_text().replace("steps.origin.outputs.same-repo", "steps.orgin.outputs.same-repo"))
    assert run(tool("actionlint"), "-no-color", bad).returncode == 1  # actionlint does catch a mistake


@pytest.mark.parametrize("path, schema", [(WORKFLOW, "vendor.github-workflows"), (AZURE, "vendor.azure-pipelines")])
def test_examples_match_their_json_schemas(path, schema, tmp_path):
    # check-jsonschema vendors SchemaStore's schemas (with their licenses and hashes) in its package.
    check = [tool("check-jsonschema"), "--regex-variant", "python", "--builtin-schema", schema]
    r = run(*check, path)
    assert r.returncode == 0, r.stdout + r.stderr
    bad = tmp_path / path.name
    bad.write_text(path.read_text().replace("runs-on:", "runs_on:", 1).replace("  - task: PublishTestResults@2",
                                                                               "  - tsk: PublishTestResults@2"))
    assert run(*check, bad).returncode == 1


def test_github_workflow_does_what_the_readme_says():
    wf = YAML(typ="safe").load(WORKFLOW.read_text())
    text = WORKFLOW.read_text()
    assert wf[True if True in wf else "on"]["pull_request"]["types"] == ["opened", "synchronize", "reopened", "closed"]
    jobs = wf["jobs"]
    assert "pip install listingpreview\n" not in text and "git+https://" in text
    check_runs = " ".join(s.get("run", "") for s in jobs["check"]["steps"])
    for fmt in ("--format github", "--format sarif", "--format markdown"):
        assert fmt in check_runs
    assert "--compare-to" in check_runs
    publish = jobs["publish"]
    assert "same-repo == 'true'" in publish["if"]
    gh_pages = next(s for s in publish["steps"] if s.get("uses", "").startswith("peaceiris/actions-gh-pages"))
    assert gh_pages["with"]["destination_dir"] == "pr-${{ github.event.pull_request.number }}"
    comment = next(s for s in publish["steps"] if s.get("uses", "").startswith("actions/github-script"))
    assert "updateComment" in comment["with"]["script"] and "<!-- listingpreview -->" in comment["with"]["script"]
    remove = jobs["remove-preview"]
    assert "closed" in remove["if"] and any('git rm -r -q "$DIR"' in s.get("run", "") for s in remove["steps"])
    assert "fork" in text.lower() and "::notice" in text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A real git repository with the sample site in marketing/listings/ and one mistake in an offer."""
    repo = tmp_path / "repo"
    site = repo / "marketing" / "listings"
    shutil.copytree(CONTENT, site / "content")
    shutil.copy(ROOT / "listingpreview.toml", site / "listingpreview.toml")
    (repo / "README.md").write_text("# product\n")
    run("git", "init", "-q", repo)
    run("git", "-C", repo, "add", "-A")
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', f'name = "{"F" * 201}"')
    return repo


def test_annotations_and_sarif_land_on_the_repository_files(repo):
    offer = f"marketing/listings/{FAB}/offer.toml"
    line = line_of(repo / offer, "FFFF")
    for cwd in (repo, repo / "marketing"):  # wherever the command runs, paths are from the repository's top
        site = "marketing/listings" if cwd == repo else "listings"
        gh = lp("check", site, "--format", "github", cwd=cwd)
        assert gh.returncode == 1
        assert f"::error file={offer},line={line},col=8,title=LP104 listing.name::" in gh.stdout, gh.stdout
        sarif = json.loads(lp("check", site, "--format", "sarif", cwd=cwd).stdout)
        run0 = sarif["runs"][0]
        loc = run0["results"][0]["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": offer, "uriBaseId": "SRCROOT"}
        assert run0["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
        azure = lp("check", site, "--format", "azure", cwd=cwd)
        assert (f"##vso[task.logissue type=error;sourcepath={offer};linenumber={line};columnnumber=8;code=LP104;]"
                "listing.name is 201 characters") in azure.stdout
    text = lp("check", "listings", "-q", cwd=repo / "marketing")
    assert text.stdout.startswith(f"listings/{FAB}/offer.toml:{line}:8: error LP104")  # relative to where it runs


def test_pre_commit_hook_checks_a_site_in_a_subfolder(repo):
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "listingpreview-check")
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], f"marketing/listings/{FAB}/offer.toml")
    # As pre-commit runs it: the entry plus the documented args, from the repository's top folder.
    entry = hook["entry"].split()
    assert entry[0] == "listingpreview"
    cmd = [sys.executable, "-m", "listingpreview", *entry[1:], "marketing/listings"]
    failing = run(*cmd, cwd=repo)
    assert failing.returncode == 1 and f"marketing/listings/{FAB}/offer.toml" in failing.stdout
    edit(repo / "marketing/listings" / FAB / "offer.toml", f'name = "{"F" * 201}"', 'name = "Fabrikam FieldNotes"')
    assert run(*cmd, cwd=repo).returncode == 0
    readme = (ROOT / "README.md").read_text()
    assert "args: [marketing/listings]" in readme and "id: listingpreview-check" in readme
