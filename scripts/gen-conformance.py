"""Write docs/conformance.md: every documented rule per offer type and edition, from the rules data."""

from pathlib import Path

from listingpreview.rules.conformance import render_markdown

out = Path(__file__).resolve().parents[1] / "docs" / "conformance.md"
out.parent.mkdir(exist_ok=True)
out.write_text(render_markdown(), encoding="utf-8")
print(f"wrote docs/{out.name}")
