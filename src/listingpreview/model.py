"""The typed shapes of offer content: ``offer.toml`` and ``plans/*.toml``.

These pydantic models are the content format. They decide which keys exist
(unknown keys are reported with a "did you mean"), their types and their
defaults; they do no I/O and enforce no marketplace limits (those are rules,
see :mod:`listingpreview.rules`). :func:`json_schemas` publishes them as JSON
Schema for editors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    # strict: a TOML string is not a boolean or a number ("yes" for a bool is a type error, not True)
    model_config = ConfigDict(extra="forbid", validate_default=False, strict=True)


# ---------------------------------------------------------------- offer.toml


class OfferInfo(_Section):
    """``[offer]``: identity. Offer ID and alias are fixed once created in Partner Center."""

    id: str = Field("", description="Offer ID: lowercase letters, digits, '-' and '_'; at most 50 characters.")
    alias: str = Field("", description="Offer alias: the name used in Partner Center only; not shown to customers.")
    type: str = Field("", description="Offer type, e.g. 'saas', 'managed-service', 'dynamics-365-dataverse'.")
    publisher: str = Field("", description="Publisher display name shown on the listing ('by …').")
    publisher_id: str = Field("", description="Publisher ID, used in the store URL '<publisher_id>.<offer id>'.")


LeadDestination = Literal[
    "referrals-workspace", "azure-table", "azure-blob", "dynamics-365-customer-engagement",
    "https-endpoint", "marketo", "salesforce",
]


class Setup(_Section):
    """``[setup]``: Offer setup page (listing option, test drive, customer leads, license management)."""

    sell_through_microsoft: bool | None = Field(
        None, description="SaaS: sell through Microsoft (transactable). Produces 'Get it now'.")
    listing_option: Literal["get-it-now", "free-trial", "contact-me"] | None = Field(
        None, description="Listing-only call to action: get-it-now (Offer URL), free-trial (Trial URL) or contact-me.")
    offer_url: str = Field("", description="Get it now (Free): the Offer URL.")
    trial_url: str = Field("", description="Free trial: the Trial URL.")
    test_drive: bool = Field(False, description="Enable a test drive (adds 'Test drive'; needs customer leads).")
    license_management: bool = Field(
        False, description="Dynamics 365 apps on Dataverse: Enable app license management through Microsoft.")
    allow_install_without_license: bool = Field(
        False, description="Dynamics 365 apps on Dataverse: Allow customers to install my app even if licenses are not assigned.")
    lead_destination: LeadDestination | None = Field(None, description="Customer leads: where leads go.")
    lead_contact_email: str = Field("", description="Customer leads: contact email for lead notifications.")


class CustomAmendment(_Section):
    """One custom amendment to the Standard Contract: its terms and the customer tenants it targets."""

    terms: str = Field("", description="Amendment terms, shown only to the listed tenants in the Azure portal.")
    tenants: list[str] = Field(default_factory=list, description="Customer Azure AD tenant IDs (GUIDs).")


class Properties(_Section):
    """``[properties]``: categories, industries, app version, legal terms."""

    categories: list[str] = Field(default_factory=list, description="Category names as Partner Center shows them.")
    subcategories: dict[str, list[str]] = Field(
        default_factory=dict, description="Subcategories per category: {\"Security\" = [\"Threat Protection\"]}.")
    industries: list[str] = Field(default_factory=list, description="Industry names (AppSource offers).")
    verticals: dict[str, list[str]] = Field(
        default_factory=dict, description="Verticals (sub-industries) per industry: {\"Retail\" = [\"Retail\"]}.")
    app_version: str = ""
    standard_contract: bool = Field(False, description="Use the Microsoft Standard Contract instead of own terms.")
    universal_amendment: str = Field("", description="Universal amendment to the Standard Contract (all customers).")
    custom_amendments: list[CustomAmendment] = Field(
        default_factory=list, description="Custom amendments to the Standard Contract, each for listed tenants.")
    terms_of_use: str = Field("", description="Terms and conditions text.")
    terms_of_use_url: str = Field("", description="Terms and conditions as a single URL.")
    category_keys: list[str] = Field(default_factory=list, description="Imported: the source's category keys, as given.")
    industry_keys: list[str] = Field(default_factory=list, description="Imported: the source's industry keys, as given.")


class Link(_Section):
    title: str = ""
    url: str = ""


class Contact(_Section):
    name: str = ""
    email: str = ""
    phone: str = ""
    url: str = Field("", description="Support URL (shown publicly for the support contact).")


class Document(_Section):
    """A supporting document: a PDF in the offer folder and the name customers see on the listing."""

    name: str = Field("", description="Document name shown on the listing's details tab.")
    file: str = Field("", description="PDF file, relative to the offer folder.")


class SupportUrls(_Section):
    azure_global: str = Field("", description="Azure Global support website (https).")
    azure_government: str = Field("", description="Azure Government support website (https).")


class Listing(_Section):
    """``[listing]``: the Offer listing page. The description is in ``description.md``."""

    language: str = Field("en-us", description="Listing language, e.g. 'en-us' or 'de-de'.")
    name: str = ""
    search_results_summary: str = ""
    short_description: str = ""
    description_file: str = Field("description.md", description="Markdown file holding the description.")
    getting_started_instructions: str = ""
    keywords: list[str] = Field(default_factory=list, description="Search keywords.")
    privacy_policy_link: str = ""
    useful_links: list[Link] = Field(default_factory=list)
    support_contact: Contact = Field(default_factory=Contact)
    engineering_contact: Contact = Field(default_factory=Contact)
    support_urls: SupportUrls = Field(default_factory=SupportUrls)
    help_link: str = Field(
        "", description="Dynamics 365 and Power BI app: Help link (must differ from the support URL).")
    products: list[str] = Field(
        default_factory=list, description="Dynamics 365: products your app works with (up to 3).")
    supporting_documents: list[Document] = Field(default_factory=list, description="Supporting documents (PDF).")
    device_catalog_link: str = Field(
        "", description="IoT Edge module: link to a compatible device in the Azure IoT device catalog.")


class Screenshot(_Section):
    file: str = ""
    caption: str = ""


class Video(_Section):
    name: str = ""
    url: str = Field("", description="YouTube or Vimeo URL.")
    thumbnail: str = Field("", description="PNG thumbnail file.")
    thumbnail_url: str = Field("", description="Imported: the published thumbnail's URL.")


class Media(_Section):
    """``[media]``: logos, screenshots and videos; paths are relative to the offer folder."""

    large_logo: str = ""
    medium_logo: str = ""
    small_logo: str = ""
    wide_logo: str = ""
    screenshots: list[Screenshot] = Field(default_factory=list)
    videos: list[Video] = Field(default_factory=list)
    # Imported: where the published images are (https URLs); the files above are what Partner Center takes.
    large_logo_url: str = ""
    medium_logo_url: str = ""
    small_logo_url: str = ""
    wide_logo_url: str = ""
    screenshot_urls: list[str] = Field(default_factory=list)


class Preview(_Section):
    """``[preview]``: preview audience, inline IDs or a CSV file (columns Type, ID, Description)."""

    audience: list[str] = Field(default_factory=list)
    audience_csv: str = ""


class SaasTechnicalConfiguration(_Section):
    """``[technical_configuration]`` of an offer: SaaS connection details, Dynamics 365 package details."""

    landing_page_url: str = ""
    connection_webhook_url: str = ""
    azure_ad_tenant_id: str = ""
    azure_ad_app_id: str = ""
    base_license_model: Literal["user", "resource"] | None = Field(
        None, description="Dynamics 365 apps on Dataverse: Base license model (user with license management).")
    crm_package_url: str = Field("", description="Dynamics 365 apps on Dataverse: URL of the CRM package (.zip).")
    package_type: Literal["add-on", "connect"] | None = Field(
        None, description="Dynamics 365 Business Central: package type, Add-on or Connect.")


class Reseller(_Section):
    """``[reseller]``: Resell through CSPs (Product Ingestion API resource ``reseller``)."""

    resell_through_csps: Literal["all", "specific-partners", "none"] | None = Field(
        None, description="all: Any partner in the CSP program; specific-partners: Specific partners in the CSP "
        "program I select; none: No partners in the CSP program (resellerChannelState all / some / none).")
    csp_partners: list[str] = Field(
        default_factory=list, description="specific-partners: the CSP partners' Azure AD tenant IDs.")


class ImportRecord(_Section):
    """``[import]``: written by ``listingpreview import``. Fields the source could not carry are "not imported":
    ``check`` names them in one info line instead of reporting them empty, until they are filled in."""

    source: str = Field("", description="What the content was imported from, e.g. 'Marketplace Catalog API 2025-05-01'.")
    not_in_source: list[str] = Field(default_factory=list, description="Field paths the source did not carry.")
    files: list[str] = Field(default_factory=list, description="Files the importer wrote; only these --force replaces.")


class StartingPrice(_Section):
    """Catalog API ``startingPrice`` (retail price of the cheapest plan)."""

    market: str = ""
    currency: str = ""
    term_price: float | None = None
    term_units: str = ""
    meter_price: float | None = None
    meter_units: str = ""


class StoreFacts(_Section):
    """``[store]``: what the public store shows that Partner Center does not ask for (imported, read-only)."""

    pricing_types: list[str] = Field(default_factory=list, description="Catalog API pricingTypes: Free, FreeTrial, Byol, Payg, Ri.")
    starting_price: StartingPrice | None = None
    rating_average: float | None = Field(None, description="Average customer rating, 0 to 5.")
    rating_count: int | None = Field(None, description="Number of customer ratings.")
    badges: list[str] = Field(default_factory=list, description="Catalog API badges, e.g. 'PreferredSolution'.")
    supported_products: list[str] = Field(default_factory=list, description="Catalog API supportedProducts.")


ServiceType = Literal["assessment", "briefing", "implementation", "proof-of-concept", "workshop"]


class Consulting(_Section):
    """``[consulting]``: the facts of a consulting service offer."""

    service_type: ServiceType | None = Field(
        None, description="Assessment, Briefing, Implementation, Proof of concept or Workshop.")
    duration: int | None = Field(None, description="Service duration, in duration_unit (at most 12 months).")
    duration_unit: Literal["hours", "days", "weeks", "months"] = "days"
    primary_product: str = Field("", description="Primary product (Azure: Azure Marketplace; else AppSource).")


class Review(_Section):
    """``[review]``: what goes with the submission on Review and publish."""

    notes_for_certification: str = Field("", description="Testing instructions for the certification team.")


class OfferFile(_Section):
    """The whole of ``offer.toml``."""

    offer: OfferInfo = Field(default_factory=OfferInfo)
    setup: Setup = Field(default_factory=Setup)
    properties: Properties = Field(default_factory=Properties)
    listing: Listing = Field(default_factory=Listing)
    media: Media = Field(default_factory=Media)
    preview: Preview = Field(default_factory=Preview)
    technical_configuration: SaasTechnicalConfiguration = Field(default_factory=SaasTechnicalConfiguration)
    reseller: Reseller = Field(default_factory=Reseller)
    store: StoreFacts = Field(default_factory=StoreFacts)
    imported: ImportRecord | None = Field(None, alias="import")
    consulting: Consulting = Field(default_factory=Consulting)
    review: Review = Field(default_factory=Review)


# ---------------------------------------------------------------- plans/*.toml


class PlanInfo(_Section):
    """``[plan]``: plan setup and plan listing."""

    id: str = Field("", description="Plan ID: lowercase letters, digits, '-' and '_'; at most 50 characters.")
    name: str = ""
    summary: str = ""
    description: str = ""
    subtype: Literal["solution-template", "managed-application"] | None = Field(
        None, description="Azure Application plans only.")
    visibility: Literal["public", "private"] = "public"
    private_audience: list[str] = Field(default_factory=list, description="Subscription or tenant IDs.")
    private_audience_csv: str = ""
    hidden: bool = False
    free_trial: bool = Field(False, description="SaaS: allow a one-month free trial.")
    free_trial_months: int | None = Field(None, description="Azure Virtual Machine: 1, 3 or 6.")
    service_id: str = Field("", description="Dynamics 365 apps on Dataverse: the plan's Service ID.")
    markets: list[str] = Field(default_factory=list,
                               description="Markets (ISO 3166 two-letter codes) the plan is sold in; 1 to 141.")


class BillingTerm(_Section):
    term: Literal["1-month", "1-year", "2-year", "3-year"] = "1-month"
    payment: Literal["upfront", "monthly", "annual"] = "upfront"
    price: float = 0.0


class MeteredDimension(_Section):
    id: str = ""
    name: str = ""
    unit: str = ""
    price: float = 0.0
    included: int | Literal["unlimited"] = 0


class Pricing(_Section):
    """``[pricing]``: pricing model, billing terms and metered dimensions (prices in USD)."""

    model: Literal["free", "byol", "flat-rate", "per-user", "per-core", "per-core-size", "per-market-and-core-size",
                   "usage-based", "monthly"] | None = None
    currency: str = "USD"
    billing_terms: list[BillingTerm] = Field(default_factory=list)
    metered_dimensions: list[MeteredDimension] = Field(default_factory=list)
    price_per_hour: float | None = Field(None, description="Azure Virtual Machine software price per hour.")


class Authorization(_Section):
    principal_id: str = Field("", description="Azure AD object ID (GUID) of a user, group or service principal.")
    display_name: str = Field("", description="Shown to the customer.")
    role: str = Field("", description="Azure built-in role name, e.g. 'Reader'.")
    access: Literal["active", "eligible"] = "active"
    assignable_roles: list[str] = Field(default_factory=list, description="Only with User Access Administrator.")


class PlanTechnicalConfiguration(_Section):
    """``[technical_configuration]`` of a Managed Service plan (the manifest)."""

    manifest_version: str = ""
    tenant_id: str = ""
    authorizations: list[Authorization] = Field(default_factory=list)


class PlanFile(_Section):
    """The whole of one ``plans/<plan>.toml``."""

    plan: PlanInfo = Field(default_factory=PlanInfo)
    pricing: Pricing = Field(default_factory=Pricing)
    technical_configuration: PlanTechnicalConfiguration = Field(default_factory=PlanTechnicalConfiguration)
    imported: ImportRecord | None = Field(None, alias="import")


# ---------------------------------------------------------------- loaded offer

Position = tuple[int, int]  # (line, column), both 1-based


@dataclass
class SourceFile:
    """A content file as loaded: its path as shown to the user and value positions."""

    path: Path
    display: str
    positions: dict[tuple, Position] = field(default_factory=dict)
    present: bool = True
    broken: bool = False  # not valid TOML: its values are unknown, so no rule may report them as missing
    invalid: set[tuple] = field(default_factory=set)  # key paths whose value was refused (wrong type, LP011 text)

    def position(self, path: tuple) -> Position | None:
        """Position of ``path`` (e.g. ``("listing", "name")``), else of its nearest written parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return None


@dataclass
class Plan:
    """One loaded plan file."""

    data: PlanFile
    source: SourceFile
    audience_rows: list[tuple[int, str]] = field(default_factory=list)  # (CSV line, ID) of private_audience_csv
    audience_source: SourceFile | None = None

    @property
    def id(self) -> str:
        return self.data.plan.id or self.source.path.stem


@dataclass
class Offer:
    """One loaded offer folder: typed data, plans, the description text and where each came from."""

    folder: Path
    data: OfferFile
    source: SourceFile
    plans: list[Plan]
    description: str
    description_source: SourceFile
    slug: str
    audience_rows: list[tuple[int, str]] = field(default_factory=list)  # (CSV line, ID) of preview.audience_csv
    audience_source: SourceFile | None = None

    @property
    def type(self) -> str:
        return self.data.offer.type

    @property
    def id(self) -> str:
        return self.data.offer.id or self.slug


def json_schemas() -> dict[str, dict]:
    """JSON Schemas of ``offer.toml`` and ``plans/*.toml`` as ``{file name: schema}``."""
    return {
        "offer.schema.json": OfferFile.model_json_schema(),
        "plan.schema.json": PlanFile.model_json_schema(),
    }
