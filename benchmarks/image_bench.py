"""Benchmark: the image work of one cold build, per picture, before and after, side by side in one run.

    python benchmarks/image_bench.py [--pictures 20] [--before main]

Generates ``--pictures`` distinct pictures per kind (a 216×216 logo and a 1280×720 screenshot, photo-like:
a gradient under blurred noise and a few shapes, saved by Pillow at its default settings) and does to each
what a cold build does: inspect it, measure it for the certification rules, write its derivative at its own
size, and for logos the Medium (90×90) and Small (48×48) sizes. ``before`` is ``media.py`` as it is at the
git revision ``--before`` with the certification ``images.py`` of that revision (both loaded from ``git show``;
the measurement decoded the bytes again); ``after`` is the working tree. Reports per kind: milliseconds a
picture (median of the pictures), real Pillow decodes (a ``load()`` that decodes tiles) and PNG encodes a
picture, and output bytes.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFile, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from listingpreview import media  # noqa: E402
from listingpreview.rules.certification import images as cert  # noqa: E402


def picture(w: int, h: int, seed: int, alpha: bool) -> bytes:
    rnd = random.Random(seed)
    noise = Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3)).filter(ImageFilter.GaussianBlur(2))
    im = Image.blend(Image.linear_gradient("L").resize((w, h)).convert("RGB"), noise, 0.5)
    for _ in range(8):
        x, y = rnd.randrange(w), rnd.randrange(h)
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        im.paste(colour, (x, y, min(w, x + w // 6), min(h, y + h // 6)))
    if alpha:
        im.putalpha(Image.radial_gradient("L").resize((w, h)))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def before_modules(rev: str):
    """``media.py`` and the certification ``images.py`` as they are at ``rev``, loaded beside today's."""
    import listingpreview.rules as rules

    loaded = []
    for rel, name in (("media.py", "listingpreview._media_before"),
                      ("rules/certification/images.py", "listingpreview.rules.certification._images_before")):
        source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:src/listingpreview/{rel}"],
                                check=True, capture_output=True, text=True).stdout
        path = Path(tempfile.mkdtemp()) / Path(rel).name
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        real_rule = rules.rule
        rules.rule = lambda *a, **k: (lambda f: f)  # its rules are registered already, under today's module
        try:
            spec.loader.exec_module(module)
        finally:
            rules.rule = real_rule
        loaded.append(module)
    return loaded


class Counts:
    def __init__(self) -> None:
        self.decodes = self.encodes = 0
        load, save = ImageFile.ImageFile.load, Image.Image.save

        def counting_load(im):
            if im.tile:
                self.decodes += 1
            return load(im)

        def counting_save(im, fp, format=None, **kw):
            self.encodes += 1
            return save(im, fp, format, **kw)

        ImageFile.ImageFile.load = counting_load  # type: ignore[method-assign]  # a spy, for this script only
        Image.Image.save = counting_save  # type: ignore[method-assign]  # a spy, for this script only


def one_before(m, old_cert, path: Path, logo: bool) -> int:
    info = m.inspect(path)
    old_cert._measure_bytes(info.data)  # the certification measurement decoded the bytes again
    out = len(m.derive(info)[0])
    if logo:
        m.derive(info, (90, 90))
        m.derive(info, (48, 48))
    return out


def one_after(path: Path, logo: bool) -> int:
    info = media.inspect(path)
    cert.facts(info)
    out = len(media.derive(info)[0])
    if logo:
        media.derive(info, (90, 90))
        media.derive(info, (48, 48))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pictures", type=int, default=20)
    ap.add_argument("--before", default="main")
    args = ap.parse_args()
    before, before_cert = before_modules(args.before)
    counts = Counts()
    work = Path(tempfile.mkdtemp())
    kinds = {"logo 216×216": (216, 216, True), "screenshot 1280×720": (1280, 720, False)}
    print(f"{args.pictures} distinct pictures a kind; before = media.py at {args.before}; median ms a picture")
    print(f"{'kind':22} {'version':7} {'ms':>8} {'decodes':>8} {'encodes':>8} {'out KiB':>8} {'in KiB':>8}")
    for kind, (w, h, logo) in kinds.items():
        files = []
        for i in range(args.pictures):
            p = work / f"{w}-{i}.png"
            p.write_bytes(picture(w, h, i * 7 + w, logo))
            files.append(p)
        size_in = statistics.mean(p.stat().st_size for p in files) / 1024
        for version in ("before", "after"):
            media.forget()
            cert._FACTS.clear()
            counts.decodes = counts.encodes = 0
            times, sizes = [], []
            for p in files:
                t = time.perf_counter()
                sizes.append(one_before(before, before_cert, p, logo) if version == "before" else one_after(p, logo))
                times.append((time.perf_counter() - t) * 1000)
            n = len(files)
            print(f"{kind:22} {version:7} {statistics.median(times):8.1f} {counts.decodes / n:8.1f} "
                  f"{counts.encodes / n:8.1f} {statistics.mean(sizes) / 1024:8.0f} {size_in:8.0f}")


if __name__ == "__main__":
    main()
