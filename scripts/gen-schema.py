"""Write schema/*.schema.json and the generated README sections from the content model.

Run after changing the model, the field names, the limits or the rules:
``.venv/bin/python scripts/gen-schema.py``. A test fails when the files are stale.
"""

import json
import sys
from pathlib import Path

from listingpreview.docgen import update_readme
from listingpreview.schemas import schemas

root = Path(__file__).resolve().parents[1]
out = root / "schema"
out.mkdir(exist_ok=True)
for name, schema in schemas().items():
    (out / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote schema/{name}")
readme = root / "README.md"
text = readme.read_text(encoding="utf-8")
new = update_readme(text)
if new != text:
    readme.write_text(new, encoding="utf-8")
    print("updated the generated sections of README.md")
sys.exit(0)
