"""The field's own words, kept in one place.

Offer types, their Partner Center names, the Product Ingestion API names
(``product.type`` in schema 2022-03-01-preview2), the Marketplace Catalog API
``productType`` values, the store each type is listed in, and the Partner
Center label of every content field with its ingestion API property.

Source: ``partner-center-rules.md`` §1.1 (schema ``product-2022-03-01-preview2``;
Azure/partnercenter-cli-extension v0.2.7, 2025-04-24) and §10.1.
"""

from __future__ import annotations

from dataclasses import dataclass

# Rules editions: which Partner Center documentation the limits follow (see rules/limits.py).
EDITIONS = ("latest", "2020")

AZURE_MARKETPLACE = "Azure Marketplace"
APPSOURCE = "Microsoft AppSource"
# One storefront since 2025-09-25 (storefront-2025.md §1: Office Add-ins glossary 2026-03-16; Learn).
MICROSOFT_MARKETPLACE = "Microsoft Marketplace"
MICROSOFT_MARKETPLACE_HOST = "marketplace.microsoft.com"

# Product-URL type segment per offer type on marketplace.microsoft.com, as seen in live-store links
# (storefront-2025.md §1 slug table, [OBS] S16). None: the store's link form without a segment
# (none seen for these types; the note's inference). Consulting services keep their own path.
MARKETPLACE_SLUGS: dict[str, str | None] = {
    "saas": "saas", "azure-application": "azure-application", "azure-virtual-machine": "virtual-machines",
    "azure-container": "container", "dynamics-365-dataverse": "dynamics-365",
    "dynamics-365-business-central": "dynamics-365-business-central",
    "dynamics-365-operations": "dynamics-365-for-operations", "power-bi-app": "power-bi",
    "power-bi-visual": "power-bi-visuals", "microsoft-365-app": "office",
    "managed-service": None, "iot-edge-module": None, "cosell-only": None,
}


@dataclass(frozen=True)
class OfferType:
    """One Partner Center offer type.

    key: the value written in ``offer.toml`` (``[offer] type``).
    label: the Partner Center name.
    ingestion: Product Ingestion API ``product.type``.
    catalog: Marketplace Catalog API ``productType`` values that map to it.
    store: the storefront whose look the listing page takes.
    url_segment: the path segment of the storefront URL (§1.3).
    has_plans: whether Partner Center has a Plan overview for it (§6.1).
    """

    key: str
    label: str
    ingestion: str
    catalog: tuple[str, ...]
    store: str
    url_segment: str
    has_plans: bool


OFFER_TYPES: dict[str, OfferType] = {
    t.key: t
    for t in (
        OfferType("saas", "Software as a Service", "softwareAsAService", ("SaaS",),
                  AZURE_MARKETPLACE, "marketplace/apps", True),
        OfferType("azure-application", "Azure Application", "azureApplication",
                  ("AzureApplication", "None"), AZURE_MARKETPLACE, "marketplace/apps", True),
        OfferType("azure-virtual-machine", "Azure Virtual Machine", "azureVirtualMachine",
                  ("VirtualMachine",), AZURE_MARKETPLACE, "marketplace/apps", True),
        OfferType("azure-container", "Azure Container", "azureContainer", ("Container", "ContainerApps"),
                  AZURE_MARKETPLACE, "marketplace/apps", True),
        OfferType("iot-edge-module", "IoT Edge module", "iotEdgeModule", ("IotEdgeModules",),
                  AZURE_MARKETPLACE, "marketplace/apps", True),
        OfferType("managed-service", "Managed Service", "managedService", ("ManagedServices",),
                  AZURE_MARKETPLACE, "marketplace/apps", True),
        OfferType("consulting-service", "Consulting service", "consultingService",
                  ("ConsultingServices",), AZURE_MARKETPLACE, "marketplace/consulting-services", False),
        OfferType("dynamics-365-business-central", "Dynamics 365 Business Central",
                  "dynamics365BusinessCentral", ("DynamicsBC",), APPSOURCE,
                  "product/dynamics-365-business-central", False),
        OfferType("dynamics-365-dataverse", "Dynamics 365 apps on Dataverse and Power Apps",
                  "dynamics365ForCustomerEngagement", ("DynamicsCE",), APPSOURCE,
                  "product/dynamics-365", False),
        OfferType("dynamics-365-operations", "Dynamics 365 Operations Apps",
                  "dynamics365ForOperations", ("DynamicsOps",), APPSOURCE,
                  "product/dynamics-365-for-operations", False),
        OfferType("power-bi-app", "Power BI app", "powerBiApp", ("PowerBI",), APPSOURCE,
                  "product/power-bi", False),
        OfferType("power-bi-visual", "Power BI visual", "powerBiVisual", ("PowerBIVisuals",),
                  APPSOURCE, "product/power-bi-visuals", False),
        OfferType("microsoft-365-app", "Microsoft 365 app (Office add-in or Teams app)", "",
                  ("Office365",), APPSOURCE, "product/office", False),
        OfferType("cosell-only", "Co-sell only", "cosellOnly", (), AZURE_MARKETPLACE,
                  "marketplace/apps", False),
    )
}

AZURE_TYPES = ("saas", "azure-application", "azure-virtual-machine", "azure-container",
               "iot-edge-module", "managed-service")
DYNAMICS_TYPES = ("dynamics-365-business-central", "dynamics-365-dataverse",
                  "dynamics-365-operations")


def offer_type_for_catalog(product_type: str) -> str | None:
    """Map a Marketplace Catalog API ``productType`` to an offer type key, or None."""
    for t in OFFER_TYPES.values():
        if product_type in t.catalog:
            return t.key
    return None


# Content field path -> (Partner Center label, Product Ingestion API property).
# Paths are those of offer.toml / plans/*.toml; "" where the API has no name.
FIELDS: dict[str, tuple[str, str]] = {
    "offer.id": ("Offer ID", "product.identity.externalId"),
    "offer.alias": ("Offer alias", "product.alias"),
    "offer.type": ("Offer type", "product.type"),
    "offer.publisher": ("Publisher", ""),
    "offer.publisher_id": ("Publisher ID", ""),
    "setup.sell_through_microsoft": ("Sell through Microsoft", "commercial-marketplace-setup.sellThroughMicrosoft"),
    "setup.listing_option": ("Listing option (call to action)", "callToAction"),
    "setup.offer_url": ("Offer URL", ""),
    "setup.trial_url": ("Trial URL", "trialUri"),
    "setup.test_drive": ("Enable a test drive", "test-drive.enabled"),
    "setup.license_management": ("Enable app license management through Microsoft", ""),
    "setup.allow_install_without_license": ("Allow customers to install my app even if licenses are not assigned", ""),
    "setup.lead_destination": ("Customer leads (lead destination)", "customer-leads.leadDestination"),
    "setup.lead_contact_email": ("Customer leads contact email", "customer-leads.contactEmail"),
    "properties.categories": ("Categories", "property.categories"),
    "properties.industries": ("Industries", "property.industries"),
    "properties.app_version": ("App version", "property.appVersion"),
    "properties.standard_contract": ("Use the Standard Contract", "property.termsConditions"),
    "properties.terms_of_use": ("Terms and conditions", "property.termsOfUse"),
    "properties.terms_of_use_url": ("Terms and conditions (URL)", "property.termsOfUseUrl"),
    "listing.language": ("Language", "listing.languageId"),
    "listing.name": ("Name", "listing.title"),
    "listing.search_results_summary": ("Search results summary", "listing.searchResultSummary"),
    "listing.short_description": ("Short description", "listing.shortDescription"),
    "listing.description": ("Description", "listing.description"),
    "listing.getting_started_instructions": ("Getting started instructions", "listing.gettingStartedInstructions"),
    "listing.keywords": ("Search keywords", "listing.searchKeywords"),
    "listing.privacy_policy_link": ("Privacy policy link", "listing.privacyPolicyLink"),
    "listing.useful_links": ("Useful links", "listing.generalLinks"),
    "listing.support_contact": ("Support contact", "listing.supportContact"),
    "listing.engineering_contact": ("Engineering contact", "listing.engineeringContact"),
    "listing.support_urls.azure_global": ("Azure Global support website", "listing.globalSupportWebsite"),
    "listing.support_urls.azure_government": ("Azure Government support website", "listing.governmentSupportWebsite"),
    "media.large_logo": ("Large logo", "listing-asset azureLogoLarge"),
    "media.medium_logo": ("Medium logo", "listing-asset azureLogoMedium"),
    "media.small_logo": ("Small logo", "listing-asset azureLogoSmall"),
    "media.wide_logo": ("Wide logo", "listing-asset azureLogoWide"),
    "media.screenshots": ("Screenshots", "listing-asset azureLogoScreenshot"),
    "media.videos": ("Videos", "listing-trailer"),
    "preview.audience": ("Preview audience", "price-and-availability-offer.previewAudiences"),
    "preview.audience_csv": ("Preview audience (CSV)", "price-and-availability-offer.previewAudiences"),
    "technical_configuration.landing_page_url": ("Landing page URL", "software-as-a-service-technical-configuration.landingPageUrl"),
    "technical_configuration.connection_webhook_url": ("Connection webhook", "software-as-a-service-technical-configuration.connectionWebhook"),
    "technical_configuration.azure_ad_tenant_id": ("Azure Active Directory tenant ID", "software-as-a-service-technical-configuration.tenantId"),
    "technical_configuration.azure_ad_app_id": ("Azure Active Directory application ID", "software-as-a-service-technical-configuration.applicationId"),
    "reseller.resell_through_csps": ("Resell through CSPs", "reseller.resellerChannelState"),
    "reseller.csp_partners": ("Specific partners in the CSP program I select", "reseller.audiences"),
    "plan.id": ("Plan ID", "plan.identity.externalId"),
    "plan.name": ("Plan name", "plan-listing.name"),
    "plan.summary": ("Plan summary", "plan-listing.summary"),
    "plan.description": ("Plan description", "plan-listing.description"),
    "plan.visibility": ("Plan visibility", "price-and-availability-plan.audience"),
    "plan.private_audience": ("Private audience", "price-and-availability-plan.audiences"),
    "plan.free_trial": ("Free trial", "price-and-availability-plan.trial"),
    "plan.service_id": ("Service ID", ""),
    "pricing.model": ("Pricing model", "price-and-availability-plan.pricing.licenseModel"),
    "pricing.billing_terms": ("Billing terms", "price-and-availability-plan.pricing"),
    "pricing.metered_dimensions": ("Metered dimensions", "price-and-availability-custom-meter"),
    "technical_configuration.manifest_version": ("Version (manifest)", ""),
    "technical_configuration.tenant_id": ("Tenant ID", ""),
    "technical_configuration.authorizations": ("Authorizations", ""),
    # fields the listing rules need (partner-center-rules.md §2, §4, §6.7; seeds 000 and 002)
    "properties.subcategories": ("Subcategories", "property.categories"),
    "properties.verticals": ("Industry verticals", "property.industries"),
    "properties.universal_amendment": ("Universal amendment terms", "property.standardContractAmendment"),
    "properties.custom_amendments": ("Custom amendment terms", "property.customAmendments"),
    "listing.help_link": ("Help link", ""),
    "listing.products": ("Products your app works with", "compatibleProducts"),
    "listing.supporting_documents": ("Supporting documents", "listing-asset pdfDocument"),
    "listing.device_catalog_link": ("Compatible device (Azure IoT device catalog) link", "listing.generalLinks"),
    "technical_configuration.base_license_model": ("Base license model", "baseLicenseModel"),
    "technical_configuration.crm_package_url": ("CRM package URL", ""),
    "technical_configuration.package_type": ("Package type", "packageType"),
    "consulting.service_type": ("Service type", ""),
    "consulting.duration": ("Duration", ""),
    "consulting.primary_product": ("Primary product", ""),
    "review.notes_for_certification": ("Notes for certification", ""),
    "plan.markets": ("Markets", "price-and-availability-plan.customerMarkets"),
}


def label(field: str) -> str:
    """The Partner Center label of a field path; see :func:`listingpreview.fieldpaths.label`."""
    from .fieldpaths import label as _label

    return _label(field)


# Resell through CSPs: content value -> (Partner Center option, Product Ingestion ``reseller.resellerChannelState``).
# Sources: [AD] cloud-solution-providers.md (2020-07-14); schema reseller-2022-03-01-preview2 (default "none").
RESELL_THROUGH_CSPS: dict[str, tuple[str, str]] = {
    "all": ("Any partner in the CSP program", "all"),
    "specific-partners": ("Specific partners in the CSP program I select", "some"),
    "none": ("No partners in the CSP program", "none"),
}
