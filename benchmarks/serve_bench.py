"""Benchmark: builds and live reload on a generated site of 1,000 offers, measured side by side in one run.

    python benchmarks/serve_bench.py [--offers 1000] [--edits 40] [--work DIR]

Each offer has a description of about 2,500 characters of Markdown, 5 plans and 5 screenshots
(1280×720 PNG; 20 distinct pictures, so identical bytes recur across offers, as in the team's
baselines). Measured, all in this process and on this machine:

1. limit: render listingpreview's listing page for each offer and write it (nothing else), the floor;
2. first build (cold cache) and second build of the unchanged site, with listingpreview's ``build()``;
3. one-offer rebuild: ``Builder.update`` after editing one offer's name (the in-memory serve path);
4. save -> browser told to reload: a real ``serve`` on 127.0.0.1 with watchdog, an SSE client, and
   atomic saves of one offer's ``offer.toml``; time from the save returning to the "change" event.

Prints a table and writes ``benchmarks/results.json``. Not a test: machines are noisy, so read the
ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from listingpreview.pipeline import Builder, build  # noqa: E402
from listingpreview.scaffold import draw_logo, draw_screenshot  # noqa: E402

WORDS = ("inspection field team offline report cloud secure Azure Teams data schedule workflow customer "
         "partner analytics dashboard automate compliance audit mobile sync export integrate manage").split()


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def description(rng: random.Random) -> str:
    parts = [paragraph(rng, 45), "## What you get", "\n".join(f"- **{rng.choice(WORDS)}** {paragraph(rng, 12)}"
                                                              for _ in range(6)),
             "## How it works", "\n".join(f"{i}. {paragraph(rng, 14)}" for i in range(1, 6)),
             paragraph(rng, 60), f"Learn more on [our site](https://www.example.com/{rng.randint(1, 999)})."]
    text = "\n\n".join(parts)
    while len(text) < 2400:
        text += "\n\n" + paragraph(rng, 20)
    return text[:2700]


def generate(site: Path, offers: int) -> None:
    rng = random.Random(7)
    pool = site.parent / "pool"
    pool.mkdir(parents=True, exist_ok=True)
    for i in range(20):
        draw_screenshot(pool / f"shot-{i}.png", f"Screen {i}", rng.choice(["#0f6cbd", "#107c10", "#8764b8"]),
                        rows=3 + i % 6)
    draw_logo(pool / "logo.png", (300, 300), ("#004578", "#50e6ff"))
    site.mkdir(parents=True, exist_ok=True)
    (site / "listingpreview.toml").write_text('[site]\ntitle = "Benchmark"\n')
    for n in range(offers):
        folder = site / "content" / f"offer-{n:04d}"
        (folder / "plans").mkdir(parents=True)
        (folder / "media").mkdir()
        shutil.copy(pool / "logo.png", folder / "media/logo.png")
        shots = []
        for k in range(5):
            shutil.copy(pool / f"shot-{(n + k) % 20}.png", folder / f"media/shot-{k}.png")
            shots.append(f'[[media.screenshots]]\nfile = "media/shot-{k}.png"\ncaption = "{paragraph(rng, 8)}"\n')
        (folder / "offer.toml").write_text(f'''[offer]
id = "offer-{n:04d}"
alias = "Offer {n}"
type = "saas"
publisher = "Publisher {n % 37}"
publisher_id = "publisher{n % 37}"

[setup]
sell_through_microsoft = true
lead_destination = "https-endpoint"
lead_contact_email = "leads@example.com"

[properties]
categories = ["Productivity", "Analytics"]
standard_contract = true

[listing]
name = "Offer {n}: {paragraph(rng, 4)[:-1]}"
search_results_summary = "{paragraph(rng, 12)[:95]}"
privacy_policy_link = "https://www.example.com/privacy"
getting_started_instructions = "{paragraph(rng, 30)}"
keywords = ["one", "two"]

[listing.support_contact]
name = "Support"
email = "support@example.com"
phone = "+1 425 555 0100"
url = "https://support.example.com"

[listing.engineering_contact]
name = "Engineering"
email = "eng@example.com"
phone = "+1 425 555 0101"

[media]
large_logo = "media/logo.png"

{"".join(shots)}
[technical_configuration]
landing_page_url = "https://app.example.com/landing"
connection_webhook_url = "https://app.example.com/webhook"
azure_ad_tenant_id = "7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f"
azure_ad_app_id = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
''')
        (folder / "description.md").write_text(description(rng))
        for p in range(5):
            (folder / "plans" / f"plan-{p}.toml").write_text(f'''[plan]
id = "plan-{p}"
name = "Plan {p}"
description = "{paragraph(rng, 25)}"
free_trial = {"true" if p == 0 else "false"}

[pricing]
model = "flat-rate"

[[pricing.billing_terms]]
term = "1-month"
payment = "upfront"
price = {10 * (p + 1)}.0
''')


def limit_script(out: Path, site: Path, offers: int) -> float:
    """The floor: render one listing page per offer and write it, nothing else.

    Uses listingpreview's own listing template with one real offer's values (only the name
    varies), and deletes the previous output first, like the team's baseline limit script.
    """
    from listingpreview import markup, pages, templates
    from listingpreview.cache import Cache
    from listingpreview.load import load_offer
    from listingpreview.pipeline import image_refs, inspect_images

    offer = load_offer(site / "content/offer-0000", site, [], "offer-0000")
    images = inspect_images(offer, Cache(Path(), enabled=False))
    refs, _ = image_refs(images, Cache(out.parent / "limit-cache"))
    view = pages.offer_view(offer, [], markup.render(offer.description), images, refs, "latest", "en-us")
    template = templates.environment(None).get_template("index.html")
    site_ctx = {"title": "Benchmark", "edition": "latest", "base_url": "", "noindex": True, "built": "",
                "compare_to": "", "removed": []}
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    for n in range(offers):
        offer.data.listing.name = f"Offer {n}"
        folder = out / "offers" / f"offer-{n:04d}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(template.render(site=site_ctx, view=view, root="../../",
                                                           page="index.html", path="index.html"))
    return time.perf_counter() - started


def atomic_save(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.bench-tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def reload_latency(site: Path, edits: int) -> list[float]:
    """Save -> "change" event on a real server's SSE channel, in ms."""
    from listingpreview.serve import serve

    ready, stop = threading.Event(), threading.Event()
    t = threading.Thread(target=serve, args=(site, "127.0.0.1", 0), kwargs={"explicit_port": True, "ready": ready,
                                                                            "stop": stop}, daemon=True)
    t.start()
    assert ready.wait(600)
    conn = http.client.HTTPConnection("127.0.0.1", ready.port, timeout=30)
    conn.request("GET", "/__listingpreview/events", headers={"Host": f"127.0.0.1:{ready.port}"})
    resp = conn.getresponse()
    events: list[float] = []
    got = threading.Event()

    def reader():
        for line in resp:
            if line.startswith(b"event: change"):
                events.append(time.perf_counter())
                got.set()

    threading.Thread(target=reader, daemon=True).start()
    n = len(list((site / "content").iterdir())) // 2
    offer = site / f"content/offer-{n:04d}/offer.toml"
    text = offer.read_text()
    times = []
    for i in range(edits + 2):
        got.clear()
        time.sleep(0.25)
        saved = time.perf_counter()
        atomic_save(offer, text.replace(f'name = "Offer {n}:', f'name = "Offer {n} v{i}:'))
        if not got.wait(10):
            raise RuntimeError("no reload event within 10 s")
        if i >= 2:  # two warm-up edits
            times.append((events[-1] - saved) * 1000)
    stop.set()
    t.join(10)
    return times


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--offers", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lp-bench-"))
    os.environ["LISTINGPREVIEW_CACHE_DIR"] = str(work / "cache")
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.rmtree(work / "cache", ignore_errors=True)
    t = time.perf_counter()
    generate(site, args.offers)
    print(f"generated {args.offers} offers in {time.perf_counter() - t:.1f} s under {work}", flush=True)

    limits = [limit_script(work / "limit", site, args.offers) for _ in range(3)]
    first = build(site, work / "out")
    seconds = []
    for _ in range(3):
        r = build(site, work / "out")
        assert r.up_to_date, "the second build found something to do"
        seconds.append(r.seconds)
    limit2 = [limit_script(work / "limit", site, args.offers) for _ in range(3)]
    limit = statistics.median(limits + limit2)

    builder = Builder(site)
    builder.update()
    n = args.offers // 4
    offer = site / f"content/offer-{n:04d}/offer.toml"
    text = offer.read_text()
    rebuild = []
    for i in range(21):
        offer.write_text(text.replace(f'name = "Offer {n}:', f'name = "Offer {n} r{i}:'))
        t = time.perf_counter()
        snap = builder.update({f"offer-{n:04d}"})
        rebuild.append((time.perf_counter() - t) * 1000)
        assert snap.rebuilt == [f"offer-{n:04d}"], snap.rebuilt
    offer.write_text(text)

    latency = reload_latency(site, args.edits)
    second = statistics.median(seconds)
    results = {
        "offers": args.offers, "pages": first.pages,
        "limit_render_and_write_s": round(limit, 3),
        "first_build_cold_s": round(first.seconds, 3),
        "second_build_unchanged_s": round(second, 3),
        "second_build_over_limit": round(second / limit, 3),
        "one_offer_rebuild_ms_median": round(statistics.median(rebuild[1:]), 1),
        "one_offer_rebuild_ms_p95": round(pct(rebuild[1:], 0.95), 1),
        "save_to_reload_ms_median": round(statistics.median(latency), 1),
        "save_to_reload_ms_p95": round(pct(latency, 0.95), 1),
        "edits": len(latency),
        "python": sys.version.split()[0],
    }
    (ROOT / "benchmarks/results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
