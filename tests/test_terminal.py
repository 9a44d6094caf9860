"""Terminal output: source snippet with caret and help, colour rules, -q/-v, counts, rule explanations, errors."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, edit, line_of
from listingpreview.cli import ServeReporter, main
from listingpreview.diagnostics import Diagnostic
from listingpreview.pipeline import Builder, Snapshot

FAB = "content/fabrikam-fieldnotes"
LONG = "F" * 201


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def cli(*args, cwd, env=None):
    """The installed command in a real subprocess (its stdout is a pipe, not a terminal)."""
    full = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")} | (env or {})
    return subprocess.run([sys.executable, "-m", "listingpreview", *map(str, args)], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def long_name(site):
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', f'name = "{LONG}"')
    return line_of(site / FAB / "offer.toml", LONG)


def test_check_prints_the_source_line_with_a_caret_and_help(site, long_name, monkeypatch):
    monkeypatch.chdir(site.parent)
    r = run("check", "site")
    n = long_name
    w = len(str(n))
    expected = [
        f"site/{FAB}/offer.toml:{n}:8: error LP104 listing.name is 201 characters; the latest limit is 200.",
        " " * (w + 1) + "|",
        f"{n} | name = \"{LONG[:132]}…",  # a long line is cut to 140 characters around the value
        " " * (w + 1) + "|" + " " * 8 + "^" * 133 + " LP104",
        " " * (w + 1) + "|",
        " " * (w + 1) + "= help: Shorten it by 1 characters.",
    ]
    assert r.exit_code == 1
    assert r.output.splitlines()[:6] == expected, r.output
    assert r.output.splitlines()[-1] == "Checked 3 offer(s): 1 error(s), 0 warning(s), 0 info."
    assert "\x1b[" not in r.output  # not a terminal: no colour


def test_short_value_is_underlined_exactly(site, monkeypatch):
    edit(site / FAB / "offer.toml", 'categories = ["Productivity", "Operations & Supply Chain"]',
         'categories = ["Productivty"]')
    monkeypatch.chdir(site)
    out = run("check").output.splitlines()
    i = next(k for k, x in enumerate(out) if "LP131" in x and "error" in x)
    assert out[i].endswith("error LP131 category 'Productivty' is not an Azure Marketplace category.")
    assert out[i].startswith(f"{FAB}/offer.toml:")  # relative to the current directory
    src, caret = out[i + 2], out[i + 3]
    col = src.index('["Productivty"]')
    assert caret[col:] == "^" * len('["Productivty"]') + " LP131"
    assert out[i + 5].endswith("= help: Did you mean 'Productivity'?")


def test_colour_only_on_request_and_never_with_no_color(site, long_name):
    plain = cli("check", site, cwd=site)
    assert "\x1b[" not in plain.stdout and "LP104" in plain.stdout
    forced = cli("check", site, cwd=site, env={"FORCE_COLOR": "1"})
    assert "\x1b[1;31merror\x1b[0m" in forced.stdout
    no_color = cli("check", site, cwd=site, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[31m" not in no_color.stdout and "\x1b[1;31m" not in no_color.stdout


def test_quiet_and_verbose(site, long_name):
    q = run("check", site, "-q").output.splitlines()
    assert len(q) == 2 and " error LP104 " in q[0] and q[0].endswith("Shorten it by 1 characters.")
    qq = run("check", site, "-qq").output.splitlines()
    assert qq == ["Checked 3 offer(s): 1 error(s), 0 warning(s), 0 info."]
    v = run("check", site, "-v").output
    assert "= source: [AD] plan-saas-offer.md (2022-08-02)" in v
    concise = run("check", site, "--format", "concise").output.splitlines()
    assert concise == q


def test_every_command_takes_q_and_v():
    for name, cmd in main.commands.items():
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        assert {"-q", "-v"} <= opts, name


def test_build_strict_quiet_says_why_it_failed(site, long_name, tmp_path):
    r = CliRunner().invoke(main, ["build", str(site), "-o", str(tmp_path / "out"), "--strict", "-q"])
    assert r.exit_code == 1
    assert "error LP104 listing.name is 201 characters" in r.output
    assert "Failed: --strict and 1 error(s) (listed above)." in r.output


def test_not_a_site_is_an_error_that_says_what_was_looked_for(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    for cmd in ("check", "build", "serve"):
        r = CliRunner().invoke(main, [cmd, str(tmp_path)])
        assert r.exit_code == 1, cmd
        assert f"{tmp_path} is not a listingpreview site" in r.output
        assert f"{tmp_path / 'offer.toml'}" in r.output and f"{tmp_path / 'content'}/" in r.output
        assert "listingpreview init" in r.output
    assert not (tmp_path / "_site").exists()


def test_rule_explains_limits_per_type_and_edition_with_sources():
    r = run("rule", "LP104")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0] == "LP104 name-length (error, Offer listing)"
    container = next(x for x in lines if x.startswith("Azure Container"))
    saas = next(x for x in lines if x.startswith("Software as a Service"))
    assert container.split()[-2:] == ["50", "50"] and saas.split()[-2:] == ["200", "50"]
    assert "[AD] plan-saas-offer.md (2022-08-02)" in r.output
    assert "https://learn.microsoft.com/azure/marketplace/plan-saas-offer" in r.output
    assert run("rule", "lp104").output == r.output
    assert "LP607" in run("rule").output
    bad = CliRunner().invoke(main, ["rule", "LP999"])
    assert bad.exit_code == 1 and "no rule LP999" in bad.output


def test_serve_reporter_prints_each_problem_once(site, capsys):
    d = Diagnostic("LP104", "error", f"{FAB}/offer.toml", 20, 8, "listing.name", "listing.name is too long.",
                   "Shorten.")
    w = Diagnostic("LP607", "warning", f"{FAB}/offer.toml", 3, 1, "x", "a warning.")
    rep = ServeReporter(site)
    rep("[12:00:00] first build", Snapshot({}, {}, [d], ""))
    rep("[12:00:01] rebuilt a", Snapshot({}, {}, [d, w], ""))
    rep("[12:00:02] rebuilt a", Snapshot({}, {}, [w], ""))
    out = capsys.readouterr().out
    assert out.count("LP104 listing.name is too long.") == 1
    assert out.count("LP607 a warning.") == 1
    assert "[12:00:02] rebuilt a; 1 fixed" in out
    quiet = ServeReporter(site, quiet=1)
    quiet("[12:00:03] first build", Snapshot({}, {}, [d], ""))
    out = capsys.readouterr().out
    assert "first build" not in out and out.count("LP104") == 1


def test_serve_reporter_after_a_save_looks_at_the_changed_offer_only(site, capsys, monkeypatch):
    builder, rep, whole = Builder(site, keep_last_good=True), ServeReporter(site), ServeReporter(site)
    looked: list[str] = []
    key = ServeReporter.key
    monkeypatch.setattr(ServeReporter, "key", staticmethod(lambda d: looked.append(d.offer) or key(d)))

    def save(old: str, new: str) -> str:
        edit(site / FAB / "offer.toml", old, new)
        snap = builder.update({"fabrikam-fieldnotes"})
        looked.clear()
        rep("[12:00:01] save", snap)
        assert set(looked) <= {"fabrikam-fieldnotes", ""} and snap.fresh == ["fabrikam-fieldnotes"]
        told = capsys.readouterr().out
        whole("[12:00:01] save", dataclasses.replace(snap, fresh=None, site_diagnostics=None))  # every diagnostic
        assert capsys.readouterr().out == told  # says the same
        return told

    first = builder.update()
    rep("[12:00:00] first build", first)
    whole("[12:00:00] first build", dataclasses.replace(first, fresh=None, site_diagnostics=None))
    capsys.readouterr()
    told = save('email = "support@fabrikam.com"', 'email = "support at fabrikam"')
    assert told.count("support at fabrikam") >= 1 and "fixed" not in told
    assert "support at fabrikam" not in save('name = "Fabrikam FieldNotes"', 'name = "FieldNotes"')  # told once
    assert "; 1 fixed" in save('email = "support at fabrikam"', 'email = "support@fabrikam.com"')


def test_unknown_severity_code_is_an_error_with_a_suggestion(site):
    (site / "listingpreview.toml").write_text('[site]\ntitle = "x"\n\n[severity]\nLP6O7 = "off"\n')
    r = run("check", site, "-q")
    assert r.exit_code == 1
    assert ("listingpreview.toml:5:9: error LP002 unknown rule code 'LP6O7' in [severity]; the override would do "
            "nothing. Did you mean 'LP607'?") in r.output


def test_relative_link_in_the_description_is_reported(site):
    (site / FAB / "description.md").write_text("Read [the guide](docs/guide.md) or [us](https://x.example).\n")
    r = run("check", site, "-q")
    assert "description.md:1: warning LP203 the description links to 'docs/guide.md', a relative link" in r.output
    assert r.output.count("LP203") == 1


def test_sarif_has_a_help_url_per_rule(site, long_name):
    log = json.loads(run("check", site, "--format", "sarif").output)
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == "LP104" and rule["helpUri"] == "https://learn.microsoft.com/azure/marketplace/plan-saas-offer"
    assert "listingpreview rule LP104" in rule["help"]["text"]
    log = json.loads(run("check", site, "--format", "sarif", "--docs-url", "https://preview.contoso.com/").output)
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] == "https://preview.contoso.com/rules.html#LP104"


def test_markdown_review_state_per_offer(site, long_name):
    r = run("check", site, "--format", "markdown", "--preview-url", "https://o.github.io/r/pr-7")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0].startswith("**3 offer(s)**: 1 error(s), 0 warning(s) (rules edition latest).")
    fab = next(x for x in lines if "`fabrikam-fieldnotes`" in x)
    assert "Offer listing: Incomplete" in fab and "| 1 | 0 |" in fab
    assert "[what changed](https://o.github.io/r/pr-7/offers/fabrikam-fieldnotes/changes.html)" in fab
    other = next(x for x in lines if "`contoso-sentinel-mssp`" in x)
    assert "✅ Complete" in other


def test_markdown_makes_publisher_text_inert(site):
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"',
         'name = "A | <b>B</b> [x](https://e.example) @team"')
    out = run("check", site, "--format", "markdown").output
    row = next(x for x in out.splitlines() if "fabrikam-fieldnotes" in x)
    assert "A \\| \\<b\\>B\\</b\\> \\[x\\](https://e.example) @\u200bteam" in row


def test_readme_generated_sections_are_current():
    from listingpreview.docgen import update_readme

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- generated:content-format -->" in text and "<!-- generated:rules -->" in text
    assert update_readme(text) == text, "run scripts/gen-schema.py"


def test_a_hostile_source_line_cannot_drive_the_terminal(site):
    # A raw escape character in offer.toml (TOML forbids it: a syntax error at that spot) is shown escaped.
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"',
         'name = "Fabrikam \x1b[2J\x1b]0;pwned\x07FieldNotes"')
    r = run("check", site)
    assert r.exit_code == 1 and "LP001" in r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert '| name = "Fabrikam \\x1b[2J\\x1b]0;pwned\\x07FieldNotes"' in r.output
