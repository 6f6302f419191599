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
from khuyencong.registry.services.listing import establishment_listing_set, public_phone_problem
from khuyencong.registry.services.photos import image_check, product_photo_add, product_photo_remove
from khuyencong.registry.services.products import (
    certificate_add,
    ocop_stars_for,
    product_create,
    product_update,
    typical_rule_for,
)
from khuyencong.registry.services.villages import (
    clean_description,
    craft_for_name,
    crafts_resolve,
    village_check,
    village_create,
    village_default_coordinates,
    village_update,
    village_year_upsert,
)

__all__ = [
    "DUPLICATE_THRESHOLD", "DuplicateCandidate", "certificate_add", "clean_description", "craft_for_name",
    "crafts_resolve", "duplicate_dismiss", "duplicates_find", "duplicates_flag", "duplicates_likely",
    "establishment_check", "establishment_create", "establishment_listing_set", "establishment_merge",
    "establishment_update", "image_check", "ocop_stars_for", "product_create", "product_photo_add",
    "product_photo_remove", "product_update", "public_phone_problem", "tax_code_check", "tax_code_normalize",
    "tax_code_problem", "typical_rule_for", "village_check", "village_create", "village_default_coordinates",
    "village_update", "village_year_upsert",
]
