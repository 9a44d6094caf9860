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

# Subcategories per primary category as Partner Center shows them (same source as the categories).
AZURE_MARKETPLACE_SUBCATEGORIES: dict[str, tuple[str, ...]] = {
    "AI + Machine Learning": ("Automated ML", "Bot Services", "Business/Robotic Process Automation",
                              "Cognitive Services", "Data Labeling", "Data Preparation", "Knowledge Mining",
                              "ML Operations", "ML Service"),
    "Analytics": ("Big Data", "Data Analytics", "Data Insights", "Predictive Analytics",
                  "Real-time/Streaming Analytics"),
    "Blockchain": ("App Accelerators", "Multi-node Ledger", "Single-node Ledger", "Tools"),
    "Compute": ("Application Infrastructure", "Cache", "Operating Systems"),
    "Containers": ("Container Apps", "Container Images", "Get Started with Containers"),
    "Databases": ("Data Lakes", "Data Warehouse", "Ledger/Blockchain Databases", "NoSQL Databases",
                  "Relational Databases"),
    "Developer Tools": ("Developer Service", "Scripts", "Tools"),
    "DevOps": (),
    "Identity": ("Access Management",),
    "IT & Management Tools": ("Management Solutions", "Business Applications"),
    "Internet of Things": ("IoT Analytics & Data", "IoT Connectivity", "IoT Core Services", "IoT Edge Modules",
                           "Iot & IIot Platforms", "IoT Security", "IoT Solutions"),
    "Media": ("Content Protection", "Live & On-Demand Streaming", "Media Services"),
    "Migration": ("Data Migration",),
    "Mixed Reality": (),
    "Monitoring & Diagnostics": (),
    "Networking": ("Appliance Managers", "Connectivity", "Firewalls", "Load Balancers"),
    "Security": ("Identity & Access Management", "Information Protection", "Threat Protection"),
    "Storage": ("Backup & Recovery", "Block File & Object Sharing", "Data Management", "Enterprise Hybrid Storage"),
    "Web": ("Blogs & CMS", "Ecommerce", "Starter Web Apps", "Web Apps", "Web Apps Frameworks"),
}
APPSOURCE_SUBCATEGORIES: dict[str, tuple[str, ...]] = {
    "AI + Machine Learning": ("AI for Business", "Bot Apps"),
    "Analytics": ("Advanced Analytics", "Dashboard & Data Visualization"),
    "Collaboration": ("Chat", "Contact Management", "Meeting & Calendar Management", "Site Design & Management",
                      "Voice & Video Conferencing"),
    "Commerce": ("E-Commerce, Social Commerce & Marketplaces", "Loyalty & Gifting",
                 "Product Information & Content Management", "Personalization, Ratings, & Reviews",
                 "Store Management", "Subscription & Post Purchase Services"),
    "Compliance & Legal": ("Data, Governance & Privacy", "Health & Safety", "Legal", "Tax & Audit"),
    "Customer Service": ("Back Office & Employee Service", "Contact Center", "Face to Face Service",
                         "Knowledge & Case Management", "Social Media & Omnichannel Engagement"),
    "Finance": ("Accounting", "Analytics, Consolidation & Reporting", "Asset Management",
                "Compliance & Risk Management", "Payments, Credit, & Collections"),
    "Geolocation": ("Maps", "News & Weather", "Address Validation"),
    "Human Resources": ("HR Operations", "Talent Acquisition", "Talent Management", "People Analytics & Insights"),
    "Internet of Things": ("Asset Management & Operations", "Connected Products", "Intelligent Supply Chain",
                           "Predictive Maintenance", "Remote Monitoring", "Safety & Security",
                           "Smart Infrastructure & Resources", "Vehicles & Mobility"),
    "IT & Management Tools": ("Business Applications", "Management Solutions"),
    "Marketing": ("Advertisement", "Analytics", "Campaign Management & Automation", "Email Marketing",
                  "Events & Resource Management", "Pricing Optimization", "Research & Analytics", "Social Media"),
    "Operations & Supply Chain": ("Asset & Production Management", "Demand Forecasting",
                                  "Information Management & Connectivity", "Planning, Purchasing & Reporting",
                                  "Quality & Service Management", "Sales & Order Management",
                                  "Transportation & Warehouse Management"),
    "Productivity": ("Blogs", "Content Creation & Management", "Document & File management", "Email Management",
                     "Gamification", "Language & Translation", "Search & Reference", "Workflow Automation"),
    "Project Management": ("Project Accounting & Revenue Recognition", "Project Invoicing",
                           "Project Time & Expense Reporting", "Project Resource Planning & Utilization Metrics",
                           "Project Planning & Tracking", "Project Sales Proposals & Bids"),
    "Sales": ("Business Data Management", "Configure, Price, Quote (CPQ)", "Contract Management", "CRM",
              "Sales Enablement", "Telesales"),
}

# Verticals per industry (list B of the industries source).
VERTICALS: dict[str, tuple[str, ...]] = {
    "Automotive": (), "Defense and Intelligence": (), "Nonprofit and IGO": (), "Energy": (),
    "Financial Services": ("Banking", "Insurance", "Capital Markets"),
    "Government": ("Civilian Government", "Public Safety and Justice"),
    "Healthcare": ("Health Payor", "Health Provider", "Life Sciences"),
    "Education": ("Higher Education", "Primary and Secondary Edu/K-12", "Libraries and Museums"),
    "Manufacturing": ("Process Manufacturing", "Discrete Manufacturing", "Agriculture"),
    "Retail": ("Retail", "Customer Goods"),
    "Media and Communications": ("Media and Entertainment", "Telecommunications"),
    "Professional Services": ("Partner Professional Services", "Legal", "Architecture and Construction",
                              "Real Estate"),
    "Distribution": ("Wholesale", "Parcel and Package Shipping"),
    "Hospitality and Travel": ("Travel & Transportation", "Hotels and Leisure", "Restaurants and Food Services"),
}

# Azure Lighthouse supports every built-in role except Owner and roles with DataActions; User Access
# Administrator only to assign roles to managed identities.
# Source: MicrosoftDocs/azure-docs articles/lighthouse/concepts/tenants-users-roles.md ("Role support for Azure
# Lighthouse"). Azure adds built-in roles over time (seed 000), so a name missing from these lists is a warning.
ROLE_SUPPORT_SOURCE = "MicrosoftDocs/azure-docs articles/lighthouse/concepts/tenants-users-roles.md (role support)"
UNSUPPORTED_ROLES = {"Owner": "Azure Lighthouse does not support the Owner role"}
# More built-in role names (control-plane roles without DataActions), from built-in-roles.md (2026-04-09).
MORE_BUILT_IN_ROLES = frozenset({
    "Reservations Administrator", "Role Based Access Control Administrator", "Azure Batch Account Contributor",
    "Azure Batch Account Reader", "Classic Virtual Machine Contributor", "Compute Gallery Sharing Admin",
    "Desktop Virtualization Contributor", "Desktop Virtualization Reader",
    "Desktop Virtualization Host Pool Contributor",
    "Desktop Virtualization Host Pool Reader", "Desktop Virtualization Application Group Contributor",
    "Desktop Virtualization Application Group Reader", "Desktop Virtualization Workspace Contributor",
    "Desktop Virtualization Workspace Reader", "Desktop Virtualization Session Host Operator",
    "Disk Backup Reader", "Disk Restore Operator", "Disk Snapshot Contributor",
    "Key Vault Contributor", "Website Contributor", "Web Plan Contributor", "SQL DB Contributor",
    "SQL Server Contributor", "SQL Security Manager", "SQL Managed Instance Contributor", "Logic App Contributor",
    "Logic App Operator", "Cost Management Contributor", "Cost Management Reader", "Billing Reader",
    "Tag Contributor", "Application Insights Component Contributor", "Automation Operator",
    "Automation Job Operator", "Automation Runbook Operator", "Site Recovery Contributor", "Site Recovery Operator",
    "Site Recovery Reader", "DNS Zone Contributor", "Private DNS Zone Contributor", "Traffic Manager Contributor",
    "CDN Profile Contributor", "CDN Endpoint Contributor", "Search Service Contributor", "Redis Cache Contributor",
    "API Management Service Contributor", "API Management Service Operator Role", "API Management Service Reader Role",
    "Data Factory Contributor", "Classic Network Contributor", "Classic Storage Account Contributor",
    "Storage Account Key Operator Service Role", "DevTest Labs User", "Lab Creator", "Security Manager (Legacy)",
    "Azure Kubernetes Service Contributor Role", "Managed Application Contributor Role",
    "Managed Application Operator Role", "Managed Applications Reader", "Managed Identity Contributor",
    "Managed Identity Operator", "Workbook Contributor", "Workbook Reader", "Scheduled Patching Contributor",
    "Azure Connected Machine Resource Administrator", "Azure Connected Machine Onboarding",
    "Hybrid Server Resource Administrator", "Microsoft Sentinel Automation Contributor",
    "Microsoft Sentinel Playbook Operator",
})
