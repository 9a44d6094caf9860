"""Partner Center names <-> Product Ingestion API names, in one place.

Category and industry API keys per store and offer-type column, the offer
type -> resource ``kind`` table, lead destinations, and the schema versions the
export targets (with their source and date). Both ``import`` (Catalog API keys,
resource trees) and ``export --format configure`` read this module only.

Sources: ``partner-center-rules.md`` Appendix A ([AD-cpp]
cloud-partner-portal-api-creating-offer.md, ms.date 2021-12-03) for the keys;
``product-ingestion.md`` §2-§4 ([L-PI] product-ingestion-api.md, ms.date
2023-05-10) for kinds and versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from .names import APPSOURCE, AZURE_MARKETPLACE, OFFER_TYPES, RESELL_THROUGH_CSPS
from .rules.catalog import INDUSTRIES

KEYS_SOURCE = "[AD-cpp] cloud-partner-portal-api-creating-offer.md (2021-12-03), partner-center-rules.md Appendix A"

# (category, subcategory or None, (keys per column)). Columns: SaaS, Azure Application, VM/containers/IoT Edge/Core VM.
AZURE_CATEGORY_KEYS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ('Analytics', None, ('analytics', 'analytics-azure-apps', 'analytics-amp')),
    ('Analytics', 'Data Insights', ('data-insights', 'data-insights', 'data-insights')),
    ('Analytics', 'Data Analytics', ('data-analytics', 'data-analytics', 'data-analytics')),
    ('Analytics', 'Big Data', ('big-data', 'bigData', 'big-data')),
    ('Analytics', 'Predictive Analytics', ('predictive-analytics', 'predictive-analytics', 'predictive-analytics')),
    ('Analytics', 'Real-time/Streaming Analytics',
     ('real-time-streaming-analytics', 'real-time-streaming-analytics', 'real-time-streaming-analytics')),
    ('Analytics', 'Other', ('other', 'other-analytics', 'other')),
    ('AI + Machine Learning', None, ('ArtificialIntelligence', 'ai-plus-machine-learning', 'ai-plus-machine-learning')),
    ('AI + Machine Learning', 'Bot Services', ('bot-services', 'bot-services', 'bot-services')),
    ('AI + Machine Learning', 'Cognitive Services', ('cognitive-services', 'cognitive-services', 'cognitive-services')),
    ('AI + Machine Learning', 'ML Service', ('ml-service', 'ml-service', 'ml-service')),
    ('AI + Machine Learning', 'Automated ML', ('automated-ml', 'automated-ml', 'automated-ml')),
    ('AI + Machine Learning', 'Business/Robotic Process Automation',
     ('business-robotic-process-automation', 'business-robotic-process-automation',
      'business-robotic-process-automation')),
    ('AI + Machine Learning', 'Data Labelling', ('data-labelling', 'data-labelling', 'data-labelling')),
    ('AI + Machine Learning', 'Data Preparation', ('data-preparation', 'data-preparation', 'data-preparation')),
    ('AI + Machine Learning', 'Knowledge Mining', ('knowledge-mining', 'knowledge-mining', 'knowledge-mining')),
    ('AI + Machine Learning', 'ML Operations', ('ml-operations', 'ml-operations', 'ml-operations')),
    ('AI + Machine Learning', 'Other', ('other-AI-plus-machine-learning', 'other', 'other')),
    ('Blockchain', None, ('blockchain', 'blockchain', 'blockchain')),
    ('Blockchain', 'App Accelerators', ('app-accelerators', 'app-accelerators', 'app-accelerators')),
    ('Blockchain', 'Single-node Ledger', ('single-node-ledger', 'single-node-ledger', 'single-node-ledger')),
    ('Blockchain', 'Multi-node Ledger', ('multi-node-ledger', 'multi-node-ledger', 'multi-node-ledger')),
    ('Blockchain', 'Tools', ('tools', 'tools', 'tools')),
    ('Blockchain', 'Other', ('other', 'other', 'other')),
    ('Compute', None, ('compute-saas', 'compute-azure-apps', 'compute')),
    ('Compute', 'Application Infrastructure', ('appInfra', 'appInfrastructure', 'application-infrastructure')),
    ('Compute', 'Operating Systems', ('clientOS', 'clientOS', 'operating-systems')),
    ('Compute', 'Cache', ('cache', 'cache', 'cache')),
    ('Compute', 'Other', ('other-compute', 'other-compute', 'other')),
    ('Containers', None, ('containers', 'containers', 'containers')),
    ('Containers', 'Container Apps', ('container-apps', 'container-apps', 'container-apps')),
    ('Containers', 'Container Images', ('container-images', 'container-images', 'container-images')),
    ('Containers', 'Get Started with Containers',
     ('get-started-with-containers', 'get-started-with-containers', 'get-started-with-containers')),
    ('Containers', 'Other', ('other', 'other', 'other')),
    ('Databases', None, ('databases-saas', 'database', 'databases')),
    ('Databases', 'NoSQL Databases', ('nosql-databases', 'nosql-databases', 'nosql-databases')),
    ('Databases', 'Relational Databases', ('relational-databases', 'relational-databases', 'relational-databases')),
    ('Databases', 'Ledger/Blockchain Databases',
     ('ledger-blockchain-databases', 'ledger-blockchain-databases', 'ledger-blockchain-databases')),
    ('Databases', 'Data Lakes', ('data-lakes', 'data-lakes', 'data-lakes')),
    ('Databases', 'Data Warehouse', ('data-warehouse', 'data-warehouse', 'data-warehouse')),
    ('Databases', 'Other', ('other-databases', 'other-databases', 'other')),
    ('Developer Tools', None, ('developer-tools-saas', 'developer-tools-azure-apps', 'developer-tools')),
    ('Developer Tools', 'Tools', ('tools-developer-tools', 'tools-developer-tools', 'tools-developer-tools')),
    ('Developer Tools', 'Scripts', ('scripts', 'scripts', 'scripts')),
    ('Developer Tools', 'Developer Service', ('devService', 'devService', 'developer-service')),
    ('Developer Tools', 'Other', ('other-developer-tools', 'other-developer-tools', 'other')),
    ('DevOps', None, ('devops', 'devops', 'devops')),
    ('DevOps', 'Other', ('other', 'other', 'other')),
    ('Identity', None, ('identity', 'identity', 'identity')),
    ('Identity', 'Access management', ('access-management', 'access-management', 'access-management')),
    ('Identity', 'Other', ('other', 'other', 'other')),
    ('Integration', None, ('integration', 'integration', 'integration')),
    ('Integration', 'Messaging', ('messaging', 'messaging', 'messaging')),
    ('Integration', 'Other', ('other', 'other', 'other')),
    ('Internet of Things', None, ('IoT', 'internet-of-things-azure-apps', 'internet-of-things')),
    ('Internet of Things', 'IoT Core Services', ('N/A', 'iot-core-services', 'iot-core-services')),
    ('Internet of Things', 'IoT Edge Modules', ('N/A', 'iot-edge-modules', 'iot-edge-modules')),
    ('Internet of Things', 'IoT Solutions', ('iot-solutions', 'iot-solutions', 'iot-solutions')),
    ('Internet of Things', 'Data Analytics & Visualization',
     ('data-analytics-and-visualization', 'data-analytics-and-visualization', 'data-analytics-and-visualization')),
    ('Internet of Things', 'IoT Connectivity', ('iot-connectivity', 'iot-connectivity', 'iot-connectivity')),
    ('Internet of Things', 'Other', ('other-internet-of-things', 'other-internet-of-things', 'other')),
    ('IT & Management Tools', None,
     ('ITandAdministration', 'it-and-management-tools-azure-apps', 'it-and-management-tools')),
    ('IT & Management Tools', 'Management Solutions',
     ('management-solutions', 'management-solutions', 'management-solutions')),
    ('IT & Management Tools', 'Business Applications',
     ('businessApplication', 'businessApplication', 'business-applications')),
    ('IT & Management Tools', 'Other', ('other-it-management-tools', 'other-it-management-tools', 'other')),
    ('Monitoring & Diagnostics', None,
     ('monitoring-and-diagnostics', 'monitoring-and-diagnostics', 'monitoring-and-diagnostics')),
    ('Monitoring & Diagnostics', 'Other', ('other', 'other', 'other')),
    ('Media', None, ('media', 'media', 'media')),
    ('Media', 'Media Services', ('media-services', 'media-services', 'media-services')),
    ('Media', 'Content Protection', ('content-protection', 'content-protection', 'content-protection')),
    ('Media', 'Live & On-Demand Streaming',
     ('live-and-on-demand-streaming', 'live-and-on-demand-streaming', 'live-and-on-demand-streaming')),
    ('Media', 'Other', ('other', 'other', 'other')),
    ('Migration', None, ('migration', 'migration', 'migration')),
    ('Migration', 'Data Migration', ('data-migration', 'data-migration', 'data-migration')),
    ('Migration', 'Other', ('other', 'other', 'other')),
    ('Mixed Reality', None, ('mixed-reality', 'mixed-reality', 'mixed-reality')),
    ('Mixed Reality', 'Other', ('other', 'other', 'other')),
    ('Networking', None, ('networking', 'networking', 'networking')),
    ('Networking', 'Appliance Managers', ('appliance-managers', 'appliance-managers', 'appliance-managers')),
    ('Networking', 'Connectivity', ('connectivity', 'connectivity', 'connectivity')),
    ('Networking', 'Firewalls', ('firewalls', 'firewalls', 'firewalls')),
    ('Networking', 'Load Balancers', ('load-balancers', 'load-balancers', 'load-balancers')),
    ('Networking', 'Other', ('other', 'other', 'other')),
    ('Security', None, ('security', 'security', 'security')),
    ('Security', 'Identity & Access Management',
     ('identity-and-access-management', 'identity-and-access-management', 'identity-and-access-management')),
    ('Security', 'Threat Protection', ('threat-protection', 'threat-protection', 'threat-protection')),
    ('Security', 'Information Protection',
     ('information-protection', 'information-protection', 'information-protection')),
    ('Security', 'Other', ('other', 'other', 'other')),
    ('Storage', None, ('storage-saas', 'storage-azure-apps', 'storage')),
    ('Storage', 'Backup & Recovery', ('backup', 'backup', 'backup-and-recovery')),
    ('Storage', 'Enterprise Hybrid Storage',
     ('enterprise-hybrid-storage', 'enterprise-hybrid-storage', 'enterprise-hybrid-storage')),
    ('Storage', 'File Sharing', ('file-sharing', 'file-sharing', 'file-sharing')),
    ('Storage', 'Data Lifecycle Management',
     ('data-lifecycle-management', 'data-lifecycle-management', 'data-lifecycle-management')),
    ('Storage', 'Other', ('other-storage', 'other-storage', 'other')),
    ('Web', None, ('web', 'web', 'web')),
    ('Web', 'Blogs & CMSs', ('blogs-and-cmss', 'blogs-and-cmss', 'blogs-and-cmss')),
    ('Web', 'Starter Web Apps', ('starter-web-apps', 'starter-web-apps', 'starter-web-apps')),
    ('Web', 'Ecommerce', ('ecommerce', 'ecommerce', 'ecommerce')),
    ('Web', 'Web Apps Frameworks', ('web-apps-frameworks', 'web-apps-frameworks', 'web-apps-frameworks')),
    ('Web', 'Web Apps', ('web-apps', 'web-apps', 'web-apps')),
    ('Web', 'Other', ('other', 'other', 'other')),
)
# Columns: SaaS, Dynamics 365 (BC, Dataverse & Power Apps, Operations), Power BI app.
APPSOURCE_CATEGORY_KEYS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ('Analytics', None, ('analytics', 'Analytics', 'Analytics')),
    ('Analytics', 'Advanced Analytics', ('advanced-analytics', 'advanced-analytics', 'advanced-analytics')),
    ('Analytics', 'Visualization & Reporting',
     ('visualization-reporting', 'visualization-reporting', 'visualization-reporting')),
    ('Analytics', 'Other', ('other', 'other-analytics', 'other-analytics')),
    ('AI + Machine Learning', None,
     ('ArtificialIntelligence', 'ai-plus-machine-learning-dynamics', 'ai-plus-machine-learning-appsource')),
    ('AI + Machine Learning', 'AI for Business', ('ai-for-business', 'ai-for-business', 'ai-for-business')),
    ('AI + Machine Learning', 'Bot Apps', ('bot-apps', 'bot-apps', 'bot-apps')),
    ('AI + Machine Learning', 'Other',
     ('other-ai-plus-machine-learning', 'other-ai-plus-machine-learning', 'other-ai-plus-machine-learning')),
    ('Collaboration', None, ('Collaboration', 'Collaboration', 'collaboration')),
    ('Collaboration', 'Contact & People', ('contact-people', 'contact-people', 'contact-and-people')),
    ('Collaboration', 'Meeting Management', ('meeting-management', 'meeting-management', 'meeting-management')),
    ('Collaboration', 'Site Design & Management',
     ('site-design-management', 'site-design-management', 'site-design-and-management')),
    ('Collaboration', 'Task & Project Management',
     ('task-project-management', 'task-project-management', 'task-and-project-management')),
    ('Collaboration', 'Voice & Video Conferencing',
     ('voice-video-conferencing', 'voice-video-conferencing', 'voice-and-video-conferencing')),
    ('Collaboration', 'Other', ('other-collaboration', 'other-collaboration', 'other')),
    ('Compliance & Legal', None, ('compliance', 'compliance', 'compliance-and-legal')),
    ('Compliance & Legal', 'Tax & Audit', ('tax-audit', 'tax-audit', 'tax-and-audit')),
    ('Compliance & Legal', 'Legal', ('Legal', 'Legal', 'legal')),
    ('Compliance & Legal', 'Data, Governance & Privacy',
     ('data-governance-privacy', 'data-governance-privacy', 'data-governance-and-privacy')),
    ('Compliance & Legal', 'Health & Safety', ('health-safety', 'health-safety', 'health-and-safety')),
    ('Compliance & Legal', 'Other', ('other-compliance-legal', 'other-compliance-legal', 'other')),
    ('Customer Service', None, ('CustomerService', 'CustomerService', 'customer-service')),
    ('Customer Service', 'Contact Center', ('contact-center', 'contact-center', 'contact-center')),
    ('Customer Service', 'Face to Face Service',
     ('face-to-face-service', 'face-to-face-service', 'face-to-face-service')),
    ('Customer Service', 'Back Office & Employee Service',
     ('back-office-employee-service', 'back-office-employee-service', 'back-office-and-employee-service')),
    ('Customer Service', 'Knowledge & Case Management',
     ('knowledge-case-management', 'knowledge-case-management', 'knowledge-and-case-management')),
    ('Customer Service', 'Social Media & Omnichannel Engagement',
     ('social-media-omnichannel-engagement', 'social-media-omnichannel-engagement',
      'social-media-and-omnichannel-engagement')),
    ('Customer Service', 'Other', ('other-customer-service', 'other-customer-service', 'other')),
    ('Finance', None, ('Finance', 'Finance', 'finance')),
    ('Finance', 'Accounting', ('accounting', 'accounting', 'accounting')),
    ('Finance', 'Asset Management', ('asset-management', 'asset-management', 'asset-management')),
    ('Finance', 'Analytics, Consolidation & Reporting',
     ('analytics-consolidation-reporting', 'analytics-consolidation-reporting',
      'analytics-consolidation-and-reporting')),
    ('Finance', 'Credit & Collections', ('credit-collections', 'credit-collections', 'credit-and-collections')),
    ('Finance', 'Compliance & Risk Management',
     ('compliance-risk-management', 'compliance-risk-management', 'compliance-and-risk-management')),
    ('Finance', 'Other', ('other-finance', 'other-finance', 'other')),
    ('Human Resources', None, ('HumanResources', 'HumanResources', 'human-resources')),
    ('Human Resources', 'Talent Acquisition', ('talent-acquisition', 'talent-acquisition', 'talent-acquisition')),
    ('Human Resources', 'Talent Management', ('talent-management', 'talent-management', 'talent-management')),
    ('Human Resources', 'HR Operations', ('hr-operations', 'hr-operations', 'hr-operations')),
    ('Human Resources', 'Workforce Planning & Analytics',
     ('workforce-planning-analytics', 'workforce-planning-analytics', 'workforce-planning-and-analytics')),
    ('Human Resources', 'Other', ('other-human-resources', 'other-human-resources', 'other')),
    ('Internet of Things', None, ('IoT', 'internet-of-things-dynamics', 'internet-of-things-appsource')),
    ('Internet of Things', 'Asset Management & Operations',
     ('asset-management-operations', 'asset-management-operations', 'asset-management-and-operations')),
    ('Internet of Things', 'Connected Products', ('connected-products', 'connected-products', 'connected-products')),
    ('Internet of Things', 'Intelligent Supply Chain',
     ('intelligent-supply-chain', 'intelligent-supply-chain', 'intelligent-supply-chain')),
    ('Internet of Things', 'Predictive Maintenance',
     ('predictive-maintenance', 'predictive-maintenance', 'predictive-maintenance')),
    ('Internet of Things', 'Remote Monitoring', ('remote-monitoring', 'remote-monitoring', 'remote-monitoring')),
    ('Internet of Things', 'Safety & Security', ('safety-security', 'safety-security', 'safety-and-security')),
    ('Internet of Things', 'Smart Infrastructure & Resources',
     ('smart-infrastructure-resources', 'smart-infrastructure-resources', 'smart-infrastructure-and-resources')),
    ('Internet of Things', 'Vehicles & Mobility', ('vehicles-mobility', 'vehicles-mobility', 'vehicles-and-mobility')),
    ('Internet of Things', 'Other', ('other-internet-of-things', 'other-internet-of-things', 'other')),
    ('IT & Management Tools', None, ('ITandAdministration', 'ITandAdministration', 'it-and-management-tools')),
    ('IT & Management Tools', 'Management Solutions',
     ('management-solutions', 'management-solutions', 'management-solutions')),
    ('IT & Management Tools', 'Business Applications',
     ('businessApplication', 'businessApplication', 'business-applications')),
    ('IT & Management Tools', 'Other', ('other-it-management-tools', 'other-it-management-tools', 'other')),
    ('Marketing', None, ('Marketing', 'Marketing', 'marketing')),
    ('Marketing', 'Advertisement', ('advertisement', 'advertisement', 'advertisement')),
    ('Marketing', 'Analytics', ('analytics-marketing', 'analytics-marketing', 'analytics-marketing')),
    ('Marketing', 'Campaign Management & Automation',
     ('campaign-management-automation', 'campaign-management-automation', 'campaign-management-and-automation')),
    ('Marketing', 'Email Marketing', ('email-marketing', 'email-marketing', 'email-marketing')),
    ('Marketing', 'Events & Resource Management',
     ('events-resource-management', 'events-resource-management', 'events-and-resource-management')),
    ('Marketing', 'Research & Analysis', ('research-analytics', 'research-analytics', 'research-and-analysis')),
    ('Marketing', 'Social Media', ('social-media', 'social-media', 'social-media')),
    ('Marketing', 'Other', ('other-marketing', 'other-marketing', 'other')),
    ('Operations & Supply Chain', None,
     ('OperationsSupplyChain', 'OperationsSupplyChain', 'operations-and-supply-chain')),
    ('Operations & Supply Chain', 'Asset & Production Management',
     ('asset-production-management', 'asset-production-management', 'asset-and-production-management')),
    ('Operations & Supply Chain', 'Demand Forecasting',
     ('demand-forecasting', 'demand-forecasting', 'demand-forecasting')),
    ('Operations & Supply Chain', 'Information Management & Connectivity',
     ('information-management-connectivity', 'information-management-connectivity',
      'information-management-and-connectivity')),
    ('Operations & Supply Chain', 'Planning, Purchasing & Reporting',
     ('planning-purchasing-reporting', 'planning-purchasing-reporting', 'planning-purchasing-and-reporting')),
    ('Operations & Supply Chain', 'Quality & Service Management',
     ('quality-service-management', 'quality-service-management', 'quality-and-service-management')),
    ('Operations & Supply Chain', 'Sales & Order Management',
     ('sales-order-management', 'sales-order-management', 'sales-and-order-management')),
    ('Operations & Supply Chain', 'Transportation & Warehouse Management',
     ('transportation-warehouse-management', 'transportation-warehouse-management',
      'transportation-and-warehouse-management')),
    ('Operations & Supply Chain', 'Other', ('other-operations-supply-chain', 'other-operations-supply-chain', 'other')),
    ('Productivity', None, ('Productivity', 'Productivity', 'productivity')),
    ('Productivity', 'Content Creation & Management',
     ('content-creation-management', 'content-creation-management', 'content-creation-and-management')),
    ('Productivity', 'Language & Translation',
     ('language-translation', 'language-translation', 'language-and-translation')),
    ('Productivity', 'Document Management', ('document-management', 'document-management', 'document-management')),
    ('Productivity', 'Email Management', ('email-management', 'email-management', 'email-management')),
    ('Productivity', 'Search & Reference', ('search-reference', 'search-reference', 'search-and-reference')),
    ('Productivity', 'Other', ('other-productivity', 'other-productivity', 'other')),
    ('Productivity', 'Gamification', ('Gamification', 'Gamification', 'gamification')),
    ('Sales', None, ('Sales', 'Sales', 'Sales')),
    ('Sales', 'Telesales', ('telesales', 'telesales', 'telesales')),
    ('Sales', 'Configure, Price, Quote (CPQ)',
     ('configure-price-quote', 'configure-price-quote', 'configure-price-quote')),
    ('Sales', 'Contract Management', ('contract-management', 'contract-management', 'contract-management')),
    ('Sales', 'CRM', ('crm', 'crm', 'crm')),
    ('Sales', 'E-commerce', ('e-commerce', 'e-commerce', 'e-commerce')),
    ('Sales', 'Business Data Enrichment',
     ('business-data-enrichment', 'business-data-enrichment', 'business-data-enrichment')),
    ('Sales', 'Sales Enablement', ('sales-enablement', 'sales-enablement', 'sales-enablement')),
    ('Sales', 'Other', ('other-sales', 'other-sales', 'other-sales')),
    ('Geolocation', None, ('geolocation', 'geolocation', 'geolocation')),
    ('Geolocation', 'Maps', ('maps', 'maps', 'maps')),
    ('Geolocation', 'News & Weather', ('news-and-weather', 'news-and-weather', 'news-and-weather')),
    ('Geolocation', 'Other', ('other-geolocation', 'other-geolocation', 'other-geolocation')),
)
# Columns: SaaS and Dynamics 365, Power BI app. Names as Appendix A gives them (industry list A).
INDUSTRY_KEYS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ('Automotive', None, ('Automotive', 'automotive')),
    ('Automotive', 'Automotive', ('AutomotiveL2', 'AutomotiveL2')),
    ('Agriculture', None, ('Agriculture', 'agriculture')),
    ('Agriculture', 'Other - Unsegmented', ('Agriculture_OtherUnsegmented', 'other-unsegmented')),
    ('Distribution', None, ('Distribution', 'distribution')),
    ('Distribution', 'Wholesale', ('Wholesale', 'wholesale')),
    ('Distribution', 'Parcel & Package Shipping', ('ParcelAndPackageShipping', 'parcel-and-package-shipping')),
    ('Education', None, ('Education', 'education')),
    ('Education', 'Higher Education', ('HigherEducation', 'higher-education')),
    ('Education', 'Primary & Secondary Education / K-12',
     ('PrimaryAndSecondaryEducationK12', 'primary-and-secondary-education')),
    ('Education', 'Libraries & Museums', ('LibrariesAndMuseums', 'libraries-and-museums')),
    ('Financial Services', None, ('FinancialServices', 'financial-services')),
    ('Financial Services', 'Banking & Capital Markets', ('BankingAndCapitalMarkets', 'banking-and-capital-markets')),
    ('Financial Services', 'Insurance', ('Insurance', 'insurance')),
    ('Government', None, ('Government', 'government')),
    ('Government', 'Defense & Intelligence', ('DefenseAndIntelligence', 'defense-and-intelligence')),
    ('Government', 'Public Safety & Justice', ('PublicSafetyAndJustice', 'public-safety-and-justice')),
    ('Government', 'Civilian Government', ('CivilianGovernment', 'civilian-government')),
    ('Healthcare', None, ('HealthCareandLifeSciences', 'healthcare')),
    ('Healthcare', 'Health Payor', ('HealthPayor', 'health-payor')),
    ('Healthcare', 'Health Provider', ('HealthProvider', 'health-provider')),
    ('Healthcare', 'Pharmaceuticals', ('Pharmaceuticals', 'pharmaceuticals')),
    ('Manufacturing & Resources', None, ('Manufacturing', 'manufacturing-and-resources')),
    ('Manufacturing & Resources', 'Chemical & Agrochemical', ('ChemicalAndAgrochemical', 'chemical-and-agrochemical')),
    ('Manufacturing & Resources', 'Discrete Manufacturing', ('DiscreteManufacturing', 'discrete-manufacturing')),
    ('Manufacturing & Resources', 'Energy', ('Energy', 'energy')),
    ('Retail & Consumer Goods', None, ('RetailandConsumerGoods', 'retail-and-consumer-goods')),
    ('Retail & Consumer Goods', 'Consumer Goods', ('ConsumerGoods', 'consumer-goods')),
    ('Retail & Consumer Goods', 'Retailers', ('Retailers', 'retailers')),
    ('Media & Communications', None, ('MediaAndCommunications', 'media-and-communications')),
    ('Media & Communications', 'Media & Entertainment', ('MediaandEntertainment', 'media-and-entertainment')),
    ('Media & Communications', 'Telecommunications', ('Telecommunications', 'telecommunications')),
    ('Professional Services', None, ('ProfessionalServices', 'professional-services')),
    ('Professional Services', 'Legal', ('Legal', 'legal')),
    ('Professional Services', 'Partner Professional Services',
     ('PartnerProfessionalServices', 'partner-professional-services')),
    ('Architecture & Construction', None, ('ArchitectureAndConstruction', 'architecture-and-construction')),
    ('Architecture & Construction', 'Other - Unsegmented',
     ('ArchitectureAndConstruction_OtherUnsegmented', 'other-unsegmented')),
    ('Hospitality & Travel', None, ('HospitalityandTravel', 'hospitality-and-travel')),
    ('Hospitality & Travel', 'Hotels & Leisure', ('HotelsAndLeisure', 'hotels-and-leisure')),
    ('Hospitality & Travel', 'Travel & Transportation', ('TravelAndTransportation', 'travel-and-transportation')),
    ('Hospitality & Travel', 'Restaurants & Food Services',
     ('RestaurantsAndFoodServices', 'restaurants-and-food-services')),
    ('Other Public Sector Industries', None, ('OtherPublicSectorIndustries', 'other-public-sector-industries')),
    ('Other Public Sector Industries', 'Forestry & Fishing', ('ForestryAndFishing', 'forestry-and-fishing')),
    ('Other Public Sector Industries', 'Nonprofits', ('Nonprofits', 'nonprofits')),
    ('Real Estate', None, ('RealEstate', 'real-estate')),
    ('Real Estate', 'Other - Unsegmented', ('RealEstate_OtherUnsegmented', 'other-unsegmented')),
)
# Appendix A industry names that list B (what offer.toml uses, rules/catalog.py) spells differently.
_INDUSTRY_LIST_B = {"Manufacturing & Resources": "Manufacturing", "Retail & Consumer Goods": "Retail",
                    "Media & Communications": "Media and Communications",
                    "Hospitality & Travel": "Hospitality and Travel"}


def _column(offer_type: str, store: str) -> int:
    if store == AZURE_MARKETPLACE:
        return {"saas": 0, "azure-application": 1}.get(offer_type, 2)
    return {"saas": 0, "power-bi-app": 2}.get(offer_type, 1)


def _resolve(key: str, tables) -> str | None:
    """The category name a key (any column, any store) belongs to; None when unknown or ambiguous."""
    found = {cat for table in tables for cat, _sub, keys in table if key.lower() in (k.lower() for k in keys)}
    return found.pop() if len(found) == 1 else None


def categories_from_keys(keys: list[str]) -> tuple[list[str], list[str]]:
    """Catalog API ``categoryIds`` -> (Partner Center category names, keys with no known category).

    A key may be a category or subcategory API key (Appendix A) or a display
    name, possibly "Category > Subcategory"; ambiguous keys such as "other" and
    catalogue tags such as "azureCertified" are returned as unknown.
    """
    from .rules.catalog import APPSOURCE_CATEGORIES, AZURE_MARKETPLACE_CATEGORIES

    names = {c.lower(): c for c in AZURE_MARKETPLACE_CATEGORIES + APPSOURCE_CATEGORIES}
    found: list[str] = []
    unknown: list[str] = []
    for key in keys:
        head = key.split(">")[0].strip()
        name = names.get(head.lower()) or _resolve(key, (AZURE_CATEGORY_KEYS, APPSOURCE_CATEGORY_KEYS))
        if name is None:
            unknown.append(key)
        elif name not in found:
            found.append(name)
    return found, unknown


def industries_from_keys(keys: list[str]) -> tuple[list[str], list[str]]:
    """Catalog API ``industryIds`` -> (industry names as offer.toml spells them, keys with no known industry)."""
    found: list[str] = []
    unknown: list[str] = []
    by_name = {i.lower(): i for i in INDUSTRIES}
    for key in keys:
        name = by_name.get(key.lower())
        if name is None:
            a = _resolve(key, (INDUSTRY_KEYS,))
            name = _INDUSTRY_LIST_B.get(a or "", a) if a else None
            name = name if name in INDUSTRIES else None
        if name is None:
            unknown.append(key)
        elif name not in found:
            found.append(name)
    return found, unknown


def category_key(name: str, offer_type: str, store: str) -> str | None:
    """The ``property.categories`` key of a category name for an offer type in a store; None when not listed."""
    table = AZURE_CATEGORY_KEYS if store == AZURE_MARKETPLACE else APPSOURCE_CATEGORY_KEYS
    col = _column(offer_type, store)
    for cat, sub, keys in table:
        if sub is None and cat == name and keys[col] not in ("", "N/A"):
            return keys[col]
    return None


def industry_key(name: str, offer_type: str) -> str | None:
    """The ``property.industries`` key of an industry name (offer.toml spelling); None when not listed."""
    col = 1 if offer_type == "power-bi-app" else 0
    back = {v: k for k, v in _INDUSTRY_LIST_B.items()}
    for ind, sub, keys in INDUSTRY_KEYS:
        if sub is None and ind == back.get(name, name):
            return keys[col]
    return None


def category_from_key(key: str) -> str | None:
    """A ``property.categories`` key back to its category name (either store); None when unknown."""
    return _resolve(key, (AZURE_CATEGORY_KEYS, APPSOURCE_CATEGORY_KEYS))


def industry_from_key(key: str) -> str | None:
    found, _ = industries_from_keys([key])
    return found[0] if found else None


STORES = (AZURE_MARKETPLACE, APPSOURCE)

# ---------------------------------------------------------------- Product Ingestion resources

SCHEMA_HOST = "https://schema.mp.microsoft.com/schema/"  # [L-PI]; the older host is accepted on import
OLD_SCHEMA_HOST = "https://product-ingestion.azureedge.net/schema/"
VENDORED_VERSION = "2022-03-01-preview2"  # the public schemas vendored in export/schemas (their PROVENANCE.md)


@dataclass(frozen=True)
class Version:
    """The schema version ``export`` writes for one resource type, with where it is documented and when."""

    resource: str
    version: str
    status: str  # documented | observed-3P | verified-on-draft
    source: str
    source_date: str
    checked_on: str


_LPI = "[L-PI] learn.microsoft.com product-ingestion-api (MicrosoftDocs/azure-docs product-ingestion-api.md)"
# The one table of versions (product-ingestion.md §4). Every $schema of an export is built from it.
VERSIONS: dict[str, Version] = {v.resource: v for v in (
    Version("configure", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("resource-tree", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("submission", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("reseller", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("commercial-marketplace-setup", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("test-drive", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("product", "2022-03-01-preview3", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("customer-leads", "2022-03-01-preview3", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("price-and-availability-offer", "2022-03-01-preview3", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("price-and-availability-custom-meter", "2022-03-01-preview3", "documented", _LPI, "2023-05-10",
            "2026-12-01"),
    Version("software-as-a-service-technical-configuration", "2022-03-01-preview3", "documented", _LPI,
            "2023-05-10", "2026-12-01"),
    Version("plan", "2022-03-01-preview2", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("price-and-availability-plan", "2022-03-01-preview4", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("property", "2022-03-01-preview5", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("listing", "2022-03-01-preview5", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("listing-asset", "2022-03-01-preview5", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("listing-trailer", "2022-03-01-preview5", "documented", _LPI, "2023-05-10", "2026-12-01"),
    Version("plan-listing", "2022-03-01-preview5", "documented", _LPI, "2023-05-10", "2026-12-01"),
)}


def schema_uri(resource: str) -> str:
    """``$schema`` of a resource type as export writes it."""
    return f"{SCHEMA_HOST}{resource}/{VERSIONS[resource].version}"


def parse_schema_uri(uri: str) -> tuple[str, str] | None:
    """(resource type, version) of a ``$schema`` URI on either host; None when it is not one."""
    import re

    m = re.fullmatch(r"https://(?:schema\.mp\.microsoft\.com|product-ingestion\.azureedge\.net)/schema/"
                     r"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)/(\d{4}-\d\d-\d\d(?:-preview\d+|-dev)?)", uri or "")
    return (m.group(1), m.group(2)) if m else None


def version_key(version: str) -> tuple[str, int]:
    """Sort key: date, then preview number; a version without suffix sorts after that date's previews."""
    date, _, rest = version.partition("-preview")
    if rest:
        return (date, int(rest))
    return (version[:10], 10**6)


@dataclass(frozen=True)
class KindSource:
    """Where a ``kind`` value comes from: ``documented`` (a Microsoft page or schema), ``observed-3P`` (third-party
    code that talks to the API), or ``derived`` (no source names it; :data:`DERIVATION_RULE` made it)."""

    status: str
    source: str
    date: str
    short: str = ""  # the source in a few words, for messages

    def cite(self) -> str:
        return f"{self.short or self.source}, {self.date}"


@dataclass(frozen=True)
class Kind:
    """The ``kind`` export writes for one offer type: on listing and property, and on plan-listing."""

    offer_type: str
    listing: str
    listing_source: KindSource
    plan_listing: str
    plan_listing_source: KindSource

    @property
    def derived(self) -> bool:
        return "derived" in (self.listing_source.status, self.plan_listing_source.status)


# Research of 2026-12-02 (the sources below; Learn's newest product-ingestion-api page says it covers every offer
# type but names no kind beyond these, and its per-type guidance pages exist for SaaS, VMs, containers and private
# offers only). Evidence for the derivation rule: azureContainer (kind = product type, [L-CT]);
# xbox360NonBackcompat -> xbox360NonBackCompat (listing schema preview2: the product type, one letter's case apart);
# every sourced plan-listing kind is the listing kind + "-plan" (azureVM-plan [S-listing]; azureSaaS-plan,
# azureContainer-plan, azureCoreVM-plan [SUGER]). Evidence against it: softwareAsAService -> azureSaaS,
# azureVirtualMachine -> azureVM, coreVirtualMachine -> azureCoreVM: so a derived value can be wrong.
_L_PI = KindSource("documented", "https://learn.microsoft.com/en-us/partner-center/marketplace-offers/"
                   "product-ingestion-api (MicrosoftDocs/azure-docs product-ingestion-api.md), listing sample",
                   "2023-05-10", "Learn product-ingestion-api")
_L_CT = KindSource("documented", "https://learn.microsoft.com/en-us/partner-center/marketplace-offers/"
                   "product-ingestion-api-transactable-containers, listing sample", "2023-05-10",
                   "Learn product-ingestion-api-transactable-containers")
_S_VM = KindSource("documented", "Microsoft's public schemas https://product-ingestion.azureedge.net/schema/"
                   "{listing,property,plan-listing}/2022-03-01-preview2 (vendored in export/schemas, see its "
                   "PROVENANCE.md); also github.com/microsoft/"
                   "commercial-marketplace-offer-solution .github/actions/product-ingestion-api/"
                   "configuration.json.tmpl (2024-07-04)", "2023-02-02", "schema listing 2022-03-01-preview2")
_SUGER = KindSource("observed-3P", "github.com/sugerio/suger-sdk-go api/openapi.yaml, plan-listing kind enum "
                    "(third-party SDK)", "2025-03-11", "suger-sdk-go (third party)")
DERIVED = KindSource("derived", "no source names it", "")
DERIVATION_RULE = ("listing and property kind = the offer type's product `type` (documented for every type in "
                   "product-2022-03-01-preview2); plan-listing kind = that kind + '-plan'")
KIND_SOURCES_CHECKED = "2026-12-02"

_SOURCED = (
    Kind("saas", "azureSaaS", _L_PI, "azureSaaS-plan", _SUGER),
    Kind("azure-virtual-machine", "azureVM", _S_VM, "azureVM-plan", _S_VM),
    Kind("azure-container", "azureContainer", _L_CT, "azureContainer-plan", _SUGER),
)


def _derived(offer_type: str) -> Kind | None:
    ptype = OFFER_TYPES[offer_type].ingestion
    return Kind(offer_type, ptype, DERIVED, f"{ptype}-plan", DERIVED) if ptype else None


def _kind_table() -> dict[str, Kind]:
    table = {k.offer_type: k for k in _SOURCED}
    for t in OFFER_TYPES:
        if t not in table and (d := _derived(t)) is not None:
            table[t] = d
    return table


# Offer type -> the kinds export writes, sourced or derived. An offer type missing here (Microsoft 365 app) has no
# product `type` at all, so it cannot be exported whatever the option.
KIND_TABLE: dict[str, Kind] = _kind_table()
# The offer types whose kinds a source names (listing kind, plan-listing kind).
KINDS: dict[str, tuple[str, str]] = {k.offer_type: (k.listing, k.plan_listing) for k in _SOURCED}
# Every kind value export may write (sourced and derived), for the provisional schemas.
ALL_LISTING_KINDS = tuple(dict.fromkeys(k.listing for k in KIND_TABLE.values()))
ALL_PLAN_LISTING_KINDS = tuple(dict.fromkeys(k.plan_listing for k in KIND_TABLE.values()))
DERIVED_KINDS = frozenset(v for k in KIND_TABLE.values() if k.derived for v in (k.listing, k.plan_listing))


def kind_note(kind: Kind, plans: bool = True) -> str:
    """One warning for an offer whose kinds are derived: the values, the rule, how to verify them."""
    values = (f"listing/property kind '{kind.listing}' and plan-listing kind '{kind.plan_listing}' are" if plans
              else f"listing/property kind '{kind.listing}' is")
    return (f"{values} derived, not documented: no source (checked {KIND_SOURCES_CHECKED}) names a kind for this "
            f"offer type; rule: "
            f"{DERIVATION_RULE}. Verify before you send: GET resource-tree/<product durable ID> of an existing "
            "offer of this type in Partner Center, then `listingpreview import` that tree: it says which kind the "
            "tree carries and whether it matches")


# reseller.audiences for "Specific partners in the CSP program I select": the schema requires `audiences` but
# declares no item shape for it (reseller-2022-03-01-preview2 declares `previewAudiences`, items {type, id}; the v1
# API's ResellerConfiguration has `tenantIds`). Items are written {type: tenant, id: <partner tenant ID>}, by analogy
# with the plan's privateAudiences: unsourced, so export warns.
RESELLER_AUDIENCE_TYPE = "tenant"
RESELLER_AUDIENCE_NOTE = ("reseller.audiences items are written {type: 'tenant', id: <partner tenant ID>}: the "
                          "reseller schema (2022-03-01-preview2) declares no item shape for `audiences`; verify with a "
                          "resource tree of an offer resold to specific partners")
# reseller.resellerChannelState -> [reseller] resell_through_csps (names.RESELL_THROUGH_CSPS reversed).
RESELLER_STATES = {state: value for value, (_, state) in RESELL_THROUGH_CSPS.items()}

# offer.toml lead_destination -> customer-leads leadDestination (§3).
LEAD_DESTINATIONS = {"azure-table": "table", "azure-blob": "blob", "dynamics-365-customer-engagement": "dynamics",
                     "https-endpoint": "httpsEndpoint", "marketo": "marketo", "salesforce": "salesforce",
                     "referrals-workspace": "none"}

# listing-asset types of the logo slots and screenshots.
LOGO_ASSETS = {"large_logo": "azureLogoLarge", "medium_logo": "azureLogoMedium", "small_logo": "azureLogoSmall",
               "wide_logo": "azureLogoWide"}
SCREENSHOT_ASSET = "azureLogoScreenshot"

# Billing term -> (SaaS price term type, value); payment option -> the same shape ([L-MPO] inference, §3).
TERMS = {"1-month": ("month", 1), "1-year": ("year", 1), "2-year": ("year", 2), "3-year": ("year", 3)}
PAYMENTS = {"monthly": ("month", 1), "annual": ("year", 1)}


def kinds_markdown() -> str:
    """The kind table as Markdown rows (docs/product-ingestion.md holds a copy; a test keeps them equal)."""
    rows = ["| Offer type | product `type` | listing/property `kind` | source (date) | plan-listing `kind` | "
            "source (date) |", "|---|---|---|---|---|---|"]

    def src(s: KindSource) -> str:
        return "**derived** (no source)" if s.status == "derived" else f"{s.status}: {s.source} ({s.date})"

    for t, o in OFFER_TYPES.items():
        k = KIND_TABLE.get(t)
        if k is None:
            rows.append(f"| {o.label} | none | — | not exportable | — | |")
            continue
        rows.append(f"| {o.label} | `{o.ingestion}` | `{k.listing}` | {src(k.listing_source)} | "
                    f"`{k.plan_listing}` | {src(k.plan_listing_source)} |")
    return "\n".join(rows) + "\n"
