"""Removing the demo dataset (`khuyencong demo --reset`): every record of the domain apps, the import runs, the
audit rows and the demo users, so that the demo loads again from nothing. Only in a database where the demo was
loaded; the catalogues (crafts, sectors, data elements) and the administrative units stay."""

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError

from khuyencong.accounts.models import User
from khuyencong.demo.models import DemoDataset
from khuyencong.demo.users import demo_users
from khuyencong.projects.models import Attachment, Project
from khuyencong.registry.models import CraftVillage, Establishment
from khuyencong.training.models import TrainingClass

# app label: models kept (catalogues seeded by migrations)
APPS = {"indicators": {"DataElement"}, "training": set(), "projects": set(), "registry": {"Sector", "Craft"},
        "imports": set(), "core": set()}


def has_records() -> bool:
    return any(m.objects.exists() for m in (Establishment, CraftVillage, Project, TrainingClass))


def reset() -> int:
    """Delete the demo; the number of tables emptied."""
    files = [a.file for a in Attachment.objects.all()]
    emptied = 0
    with transaction.atomic():
        models = [m for label, kept in APPS.items() for m in apps.get_app_config(label).get_models()
                  if m.__name__ not in kept and not m._meta.proxy]
        for _attempt in range(len(models)):   # PROTECT links: retry what is blocked once its referrers are gone
            blocked = []
            for model in models:
                try:
                    with transaction.atomic():
                        model.objects.all().delete()
                    emptied += 1
                except ProtectedError:
                    blocked.append(model)
            if not blocked:
                break
            models = blocked
        User.objects.filter(username__in=[u[0] for u in demo_users()]).delete()
        DemoDataset.objects.all().delete()
    for stored in files:
        stored.delete(save=False)
    return emptied
