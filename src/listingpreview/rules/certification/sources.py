"""Where the certification rules come from: document, section and the date of the version read.

``[AD] x.md`` is MicrosoftDocs/azure-docs ``articles/marketplace/x.md``, as in :mod:`..limits`.
"""

from __future__ import annotations

POLICIES = ("Commercial marketplace certification policies v1.67 "
            "(learn.microsoft.com/legal/marketplace/certification-policies)")
POLICIES_DATE = "2024-08-26"
POLICIES_2022 = "certification policies v1.33 (docs.azure.cn/en-us/legal/marketplace/certification-policies)"
POLICIES_2022_DATE = "2022-05-20"


def policy(section: str) -> str:
    """Citation of one section of the newest certification policies read."""
    return f"{POLICIES} §{section} ({POLICIES_DATE})"


LOGO_GUIDANCE = ("[AD] includes/graphics-suggestions.md (2020-07-24); plan-consulting-service-offer.md (2021-11-30); "
                 "Dutch create-managed-service-offer.md, 'Marketplace-logo's' (2020-04-08)")
LISTING_CRITERIA = "[AD] marketplace-criteria-content-validation.md (2022-07-19)"
CONSULTING = "[AD] plan-consulting-service-offer.md (2021-11-30)"
TEAMS_DETAIL_PAGE = "MicrosoftDocs/msteams-docs …/appsource/prepare/detail-page-checklist.md (undated)"
RFC_RESERVED = "RFC 2606 and RFC 6761 (reserved example and test names)"
LANGUAGE_2024 = ("MicrosoftDocs/fabric-docs publish-workload-requirements.md citing policy §100.1.3 "
                 "(start or end: 'This application is available in <languages>')")
