"""Every write to the registry: one transaction each, with an audit row (old → new)."""

from khuyencong.registry.services.duplicates import (
    DUPLICATE_THRESHOLD,
    DuplicateCandidate,
    duplicate_dismiss,
    duplicates_find,
    duplicates_flag,
    duplicates_likely,
    establishment_merge,
)
from khuyencong.registry.services.establishments import (
    establishment_check,
    establishment_create,
    establishment_update,
    tax_code_check,
    tax_code_normalize,
    tax_code_problem,
)
from khuyencong.registry.services.products import (
    certificate_add,
    ocop_stars_for,
    product_create,
    product_update,
    typical_rule_for,
)
from khuyencong.registry.services.villages import (
    craft_for_name,
    crafts_resolve,
    village_check,
    village_create,
    village_default_coordinates,
    village_update,
    village_year_upsert,
)

__all__ = [
    "DUPLICATE_THRESHOLD", "DuplicateCandidate", "certificate_add", "craft_for_name", "crafts_resolve",
    "duplicate_dismiss", "duplicates_find", "duplicates_flag", "duplicates_likely", "establishment_check",
    "establishment_create", "establishment_merge", "establishment_update", "ocop_stars_for", "product_create",
    "product_update", "tax_code_check", "tax_code_normalize", "tax_code_problem", "typical_rule_for",
    "village_check", "village_create", "village_default_coordinates", "village_update", "village_year_upsert",
]
