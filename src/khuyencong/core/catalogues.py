"""Catalogues named as people write them (crafts: "mây tre đan", "Gốm sứ"): one spelling rule, one resolver.

A catalogue model has `name` and a unique `folded_name` (diacritics and case removed), so "gom su",
"Gốm Sứ" and "gốm  sứ" are one entry. Whatever form adds an entry (a form, a service, an import), it is
stored in one case: the first letter capital, the rest as typed ("Mây tre đan"; a place name in a craft keeps
its capitals: "Gốm Bát Tràng").
"""

from django.utils.text import capfirst

from khuyencong.core.text import fold


def catalogue_name(raw) -> str:
    """The stored spelling of a catalogue entry: spaces collapsed, the first letter capital."""
    return capfirst(" ".join(str(raw or "").split()))


def resolve_by_name(model, raw):
    """(entry, created) for a name as typed; None, False for an empty name."""
    name = catalogue_name(raw)
    if not name:
        return None, False
    return model.objects.get_or_create(folded_name=fold(name), defaults={"name": name})


def find_by_name(model, raw):
    """The entry for a name as typed, or None; nothing is added (for checks before saving)."""
    name = catalogue_name(raw)
    return model.objects.filter(folded_name=fold(name)).first() if name else None
