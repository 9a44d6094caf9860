"""Draw the PNG images of the sample offers in content/ (run once; the PNGs are committed)."""

from pathlib import Path

from listingpreview.scaffold import draw_logo, draw_screenshot

ROOT = Path(__file__).resolve().parents[1] / "content"

SAMPLES = {
    "contoso-sentinel-mssp": (("#004578", "#50e6ff"), "hex", ["Incidents", "Threat hunting"], True),
    "fabrikam-fieldnotes": (("#107c10", "#fff4ce"), "leaf", ["Field notes", "Team map", "Reports"], False),
    "northwind-service-scheduler": (("#8764b8", "#ffffff"), "square", ["Schedule board", "Technician app"], False),
}

for folder, (colors, shape, shots, video) in SAMPLES.items():
    media = ROOT / folder / "media"
    draw_logo(media / "logo-large.png", (300, 300), colors, shape)
    for i, title in enumerate(shots, 1):
        draw_screenshot(media / f"screenshot-{i}.png", title, colors[0], rows=4 + i)
    if video:
        draw_screenshot(media / "video-thumbnail.png", "Product tour (video)", colors[0], rows=3)
    print(f"drew {folder}")
