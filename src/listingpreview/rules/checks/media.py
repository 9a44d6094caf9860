"""Logos, screenshots and videos."""

from __future__ import annotations

from ...media import ImageInfo
from ...urls import parse_video
from .. import rule

_LOGO_NAMES = {"large_logo": "Large logo", "medium_logo": "Medium logo", "small_logo": "Small logo",
               "wide_logo": "Wide logo"}


@rule("LP301", "image-unusable", "error", "Offer listing",
      "Every image named in the content exists inside the offer folder and can be decoded; required logos are given.",
      limit="logos")
def image_unusable(ctx):
    slots = ctx.limit().value
    m = ctx.data.media
    for slot, (_, _, _, _, req) in slots.items():
        if req and not getattr(m, slot):
            ctx.report(("media", slot), f"media.{slot} ({_LOGO_NAMES[slot]}) is required but is empty.",
                       "Add a PNG file to media/ and name it here.")
    for key, got in sorted(ctx.images.items()):
        if isinstance(got, str):
            loc, value = _loc_of(ctx, key)
            ctx.report(loc, f"{key} '{value}' {got}.", "Check the file name, or export the image again as PNG.")


@rule("LP302", "image-format", "error", "Offer listing", "Images are PNG files.", limit="png_only")
def image_format(ctx):
    for key, got in sorted(ctx.images.items()):
        if isinstance(got, ImageInfo) and got.format != "PNG":
            loc, value = _loc_of(ctx, key)
            ctx.report(loc, f"{key} '{value}' is a {got.format} image; the marketplace accepts PNG only.",
                       "Export it as PNG.")


@rule("LP303", "logo-size", "error", "Offer listing", "Logos have the sizes of the edition.", limit="logos")
def logo_size(ctx):
    for slot, (min_w, min_h, max_w, max_h, _) in ctx.limit().value.items():
        info = ctx.images.get(f"media.{slot}")
        if not isinstance(info, ImageInfo):
            continue
        w, h = info.size
        if (min_w, min_h) == (max_w, max_h):
            ok, want = (w, h) == (min_w, min_h), f"{min_w}×{min_h}"
        else:
            ok, want = (w == h and min_w <= w <= max_w), f"square, {min_w}×{min_h} to {max_w}×{max_h}"
        if not ok:
            ctx.report(("media", slot), f"media.{slot} is {w}×{h} pixels; the {ctx.edition} {_LOGO_NAMES[slot]} "
                       f"must be {want}.", f"Export the logo at {want.replace('square, ', '')} pixels.")
    m = ctx.data.media
    if ctx.edition == "latest" and m.wide_logo:
        ctx.report(("media", "wide_logo"), "media.wide_logo is not used by the latest Partner Center (Large logo only; "
                   "Medium and Small are derived).", "Remove it, or build with edition = '2020'.")


@rule("LP304", "screenshot-size", "error", "Offer listing", "Screenshots have the required size.",
      limit="screenshot_size")
def screenshot_size(ctx):
    want = ctx.limit().value
    for i, shot in enumerate(ctx.data.media.screenshots):
        info = ctx.images.get(f"media.screenshots[{i}].file")
        if isinstance(info, ImageInfo) and info.size != want:
            ctx.report(("media", "screenshots", i, "file"), f"media.screenshots[{i}].file '{shot.file}' is "
                       f"{info.width}×{info.height} pixels; screenshots must be {want[0]}×{want[1]}.",
                       f"Export it at {want[0]}×{want[1]}.")


@rule("LP305", "screenshot-count", "error", "Offer listing", "Number of screenshots within the type's range.",
      limit="screenshots")
def screenshot_count(ctx):
    lo, hi = ctx.limit().value
    n = len(ctx.data.media.screenshots)
    if n < lo or n > hi:
        ctx.report(("media", "screenshots"), f"the offer has {n} screenshot(s); the {ctx.edition} rule is {lo} to {hi}.",
                   "Add a screenshot." if n < lo else f"Keep the best {hi}.")


@rule("LP306", "screenshot-caption", "error", "Offer listing", "Every screenshot has a caption.",
      limit="screenshot_size")
def screenshot_caption(ctx):
    for i, shot in enumerate(ctx.data.media.screenshots):
        if not shot.caption.strip():
            ctx.report(("media", "screenshots", i), f"media.screenshots[{i}] has no caption.",
                       "Add caption = \"…\" describing what the screenshot shows.")


@rule("LP307", "video-count", "error", "Offer listing", "Number of videos within the type's limit.", limit="videos")
def video_count(ctx):
    lim = ctx.limit().value
    n = len(ctx.data.media.videos)
    if n > lim:
        ctx.report(("media", "videos"), f"the offer has {n} videos; the {ctx.edition} limit is {lim}.",
                   f"Keep at most {lim}.")


@rule("LP308", "video-thumbnail", "error", "Offer listing", "Every video has a name and a 1280×720 PNG thumbnail.",
      limit="video_thumbnail_size")
def video_thumbnail(ctx):
    want = ctx.limit().value
    for i, v in enumerate(ctx.data.media.videos):
        if not v.name.strip():
            ctx.report(("media", "videos", i, "name"), f"media.videos[{i}] has no name.", "Add name = \"…\".")
        if not v.thumbnail:
            ctx.report(("media", "videos", i, "thumbnail"), f"media.videos[{i}] has no thumbnail.",
                       f"Add a {want[0]}×{want[1]} PNG and name it in thumbnail.")
            continue
        info = ctx.images.get(f"media.videos[{i}].thumbnail")
        if isinstance(info, ImageInfo) and info.size != want:
            ctx.report(("media", "videos", i, "thumbnail"), f"media.videos[{i}].thumbnail is {info.width}×{info.height} "
                       f"pixels; it must be {want[0]}×{want[1]}.", f"Export it at {want[0]}×{want[1]}.")


@rule("LP204", "video-host", "error", "Offer listing", "Video URLs are YouTube or Vimeo links with a video ID.",
      limit="video_hosts")
def video_host(ctx):
    for i, v in enumerate(ctx.data.media.videos):
        if not v.url:
            ctx.report(("media", "videos", i, "url"), f"media.videos[{i}] has no URL.", "Add a YouTube or Vimeo URL.")
            continue
        got = parse_video(v.url)
        if isinstance(got, str):
            ctx.report(("media", "videos", i, "url"), f"media.videos[{i}].url '{v.url}' {got}.",
                       "Use a YouTube (https://www.youtube.com/watch?v=…) or Vimeo (https://vimeo.com/…) link.")


def _loc_of(ctx, key: str) -> tuple[tuple, str]:
    """Key path and value for an images-dict key such as ``media.screenshots[1].file``."""
    from ...fieldpaths import parts

    loc = list(parts(key))
    value = ctx.data
    for p in loc:
        value = value[p] if isinstance(p, int) else getattr(value, p)
    return tuple(loc), value


def _file_size(info: ImageInfo) -> int | None:
    try:
        return info.path.stat().st_size
    except OSError:
        return None


@rule("LP310", "screenshot-file-size", "error", "Offer listing", "Screenshot files within the type's file-size limit.",
      limit="screenshot_file_size")
def screenshot_file_size(ctx):
    lim = ctx.limit().value
    for i, shot in enumerate(ctx.data.media.screenshots):
        info = ctx.images.get(f"media.screenshots[{i}].file")
        size = _file_size(info) if isinstance(info, ImageInfo) else None
        if size is not None and size > lim:
            ctx.report(("media", "screenshots", i, "file"), f"media.screenshots[{i}].file '{shot.file}' is "
                       f"{size / 1024:,.0f} KB; the limit is {lim // 1024:,} KB.",
                       "Export it with stronger PNG compression or fewer colors.")


@rule("LP311", "logo-file-size", "error", "Offer listing", "Logo files within the type's file-size limit.",
      limit="logo_file_size")
def logo_file_size(ctx):
    lim = ctx.limit().value
    for slot in _LOGO_NAMES:
        info = ctx.images.get(f"media.{slot}")
        size = _file_size(info) if isinstance(info, ImageInfo) else None
        if size is not None and size > lim:
            ctx.report(("media", slot), f"media.{slot} is {size / 1024:,.0f} KB; the limit is {lim // 1024:,} KB.",
                       "Export it with stronger PNG compression.")


@rule("LP312", "caption-length", "error", "Offer listing", "Screenshot captions within the length limit.",
      limit="caption_length")
def caption_length(ctx):
    lim = ctx.limit().value
    for i, shot in enumerate(ctx.data.media.screenshots):
        if len(shot.caption) > lim:
            ctx.report(("media", "screenshots", i, "caption"), f"media.screenshots[{i}].caption is "
                       f"{len(shot.caption)} characters; the limit is {lim}.",
                       f"Shorten it by {len(shot.caption) - lim} characters.")
