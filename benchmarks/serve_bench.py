"""Benchmark: builds, check and live reload on generated sites, measured side by side in one run.

    python benchmarks/serve_bench.py [--offers 1000[,10000,...]] [--images shared|distinct|shared,distinct]
                                     [--runs 1] [--edits 40] [--work DIR] [--fresh] [--keep] [--profile]

Each offer has a description of about 2,500 characters of Markdown, 5 plans, a 300×300 logo and 5
screenshots (1280×720 PNG). Two image modes:

- ``shared``: 20 distinct screenshots and one logo reused by every offer, so identical bytes recur
  across offers and the content-hash cache hides most image work (the site of the team's baselines);
- ``distinct``: every offer's logo, screenshots and the thumbnail of its one video are its own pictures
  (drawn with per-offer seeds, so deterministic; stored under ``--work`` and reused by later runs;
  generation time is not measured), as on a real publisher's site.

Measured for every size, all on this machine in the same run, and reported as ratios to the floor:

1. limit (the floor): render listingpreview's listing page for each offer and write it, nothing else;
2. cold build (empty cache, no output) in a fresh process, so its peak RSS and CPU time are its own; with
   distinct images, also the least of it: inspecting and decoding each picture once, spread over every core;
3. no-change build, in-process (``build()``, as before) and as a whole process;
4. ``build`` as a whole process after one offer changed;
5. ``python -m listingpreview check`` as a process: of the unchanged site (warm cache) and of the same
   offers with an empty cache (new offers, as in a fresh CI job);
6. one-offer rebuild: ``Builder.update`` after editing one offer's name (the in-memory serve path);
7. save -> browser told to reload (with ``--edits`` > 0): a real ``serve`` on 127.0.0.1 with watchdog,
   an SSE client, and atomic saves of one offer's ``offer.toml``.

Every process reports wall time, user and system CPU (from the child's own rusage, which includes the
processes it waited for), CPU utilisation ((user + sys) / wall: 2.0 is both cores of a 2-core machine),
``peak_rss_mib`` (the process's own high-water mark, VmHWM, read by it as it ends) and ``peak_tree_rss_mib``
(the sum over the process and its children, sampled every 0.1 s with psutil: counts a process pool's
workers, may miss a short peak). The kernel's ``ru_maxrss`` of a child is not used: on Linux it carries the
high-water mark of the process it was spawned from, so it would report this script's own memory.

``--profile`` runs no measurements: it profiles one cold build (cProfile, in a fresh process; work done
in other processes is not seen) per mode and size, and writes ``benchmarks/profile-cold.txt`` with the
share of time per library (self time grouped by module path; built-ins charged to their callers unless
they belong to a library themselves) and the top functions.

Results are merged into ``benchmarks/results.json`` as ``{mode: {offers: {...}}}`` (``--fresh`` starts it anew)
and the profile's shares as ``{"profile_cold": {mode: {offers: {...}}}}``; each entry carries the date, machine
load and commit of the run that measured it. Not a test: machines are noisy, so read the
ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from listingpreview import Builder, build  # noqa: E402
from listingpreview.heap import freeze_for_exit  # noqa: E402

RESULTS = ROOT / "benchmarks/results.json"
PROFILE = ROOT / "benchmarks/profile-cold.txt"
CACHE_ENV = "LISTINGPREVIEW_CACHE_DIR"
MODES = ("shared", "distinct")
SHOTS = 5
ACCENTS = ["#0f6cbd", "#107c10", "#8764b8"]
WORDS = ("inspection field team offline report cloud secure Azure Teams data schedule workflow customer "
         "partner analytics dashboard automate compliance audit mobile sync export integrate manage").split()


# ------------------------------------------------------------------------------------------------ the site
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


def distinct_files() -> list[str]:
    """Names of one offer's own pictures in ``distinct`` mode; the last one is written last (completion mark)."""
    return ["logo.png"] + [f"shot-{k}.png" for k in range(SHOTS)] + ["video-0.png"]


def draw_distinct(folder: Path, n: int) -> None:
    """Draw offer ``n``'s own logo, screenshots and video thumbnail into ``folder`` (same bytes for the same n)."""
    from listingpreview.scaffold import draw_logo, draw_screenshot

    if (folder / distinct_files()[-1]).exists():
        return
    rng = random.Random(f"listingpreview-bench-offer-{n}")
    folder.mkdir(parents=True, exist_ok=True)

    def color(lo: int, hi: int) -> str:
        return "#" + "".join(f"{rng.randint(lo, hi):02x}" for _ in range(3))

    def save(name: str, draw) -> None:
        tmp = folder / f".{name}.{os.getpid()}.tmp.png"
        draw(tmp)
        os.replace(tmp, folder / name)  # a run interrupted half-way never leaves a broken picture

    save("logo.png", lambda p: draw_logo(p, (300, 300), (color(0, 120), color(130, 255)),
                                         rng.choice(["hex", "leaf", "square"])))
    for k in range(SHOTS):
        save(f"shot-{k}.png", lambda p, k=k: draw_screenshot(p, f"Offer {n} · screen {k + 1}", rng.choice(ACCENTS),
                                                             rows=rng.randint(3, 8)))
    save("video-0.png", lambda p: draw_screenshot(p, f"Offer {n} · video", color(0, 110), rows=rng.randint(3, 8)))


def _draw_range(pool: Path, numbers: list[int]) -> None:
    for n in numbers:
        draw_distinct(pool / f"offer-{n:04d}", n)


def ensure_distinct_pool(pool: Path, offers: int) -> None:
    """Draw the missing pictures of offers 0..offers-1 into ``pool``, on every core."""
    last = distinct_files()[-1]
    missing = [n for n in range(offers) if not (pool / f"offer-{n:04d}" / last).exists()]
    if not missing:
        return
    workers = os.cpu_count() or 1
    chunks = [missing[i::workers * 8] for i in range(workers * 8)]
    with ProcessPoolExecutor(workers) as ex:
        list(ex.map(_draw_range, [pool] * len(chunks), chunks))


def generate(site: Path, offers: int, images: str = "shared", work: Path | None = None) -> None:
    """Write a site of ``offers`` offers into ``site``; its text is the same in both image modes.

    ``images``: ``shared`` (today's 20-picture pool) or ``distinct`` (every offer its own pictures, and one
    video with its own thumbnail; drawn once into ``work/images-distinct`` and copied from there).
    """
    from listingpreview.scaffold import draw_logo, draw_screenshot

    work = work or site.parent
    rng = random.Random(7)
    accents = [rng.choice(ACCENTS) for _ in range(20)]  # drawn in both modes, so the text stays the same
    pool = work / "images-shared"
    if images == "shared":
        pool.mkdir(parents=True, exist_ok=True)
        for i, accent in enumerate(accents):
            draw_screenshot(pool / f"shot-{i}.png", f"Screen {i}", accent, rows=3 + i % 6)
        draw_logo(pool / "logo.png", (300, 300), ("#004578", "#50e6ff"))
    else:
        ensure_distinct_pool(work / "images-distinct", offers)
    site.mkdir(parents=True, exist_ok=True)
    (site / "listingpreview.toml").write_text('[site]\ntitle = "Benchmark"\n')
    for n in range(offers):
        folder = site / "content" / f"offer-{n:04d}"
        (folder / "plans").mkdir(parents=True)
        (folder / "media").mkdir()
        if images == "shared":
            shutil.copy(pool / "logo.png", folder / "media/logo.png")
            for k in range(SHOTS):
                shutil.copy(pool / f"shot-{(n + k) % 20}.png", folder / f"media/shot-{k}.png")
            video = ""
        else:
            for name in distinct_files():
                shutil.copy(work / "images-distinct" / f"offer-{n:04d}" / name, folder / "media" / name)
            video = (f'[[media.videos]]\nname = "Offer {n} in two minutes"\n'
                     f'url = "https://www.youtube.com/watch?v=bench{n:06d}"\nthumbnail = "media/video-0.png"\n\n')
        shots = [f'[[media.screenshots]]\nfile = "media/shot-{k}.png"\ncaption = "{paragraph(rng, 8)}"\n'
                 for k in range(SHOTS)]
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
{video}[technical_configuration]
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


# ------------------------------------------------------------------------------------------------ in-process
def limit_script(out: Path, site: Path, offers: int) -> tuple[float, float]:
    """The floor: render one listing page per offer and write it, nothing else; (wall s, CPU s of this process).

    Uses listingpreview's own listing template with one real offer's values (only the name
    varies), and deletes the previous output first, like the team's baseline limit script.
    The only place that uses pipeline internals: adapt these imports when the pipeline moves.
    """
    from listingpreview import markup, pages, templates
    from listingpreview.cache import Cache
    from listingpreview.load import load_config, load_offer
    from listingpreview.pipeline import image_refs, inspect_images, site_context

    offer = load_offer(site / "content/offer-0000", site, [], "offer-0000")
    images = inspect_images(offer, Cache(Path(), enabled=False))
    refs, _ = image_refs(images, Cache(out.parent / "limit-cache"))
    view = pages.offer_view(offer, [], markup.render(offer.description), images, refs, "latest", "en-us")
    template = templates.environment(None).get_template("index.html")
    site_ctx = site_context(load_config(site, []), "latest", None)  # what every page knows of the site
    if out.exists():
        shutil.rmtree(out)
    started, cpu = time.perf_counter(), time.process_time()
    for n in range(offers):
        offer.data.listing.name = f"Offer {n}"
        folder = out / "offers" / f"offer-{n:04d}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(template.render(site=site_ctx, view=view, root="../../",
                                                           page="index.html", path="index.html"))
    return time.perf_counter() - started, time.process_time() - cpu


PIXEL_SAMPLE = 700  # pictures decoded to measure the decode floor (taken evenly, then scaled to all)


def decode_floor(site: Path) -> dict:
    """The least a cold build does with distinct pictures: inspect and decode each once, the build's own way
    (:func:`listingpreview.media.inspect`, then :func:`listingpreview.media.decoded`), in this process.

    Measured on at most :data:`PIXEL_SAMPLE` pictures taken evenly and scaled to all of them: {pictures,
    sampled, cpu_s (all pictures, one core), wall_s_all_cores (cpu_s spread over every core, without loss)}.
    """
    from listingpreview import media

    pictures = sorted((site / "content").glob("*/media/*.png"))
    sample = pictures[:: max(1, len(pictures) // PIXEL_SAMPLE)][:PIXEL_SAMPLE]
    cpu = time.process_time()
    for p in sample:
        media.decoded(media.inspect(p))
        media.forget()
    total = (time.process_time() - cpu) / max(1, len(sample)) * len(pictures)
    return {"pictures": len(pictures), "sampled": len(sample), "cpu_s": round(total, 2),
            "wall_s_all_cores": round(total / (os.cpu_count() or 1), 2)}


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
    assert ready.wait(3600)
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
    offer.write_text(text)
    return times


def one_offer_rebuilds(site: Path, offers: int) -> list[float]:
    """``Builder.update`` of one edited offer, 21 times (the first is a warm-up), in ms; between two, the heap is
    settled as ``serve`` does after telling the browsers (:func:`listingpreview.heap.settle_heap`, not timed)."""
    from listingpreview.heap import settle_heap

    builder = Builder(site)
    builder.update()
    settle_heap(True)
    n = offers // 4
    offer = site / f"content/offer-{n:04d}/offer.toml"
    text = offer.read_text()
    rebuild = []
    for i in range(21):
        offer.write_text(text.replace(f'name = "Offer {n}:', f'name = "Offer {n} r{i}:'))
        t = time.perf_counter()
        snap = builder.update({f"offer-{n:04d}"})
        rebuild.append((time.perf_counter() - t) * 1000)
        settle_heap(False)
        assert snap.rebuilt == [f"offer-{n:04d}"], snap.rebuilt
    offer.write_text(text)
    return rebuild[1:]


# ------------------------------------------------------------------------------------------------ processes
def run_process(cmd: list[str], env: dict[str, str]) -> dict:
    """Run ``cmd`` to its end; wall time, the child's own rusage, and its peak RSS (see the module docstring)."""
    try:
        import psutil
    except ImportError:  # peak_tree_rss_mib is then left out
        psutil = None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            try:
                p = psutil.Process(proc.pid)
                while not done.is_set():
                    rss = p.memory_info().rss
                    for c in p.children(recursive=True):
                        try:
                            rss += c.memory_info().rss
                        except psutil.Error:
                            pass
                    peak[0] = max(peak[0], rss)
                    done.wait(0.1)
            except psutil.Error:
                pass  # the process has ended

        sampler = threading.Thread(target=sample, daemon=True) if psutil else None
        if sampler:
            sampler.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        done.set()
        if sampler:
            sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    cpu = ru.ru_utime + ru.ru_stime
    res: dict = {"wall_s": round(wall, 3), "user_s": round(ru.ru_utime, 3), "sys_s": round(ru.ru_stime, 3),
           "cpu_utilisation": round(cpu / wall, 2), "exit_code": proc.returncode}
    hwm = re.findall(rf"^{PEAK_MARK} (\d+)$", stderr, re.M)
    if hwm:
        res["peak_rss_mib"] = round(int(hwm[-1]) / 1024, 1)
    if psutil:
        res["peak_tree_rss_mib"] = round(peak[0] / 2**20, 1)
    res["stdout"], res["stderr"] = stdout, stderr
    return res


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[CACHE_ENV] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    return env


JOBS: list[str] = []  # ["--jobs", "N"] when given: passed to every build and check process


def build_process(site: Path, out: Path, cache: Path) -> dict:
    """``build()`` in a fresh process, with the command's default of one worker per CPU for many offers to render
    (or ``--jobs``); adds ``build_s`` (its own timer) and what it did."""
    res = run_process([sys.executable, __file__, "--child", "build", "--site", str(site), "--out", str(out), *JOBS],
                      child_env(cache))
    if res["exit_code"] != 0:
        raise RuntimeError(f"build failed ({res['exit_code']}):\n{res['stderr'][-3000:]}")
    res.update(json.loads(res["stdout"].strip().splitlines()[-1]))
    return res


def check_process(site: Path, cache: Path) -> dict:
    """``python -m listingpreview check --format json`` as a process (run through ``--child cli`` so that it
    reports its peak memory); adds its summary."""
    res = run_process([sys.executable, __file__, "--child", "cli", "check", str(site), "--format", "json", *JOBS],
                      child_env(cache))
    try:
        res["summary"] = json.loads(res["stdout"])["summary"]
    except (ValueError, KeyError):
        raise RuntimeError(f"check failed ({res['exit_code']}):\n{res['stderr'][-3000:]}") from None
    return res


def summarise(runs: list[dict]) -> dict:
    """The run of median wall time, with every run's wall time beside it; output texts left out."""
    best = sorted(runs, key=lambda r: r["wall_s"])[(len(runs) - 1) // 2]
    out = {k: v for k, v in best.items() if k not in ("stdout", "stderr")}
    out["runs"] = len(runs)
    out["wall_s_all"] = [r["wall_s"] for r in runs]
    return out


PEAK_MARK = "benchmark-peak-rss-kib:"


def own_peak_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM, else ``ru_maxrss`` (which may include the parent's)."""
    try:
        found = re.search(r"^VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
        if found:
            return int(found.group(1))
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_main(args: argparse.Namespace) -> None:
    """In a fresh process: one ``build()`` (profiled with ``--child profile``), printing what it did as JSON, or
    ``python -m listingpreview ARGS`` unchanged (``--child cli``); then the peak memory on stderr."""
    try:
        child_run(args)
    finally:
        print(f"{PEAK_MARK} {own_peak_kib()}", file=sys.stderr, flush=True)


def child_run(args: argparse.Namespace) -> None:
    if args.child == "cli":
        import runpy

        sys.argv = ["listingpreview", *args.cli_args]
        runpy.run_module("listingpreview", run_name="__main__", alter_sys=True)  # exits with the command's code
        return
    if args.child == "profile":
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
        r = build(args.site, args.out, jobs=args.jobs)
        prof.disable()
        prof.dump_stats(str(args.stats))
    else:
        r = build(args.site, args.out, jobs=args.jobs)  # None: one worker per CPU, as the command
    print(json.dumps({"build_s": round(r.seconds, 3), "offers": r.offers, "pages": r.pages, "rebuilt": r.rebuilt,
                      "up_to_date": r.up_to_date,
                      "errors": sum(1 for d in r.diagnostics if d.severity == "error")}))
    freeze_for_exit()  # as the command does before its process exits


# ------------------------------------------------------------------------------------------------ one size
def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def measure(mode: str, offers: int, args: argparse.Namespace, work: Path) -> dict:
    """Every measure of the module docstring for one image mode and size."""
    site, out = work / f"site-{mode}-{offers}", work / f"out-{mode}-{offers}"
    cache, empty = work / f"cache-{mode}-{offers}", work / f"cache-empty-{mode}-{offers}"
    for d in (site, out, cache, empty):
        shutil.rmtree(d, ignore_errors=True)
    t = time.perf_counter()
    generate(site, offers, mode, work)
    say(f"[{mode} {offers}] generated in {time.perf_counter() - t:.1f} s")
    os.environ[CACHE_ENV] = str(cache)  # in-process builds share the processes' cache
    started = datetime.now(UTC)
    load_start = os.getloadavg()

    limits = [limit_script(work / "limit", site, offers) for _ in range(3)]
    say(f"[{mode} {offers}] limit {statistics.median(w for w, _ in limits):.3f} s")
    pixels = decode_floor(site) if mode == "distinct" else None
    if pixels:
        say(f"[{mode} {offers}] decoding every picture once: {pixels['cpu_s']:.1f} s CPU")
    cold_runs = []
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        cold_runs.append(build_process(site, out, cache))
        assert cold_runs[-1]["rebuilt"] == offers, cold_runs[-1]
    cold = summarise(cold_runs)
    say(f"[{mode} {offers}] cold build {cold['wall_s']:.1f} s, {cold.get('peak_rss_mib')} MiB")

    build(site, out)  # warm-up of this process (lazy imports); the cache and the output are warm already
    seconds = []
    for _ in range(3):
        r = build(site, out)
        assert r.up_to_date, "the second build found something to do"
        seconds.append(r.seconds)
    unchanged_runs = [build_process(site, out, cache) for _ in range(3)]
    assert all(r["up_to_date"] for r in unchanged_runs), "a no-change build found something to do"
    limits += [limit_script(work / "limit", site, offers) for _ in range(3)]
    limit = statistics.median(w for w, _ in limits)
    limit_cpu = statistics.median(c for _, c in limits)

    n = offers // 4
    offer_toml = site / f"content/offer-{n:04d}/offer.toml"
    text = offer_toml.read_text()
    changed_runs = []
    for i in range(args.runs):
        offer_toml.write_text(text.replace(f'name = "Offer {n}:', f'name = "Offer {n} c{i}:'))
        changed_runs.append(build_process(site, out, cache))
        assert changed_runs[-1]["rebuilt"] == 1, changed_runs[-1]
    offer_toml.write_text(text)
    build(site, out)  # the output matches the site again
    say(f"[{mode} {offers}] one offer changed: build {statistics.median(r['wall_s'] for r in changed_runs):.2f} s")

    check_warm = [check_process(site, cache) for _ in range(args.runs)]
    check_new = []
    for _ in range(args.runs):
        shutil.rmtree(empty, ignore_errors=True)
        check_new.append(check_process(site, empty))
        shutil.rmtree(empty, ignore_errors=True)
    say(f"[{mode} {offers}] check {statistics.median(r['wall_s'] for r in check_warm):.1f} s (warm cache), "
        f"{statistics.median(r['wall_s'] for r in check_new):.1f} s (empty cache)")

    rebuild = one_offer_rebuilds(site, offers)
    latency = reload_latency(site, args.edits) if args.edits > 0 else []
    second = statistics.median(seconds)
    processes = {"cold_build": cold, "unchanged_build": summarise(unchanged_runs),
                 "one_changed_build": summarise(changed_runs), "check_unchanged": summarise(check_warm),
                 "check_new_empty_cache": summarise(check_new)}
    res = {
        "offers": offers, "pages": cold["pages"], "images": mode,
        "distinct_pictures": 7 * offers if mode == "distinct" else 21,
        "limit_render_and_write_s": round(limit, 3),
        "limit_cpu_s": round(limit_cpu, 3),
        "first_build_cold_s": cold["build_s"],
        "second_build_unchanged_s": round(second, 3),
        "second_build_over_limit": round(second / limit, 3),
        "one_offer_rebuild_ms_median": round(statistics.median(rebuild), 1),
        "one_offer_rebuild_ms_p95": round(pct(rebuild, 0.95), 1),
    }
    if latency:
        res.update({"save_to_reload_ms_median": round(statistics.median(latency), 1),
                    "save_to_reload_ms_p95": round(pct(latency, 0.95), 1), "edits": len(latency)})
    res["processes"] = processes
    if pixels:
        res["decode_pictures"] = pixels | {"over_limit": round(pixels["wall_s_all_cores"] / limit, 2)}
    res["over_limit"] = {
        "first_build_cold": round(cold["build_s"] / limit, 2),
        **{f"{name}_process": round(p["wall_s"] / limit, 3) for name, p in processes.items()},
        "second_build_unchanged": round(second / limit, 3),
        "one_offer_rebuild_median": round(statistics.median(rebuild) / 1000 / limit, 4),
    }
    # On a loaded machine wall times stretch with the load; CPU seconds much less so
    res["cpu_over_limit_cpu"] = {name: round((p["user_s"] + p["sys_s"]) / limit_cpu, 2)
                                 for name, p in processes.items()}
    res["check_new_over_cold_build_process"] = round(processes["check_new_empty_cache"]["wall_s"]
                                                     / cold["wall_s"], 2)
    if latency:
        res["over_limit"]["save_to_reload_median"] = round(statistics.median(latency) / 1000 / limit, 4)
    res["cpu_utilisation"] = {name: p["cpu_utilisation"] for name, p in processes.items()}
    res["peak_rss_mib"] = {name: p.get("peak_tree_rss_mib", p.get("peak_rss_mib")) for name, p in processes.items()}
    res["jobs"] = args.jobs or "one per CPU"
    res["python"] = sys.version.split()[0]
    res["run"] = run_info(started, load_start, args)
    if not args.keep:
        for d in (site, out, cache, empty, work / "limit", work / "limit-cache"):
            shutil.rmtree(d, ignore_errors=True)
    return res


def run_info(started: datetime, load_start: tuple[float, float, float], args: argparse.Namespace) -> dict:
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
                                    capture_output=True, text=True, check=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "", False
    return {"started_utc": started.strftime("%Y-%m-%d %H:%M"), "commit": commit + ("+changes" if dirty else ""),
            "cpus": os.cpu_count(), "load_average_start": [round(x, 1) for x in load_start],
            "load_average_end": [round(x, 1) for x in os.getloadavg()], "runs": args.runs,
            "minutes": round((datetime.now(UTC) - started).total_seconds() / 60, 1)}


# ------------------------------------------------------------------------------------------------ profile
GROUPS = [  # (pattern over a Python function's file path, group); first match wins
    ("/bleach/", "bleach (incl. its html5lib)"), ("/html5lib/", "bleach (incl. its html5lib)"),
    ("/markdown_it/", "markdown-it"), ("/mdurl/", "markdown-it"),
    ("/jinja2/", "Jinja2 (incl. markupsafe and compiled templates)"),
    ("/markupsafe/", "Jinja2 (incl. markupsafe and compiled templates)"),
    ("/PIL/", "Pillow"), ("hashlib.py", "hashlib"),
    ("shutil.py", "file writes"), ("tempfile.py", "file writes"),
    ("/pydantic", "pydantic"), ("/tomli", "TOML parsing"), ("/tomllib/", "TOML parsing"),
    ("/emoji/", "emoji"), ("/bs4/", "BeautifulSoup"), ("/soupsieve/", "BeautifulSoup"),
    ("/listingpreview/", "listingpreview's own code"), ("/json/", "json"),
    ("pathlib.py", "pathlib and os.path"), ("posixpath", "pathlib and os.path"),  # also "<frozen posixpath>"
    ("genericpath", "pathlib and os.path"), ("/os.py", "pathlib and os.path"), ("<frozen os>", "pathlib and os.path"),
    ("importlib", "imports of modules first used by the build"),
]
BUILTIN_GROUPS = [  # (pattern over a built-in's name, group); other built-ins are charged to their callers
    (r"_hashlib|hashlib", "hashlib"),
    (r"Imaging|PIL\.|_imaging", "Pillow"),
    (r"'write'|'writelines'|'truncate'|posix\.(replace|rename|mkdir|makedirs|fsync|unlink|rmdir|link|symlink|utime"
     r"|chmod|ftruncate|sendfile|copy_file_range)|_fastcopy|sendfile", "file writes"),
    (r"'read'|'readinto'|'readline'|posix\.(stat|lstat|fstat|scandir|listdir|open|readlink|access)|io\.open"
     r"|'close'|_io\.open", "file reads, opens, stat and listing"),
]


def group_of(func: tuple[str, int, str]) -> str | None:
    filename, _, name = func
    if filename == "~":
        return next((g for pat, g in BUILTIN_GROUPS if re.search(pat, name)), None)
    path = filename.replace("\\", "/")
    if path.endswith(".html") or "/layouts/" in path or path.startswith("<template"):
        return "Jinja2 (incl. markupsafe and compiled templates)"
    return next((g for pat, g in GROUPS if pat in path), "other Python (standard library)")


def profile_shares(stats: pstats.Stats) -> tuple[dict[str, float], float]:
    """Self time per group in s, and the total; a plain built-in's time goes to its callers' groups."""
    groups: dict[str, float] = defaultdict(float)
    raw = stats.stats  # type: ignore[attr-defined]  # pstats keeps its table here; typeshed omits it
    for func, (_, _, tt, _, callers) in raw.items():
        g = group_of(func)
        if g is not None or not callers:
            groups[g or "other built-ins"] += tt
            continue
        charged = 0.0
        for caller, info in callers.items():
            share = info[2] if isinstance(info, tuple) else 0.0  # (cc, nc, tt, ct) per caller
            groups[group_of(caller) or "other built-ins"] += share
            charged += share
        groups["other built-ins"] += max(0.0, tt - charged)
    return dict(groups), stats.total_tt  # type: ignore[attr-defined]  # as above


def anonymise(text: str, work: Path) -> str:
    """Machine paths become labels, so the report can be kept in the repository."""
    labels = {str(work): "<work>", str(ROOT): "<repo>", sys.prefix: "<python>", sys.base_prefix: "<python>"}
    for key in ("purelib", "platlib"):
        labels[sysconfig.get_paths()[key]] = "<site-packages>"
    labels[sysconfig.get_paths()["stdlib"]] = "<stdlib>"
    for path in sorted(labels, key=len, reverse=True):
        text = text.replace(path, labels[path])
    return text


def profile(mode: str, offers: int, args: argparse.Namespace, work: Path) -> tuple[str, dict]:
    """One cold build under cProfile in a fresh process; the report text and the shares per group."""
    import io

    site, out, cache = work / f"site-{mode}-{offers}", work / f"out-{mode}-{offers}", work / f"cache-{mode}-{offers}"
    for d in (site, out, cache):
        shutil.rmtree(d, ignore_errors=True)
    generate(site, offers, mode, work)
    stats_file = work / f"profile-{mode}-{offers}.pstats"
    load = os.getloadavg()
    res = run_process([sys.executable, __file__, "--child", "profile", "--site", str(site), "--out", str(out),
                       "--stats", str(stats_file), "--jobs", "1"], child_env(cache))  # in-process: cProfile sees all
    if res["exit_code"] != 0:
        raise RuntimeError(f"profiled build failed:\n{res['stderr'][-3000:]}")
    done = json.loads(res["stdout"].strip().splitlines()[-1])
    buf = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=buf)
    groups, total = profile_shares(stats)
    lines = [f"Cold build of {offers} offers, images {mode}: {done['pages']} pages, {done['build_s']:.2f} s under "
             f"cProfile ({res['wall_s']:.2f} s process wall, CPU utilisation {res['cpu_utilisation']}), "
             f"load average {load[0]:.1f} on {os.cpu_count()} cores at the start, "
             f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
             "", "Share of profiled time by library (self time; plain built-ins charged to their callers):", ""]
    for g, s in sorted(groups.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {100 * s / total:5.1f} %  {s:8.2f} s  {g}")
    buf.write("\n".join(lines) + "\n\nTop functions by self time:\n")
    stats.sort_stats("tottime").print_stats(30)
    buf.write("\nTop functions by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(30)
    shares = {"profiled_s": round(total, 2), "build_s": done["build_s"], "process": summarise([res]),
              "share_percent": {g: round(100 * s / total, 1) for g, s in sorted(groups.items(), key=lambda kv: -kv[1])}}
    text = re.sub(r"\n{3,}", "\n\n", anonymise(buf.getvalue(), work))
    if not args.keep:
        for d in (site, out, cache):
            shutil.rmtree(d, ignore_errors=True)
        stats_file.unlink()
    return text, shares


# ------------------------------------------------------------------------------------------------ README
README = ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- performance-table: start -->", "<!-- performance-table: end -->"
TARGET = 50_000  # about the whole public catalogue


def estimate(points: dict[str, dict], target: int = TARGET) -> dict | None:
    """Cold build wall time and peak memory at ``target`` offers, by a straight line through the two largest
    measured sizes (time and memory per offer are about constant above a few hundred offers); None with
    fewer than two sizes."""
    sizes = sorted(int(n) for n in points)
    if len(sizes) < 2:
        return None
    a, b = sizes[-2], sizes[-1]

    def line(get) -> float:
        ya, yb = get(points[str(a)]), get(points[str(b)])
        return yb + (yb - ya) / (b - a) * (target - b)

    cold = lambda r: r["processes"]["cold_build"]["wall_s"]  # noqa: E731
    rss = lambda r: r["processes"]["cold_build"].get("peak_tree_rss_mib") or 0.0  # noqa: E731
    return {"offers": target, "from_sizes": [a, b], "method": "linear fit through the two largest sizes",
            "cold_build_min": round(line(cold) / 60, 1), "cold_build_peak_rss_mib": round(line(rss))}


def _s(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s" if x < 10 else f"{x:.1f} s" if x < 600 else \
        f"{x / 60:.1f} min"


def _x(ratio: float) -> str:
    return f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.2g}×"


def table(mode: str, runs: dict[str, dict]) -> list[str]:
    """The README rows of one image mode: one column per size, each figure with its ratio to that size's floor."""
    sizes = sorted(runs, key=int)
    head = f"| {mode} images | " + " | ".join(f"{int(n):,} offers" for n in sizes) + " | goal |"
    rows = [head, "|---" * (len(sizes) + 2) + "|"]

    def row(label: str, cell, goal: str = "") -> None:
        cells = []
        for n in sizes:
            try:
                cells.append(cell(runs[n]))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {goal} |")

    def ratio(r: dict, seconds: float) -> str:
        return f"{_s(seconds)} ({_x(seconds / r['limit_render_and_write_s'])} floor)"

    proc = lambda r, name: r["processes"][name]  # noqa: E731
    row("floor: render and write one listing page per offer", lambda r: _s(r["limit_render_and_write_s"]))
    row("cold `build` (empty cache), whole process", lambda r: ratio(r, proc(r, "cold_build")["wall_s"]),
        "≤ 20× floor at 1,000 (distinct); < 10 min at 10,000")
    row("… its CPU utilisation ((user + sys) / wall, with workers)",
        lambda r: f"{proc(r, 'cold_build')['cpu_utilisation']:.2f}", "> 1.6 on 2 cores")
    row("… of which at least: decoding each picture once (CPU ÷ cores)",
        lambda r: ratio(r, r["decode_pictures"]["wall_s_all_cores"]))
    row("… its peak RSS (with workers)", lambda r: f"{proc(r, 'cold_build')['peak_tree_rss_mib']:.0f} MiB",
        "< 1 GiB at 10,000")
    row("no-change `build`, whole process (in-process)", lambda r: ratio(r, proc(r, "unchanged_build")["wall_s"])
        + f" ({_s(r['second_build_unchanged_s'])})", "< floor")
    row("`build` after one offer changed, whole process", lambda r: ratio(r, proc(r, "one_changed_build")["wall_s"]),
        "< floor at 1,000")
    row("`check` of the unchanged site (after a build)", lambda r: ratio(r, proc(r, "check_unchanged")["wall_s"]),
        "< floor")
    row("`check` with an empty cache (new offers)", lambda r: ratio(r, proc(r, "check_new_empty_cache")["wall_s"])
        + f", {_x(r['check_new_over_cold_build_process'])} cold build", "< cold build")
    row("one-offer rebuild (`Builder.update`, median)", lambda r: f"{r['one_offer_rebuild_ms_median']:.1f} ms",
        "< 30 ms")
    row("save → browser told to reload (`serve`, median / p95)",
        lambda r: f"{r['save_to_reload_ms_median']:.0f} / {r['save_to_reload_ms_p95']:.0f} ms",
        "< 100 ms at 1,000; < 200 ms at 10,000")
    return rows


def readme_section(results: dict) -> str:
    """The generated part of the README's Performance section, from ``results.json``."""
    out: list[str] = []
    for mode in MODES:
        runs = {n: r for n, r in results.get(mode, {}).items() if "processes" in r}
        if not runs:
            continue
        last = max(runs.values(), key=lambda r: int(r["offers"]))["run"]
        out += [f"Images {mode}, measured {last.get('started_utc', '?')} UTC at commit {last.get('commit', '?')} "
                f"({last.get('cpus', '?')} cores, load average {last.get('load_average_start', ['?'])[0]} at the "
                f"start of the largest size; ratios are to the floor of the same size and run):", ""]
        out += table(mode, runs) + [""]
        est = estimate(runs)
        if est:
            out += [f"Whole public catalogue (about {est['offers']:,} offers) on this machine, {est['method']} "
                    f"({est['from_sizes'][0]:,} and {est['from_sizes'][1]:,} offers): a cold build of about "
                    f"**{est['cold_build_min']} min** with a peak of about **{est['cold_build_peak_rss_mib']} MiB** "
                    "(workers included).", ""]
    for mode, sizes in results.get("profile_cold", {}).items():
        for n, prof in sorted(sizes.items(), key=lambda kv: int(kv[0])):
            shares = ", ".join(f"{g} {v:.0f} %" for g, v in list(prof["share_percent"].items())[:8])
            out += [f"Where a cold build of {int(n):,} offers ({mode} images, in one process under cProfile) spends "
                    f"its time: {shares} (`benchmarks/profile-cold.txt`).", ""]
    return "\n".join(out).rstrip() + "\n"


def write_readme() -> None:
    """Replace the text between the two table markers of README.md with :func:`readme_section`."""
    text = README.read_text(encoding="utf-8")
    if TABLE_START not in text or TABLE_END not in text:
        raise SystemExit(f"README.md has no {TABLE_START} ... {TABLE_END} markers in its Performance section")
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    README.write_text(head + TABLE_START + "\n" + readme_section(load_results()) + TABLE_END + tail, encoding="utf-8")
    say(f"rewrote the Performance table of {README.relative_to(ROOT)} from {RESULTS.relative_to(ROOT)}")


# ------------------------------------------------------------------------------------------------ main
def say(text: str) -> None:
    print(text, flush=True)


def save_result(keys: list[str], value: dict) -> None:
    """Merge one entry into the results file, read again first (a profile may run beside a measurement)."""
    results = load_results()
    node = results
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
    tmp = RESULTS.with_name(f".{RESULTS.name}.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n")
    os.replace(tmp, RESULTS)


def load_results() -> dict:
    """The results file, an old single-run file becoming the ``shared`` 1,000-offer entry."""
    try:
        old = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return {}
    if "offers" in old and "limit_render_and_write_s" in old:  # the first format: one shared-image run
        old["images"] = "shared"
        old["run"] = {"note": "measured by the first version of this script (shared images only)"}
        return {"shared": {str(old["offers"]): old}}
    return old


def csv_of(kind, choices=None):
    def parse(text: str) -> list:
        items = [kind(x.strip()) for x in text.split(",") if x.strip()]
        if not items or (choices and any(x not in choices for x in items)):
            raise argparse.ArgumentTypeError(f"expected a comma-separated list{f' of {choices}' if choices else ''}")
        return items
    return parse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--offers", type=csv_of(int), default=[1000], help="sizes, e.g. 100,1000,10000 (default 1000)")
    ap.add_argument("--images", type=csv_of(str, MODES), default=["shared"],
                    help="shared, distinct, or shared,distinct (default shared)")
    ap.add_argument("--runs", type=int, default=1,
                    help="runs of each cold build, changed build and check process; the median is kept (default 1)")
    ap.add_argument("--edits", type=int, default=40, help="saves for the reload latency; 0 skips it (default 40)")
    ap.add_argument("--work", type=Path, default=None,
                    help="working folder (default: a temporary one); keeps the distinct pictures for later runs")
    ap.add_argument("--fresh", action="store_true",
                    help=f"start {RESULTS.relative_to(ROOT)} anew instead of merging into it (drops every older entry)")
    ap.add_argument("--keep", action="store_true", help="keep each size's site, output and cache in --work")
    ap.add_argument("--profile", action="store_true",
                    help=f"only profile one cold build per mode and size, into {PROFILE.relative_to(ROOT)}")
    ap.add_argument("--jobs", type=int, default=None,
                    help="worker processes of the builds and checks measured (default: the command's, one per CPU)")
    ap.add_argument("--readme", action="store_true",
                    help="measure nothing: rewrite the README's Performance table from results.json and exit")
    ap.add_argument("--child", choices=["build", "profile", "cli"], help=argparse.SUPPRESS)
    ap.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args, rest = ap.parse_known_args()
    if args.child == "cli":
        args.cli_args = rest
    elif rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.child:
        child_main(args)
        return
    if args.readme:
        write_readme()
        return
    if args.jobs is not None:
        JOBS[:] = ["--jobs", str(args.jobs)]
    work = (args.work or Path(tempfile.mkdtemp(prefix="lp-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    say(f"working in {work}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.fresh:
        RESULTS.write_text("{}\n")
    reports = []
    for mode in args.images:
        for offers in args.offers:
            if args.profile:
                text, shares = profile(mode, offers, args, work)
                reports.append(text)
                save_result(["profile_cold", mode, str(offers)], shares)
                say(text.split("\n\nTop functions")[0])
            else:
                res = measure(mode, offers, args, work)
                save_result([mode, str(offers)], res)  # after every size: a late crash loses little
                say(json.dumps({k: v for k, v in res.items() if k != "processes"}, indent=2))
    if reports:
        PROFILE.write_text(("\n" + "=" * 100 + "\n\n").join(reports))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
