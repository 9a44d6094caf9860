"""Export offer content to other formats: ``configure`` bodies for the Product Ingestion API."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .configure import Body, NotExportable, build_body
from .validate import validate

__all__ = ["Body", "ExportResult", "NotExportable", "build_body", "export_site", "validate"]


@dataclass
class ExportResult:
    """Bodies of the offers that were exported; (offer, reason) for those that were not."""

    bodies: list[Body] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (offer, value no source names and how to verify)
    diagnostics: list = field(default_factory=list)


def export_site(site_dir: Path, *, asset_base_url: str | None = None, submission: str | None = None,
                force: bool = False, edition: str | None = None, undocumented_kinds: str = "refuse") -> ExportResult:
    """Check every offer of ``site_dir`` and build its configure body.

    An offer is skipped (with the reason) when its type has no documented
    listing kind (unless ``undocumented_kinds="derive"``: then each such offer gets one warning naming the
    derived value, the rule and how to verify it), when ``check`` finds errors in it (unless ``force``), or when
    its body fails offline validation (unless ``force``).
    """
    from ..pipeline import check_site

    _, checked, diags = check_site(site_dir, edition)
    out = ExportResult(diagnostics=diags)
    for c in checked:
        errors = [d for d in c.diagnostics if d.severity == "error"]
        if errors and not force:
            out.skipped.append((c.offer.slug, f"{len(errors)} error(s) from check; fix them or use --force"))
            continue
        try:
            body = build_body(c, asset_base_url=asset_base_url, submission=submission,
                              undocumented_kinds=undocumented_kinds)
        except NotExportable as e:
            out.skipped.append((c.offer.slug, str(e)))
            continue
        problems = validate(body.body, derived_kinds=undocumented_kinds == "derive")
        if problems and not force:
            out.skipped.append((c.offer.slug, "offline validation: " + "; ".join(problems[:5])
                                + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")))
            continue
        out.bodies.append(body)
        out.warnings += [(c.offer.slug, w) for w in body.warnings]
    return out
