"""Removing the demo dataset (`khuyencong demo --reset`): every record of the domain apps, the import runs, the
audit rows, the demo users and the crafts and sectors the load added, so that the demo loads again from nothing.
Only in a database where the demo was loaded; the other catalogue rows and the administrative units stay."""

from django.db import transaction

from khuyencong.accounts.models import User
from khuyencong.core.models import AuditEntry
from khuyencong.demo.generate.workflow import RULE_ITEM
from khuyencong.demo.models import DemoDataset
from khuyencong.demo.users import demo_users
from khuyencong.imports.models import ImportRun
from khuyencong.indicators.models import DataValue, FactsState, IndicatorFact, Target
from khuyencong.portal.models import Article, ArticleImage, ArticleRevision, ArticleVisitorDay, Category, Comment, Tag
from khuyencong.projects.models import (
    AnnualPlan,
    Attachment,
    FundingRule,
    Notification,
    Programme,
    Project,
    ProjectProduct,
    ProjectTransition,
)
from khuyencong.registry.models import (
    Craft,
    CraftVillage,
    CraftVillageYear,
    DuplicateFlag,
    Establishment,
    Product,
    ProductCertificate,
    ProductPhoto,
    Sector,
)
from khuyencong.training.models import (
    CraftTransplant,
    FollowUp,
    PersonalDataAccess,
    Trainee,
    TrainingClass,
    TransplantCheck,
)

# Catalogues the imports extend on first use: the rows a load added go with the demo, the others stay.
CATALOGUES = (Craft, Sector, Category, Tag)
# What the demo writes, referrers first. The catalogues seeded by migrations (funding rules, data elements,
# village criteria…) are not in it.
RECORDS = (
    Comment, ArticleVisitorDay, ArticleImage, ArticleRevision, Article,
    IndicatorFact, FactsState, DataValue, Target,
    PersonalDataAccess, FollowUp, TransplantCheck, Trainee, CraftTransplant, TrainingClass,
    Notification, Attachment, ProjectTransition, ProjectProduct, Project, AnnualPlan, Programme,
    ProductPhoto, ProductCertificate, DuplicateFlag, Product, Establishment, CraftVillageYear, CraftVillage,
    ImportRun, AuditEntry,
)


def has_records() -> bool:
    return any(m.objects.exists() for m in (Establishment, CraftVillage, Project, TrainingClass))


def reset() -> None:
    """Delete the demo, in one transaction; the attachment files after it commits."""
    files = ([a.file for a in Attachment.objects.all()] + [p.file for p in ProductPhoto.objects.all()]
             + [i.file for i in ArticleImage.objects.all()])
    added: dict[str, set] = {}
    for dataset in DemoDataset.objects.all():
        for name, pks in dataset.catalogue_added.items():
            added.setdefault(name, set()).update(pks)
    with transaction.atomic():
        for model in RECORDS:
            model.objects.all().delete()
        FundingRule.objects.filter(item=RULE_ITEM).delete()
        User.objects.filter(username__in=[u[0] for u in demo_users()]).delete()
        for model in CATALOGUES:
            model.objects.filter(pk__in=added.get(model.__name__, ())).delete()
        DemoDataset.objects.all().delete()
    for stored in files:
        stored.delete(save=False)
