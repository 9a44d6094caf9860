"""Write schema/offer.schema.json and schema/plan.schema.json from the content model."""

import json
from pathlib import Path

from listingpreview.model import json_schemas

out = Path(__file__).resolve().parents[1] / "schema"
out.mkdir(exist_ok=True)
for name, schema in json_schemas().items():
    (out / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote schema/{name}")
