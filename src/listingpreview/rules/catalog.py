"""Reference lists the rules check against: categories, industries, Azure built-in roles."""

from __future__ import annotations

# Primary categories as Partner Center shows them.
# Source: [AD] categories.md (ms.date 11/16/2020 and 10/29/2021, identical lists).
CATEGORIES_SOURCE = "[AD] categories.md (2021-10-29)"
AZURE_MARKETPLACE_CATEGORIES = (
    "AI + Machine Learning", "Analytics", "Blockchain", "Compute", "Containers", "Databases",
    "Developer Tools", "DevOps", "Identity", "Integration", "IT & Management Tools", "Internet of Things",
    "Media", "Migration", "Mixed Reality", "Monitoring & Diagnostics", "Networking", "Security",
    "Storage", "Web",
)
APPSOURCE_CATEGORIES = (
    "AI + Machine Learning", "Analytics", "Collaboration", "Commerce", "Compliance & Legal",
    "Customer Service", "Finance", "Geolocation", "Human Resources", "Internet of Things",
    "IT & Management Tools", "Marketing", "Operations & Supply Chain", "Productivity",
    "Project Management", "Sales",
)

# Industries (list B). Source: [AD] marketplace-categories-industries.md (2021-08-20).
INDUSTRIES_SOURCE = "[AD] marketplace-categories-industries.md (2021-08-20)"
INDUSTRIES = (
    "Automotive", "Financial Services", "Government", "Defense and Intelligence", "Healthcare",
    "Education", "Nonprofit and IGO", "Manufacturing", "Energy", "Retail", "Media and Communications",
    "Professional Services", "Distribution", "Hospitality and Travel",
)

# Azure built-in roles a managed-service authorization may name, with their role definition IDs.
# Source: MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles.md.
ROLES_SOURCE = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles.md"
BUILT_IN_ROLES: dict[str, str] = {
    "Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "Managed Services Registration Assignment Delete Role": "91c1777a-f3dc-4fae-b103-61d183457e46",
    "Support Request Contributor": "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e",
    "Security Reader": "39bc4728-0917-49c7-9d2c-d95423bc2eb4",
    "Security Admin": "fb1c8493-542b-48eb-b624-b4c8fea62acd",
    "Log Analytics Contributor": "92aaf0da-9dab-42b6-94a3-d43ce8d16293",
    "Log Analytics Reader": "73c42c96-874c-492b-b04d-ab87d138a893",
    "Monitoring Contributor": "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
    "Monitoring Reader": "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
    "Microsoft Sentinel Contributor": "ab8e14d6-4a74-4a29-9ba8-549422addade",
    "Microsoft Sentinel Reader": "8d289c81-5878-46d4-8554-54e1e3d8b5cb",
    "Microsoft Sentinel Responder": "3e150937-b8fe-4cfb-8069-0eaf05ecd056",
    "Automation Contributor": "f353d9bd-d4a6-484e-a77a-8050b599b867",
    "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
    "Virtual Machine Contributor": "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
    "Backup Contributor": "5e467623-bb1f-42f4-a55d-6e525e11384b",
    "Backup Operator": "00c29273-979b-4161-815c-10b084fb9324",
    "Backup Reader": "a795c7a0-d4a2-40c1-ae25-d81f01202912",
    "Storage Account Contributor": "17d1049b-9a84-46fb-8f53-869881c3d3ab",
    "Resource Policy Contributor": "36243c78-bf99-498c-9df9-86d9f8d28608",
}
USER_ACCESS_ADMINISTRATOR = "User Access Administrator"
DELETE_ROLE = "Managed Services Registration Assignment Delete Role"
