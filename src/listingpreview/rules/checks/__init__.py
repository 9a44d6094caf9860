"""All checks, one module per Partner Center area. Importing this package registers them."""

from .. import certification, document  # noqa: F401  (certification: the LP9xx lint registers itself)
from . import listing, media, plans, reseller, setup, technical  # noqa: F401

_FORMAT = "listingpreview content format (README, schema/*.schema.json)"

# Rules applied while loading (the loader reports them); listed here so the rules page shows them.
document("LP001", "toml-syntax", "error", "Offer setup",
         "A content file is not valid TOML; reported with line and column.", "TOML 1.0.0 (toml.io)")
document("LP002", "unknown-key", "error", "Offer setup",
         "A key the content format does not know (usually a typo); suggests the closest known key.", _FORMAT)
document("LP003", "wrong-type", "error", "Offer setup",
         "A value of the wrong type, or not one of the allowed values.", _FORMAT)
document("LP004", "missing-offer-file", "error", "Offer setup",
         "The offer folder has no readable offer.toml.", _FORMAT)
document("LP005", "unreadable-file", "error", "Offer setup",
         "A content file cannot be read: not UTF-8, not a regular file, or too large.", _FORMAT)
document("LP007", "config", "error", "Offer setup",
         "listingpreview.toml cannot be read.", _FORMAT)
document("LP008", "path-outside-offer", "error", "Offer listing",
         "A file path leaves the offer folder ('..', absolute path or symlink).", _FORMAT)
document("LP009", "duplicate-offer-id", "error", "Offer setup",
         "Two offers of the site have the same offer ID (an offer ID is unique in a publisher account).",
         "[AD] create-new-saas-offer.md (2022-03-28)")
document("LP011", "text-refused", "error", "Offer listing",
         "A description far beyond anything the marketplace accepts (length, markup, nesting) is refused unrendered.",
         "[AD] plan-saas-offer.md (2022-08-02): description at most 5,000 characters including HTML")
document("LP012", "render-failed", "error", "Offer setup",
         "An offer could not be rendered (a fault of this tool or a library it uses, met in a worker process); "
         "its pages are left out and the next build tries again.", _FORMAT)
document("LP010", "site-symlink", "error", "Offer setup",
         "The site's content, layouts or assets folder is a symbolic link; it is not read.", _FORMAT)
