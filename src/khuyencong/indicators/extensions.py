"""What the indicators app adds to lower apps, registered from IndicatorsConfig.ready():

- the home page's indicator tiles (slot "core.home"), computed by the engine;
- keeping the aggregate tables fresh: after an import or a project transition (`core.extensions.records_changed`)
  and after any saved or deleted source record (Django signals: they only mark the tables stale and queue a
  refresh after the commit; no rule lives in them);
- the data-quality scan, queued the same way after the same changes and after a reported value changes;
- the open data-quality flags of a record on its page (slots "projects.project_detail", "training.class_detail",
  "registry.village_detail").
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from khuyencong.core.extensions import records_changed, register_section
from khuyencong.indicators import facts, quality
from khuyencong.indicators.models import DataValue
from khuyencong.indicators.selectors import home_tiles, record_flags_section
from khuyencong.projects.models import Project
from khuyencong.registry.models import CraftVillage, CraftVillageYear, Establishment, Product
from khuyencong.training.models import CraftTransplant, FollowUp, Trainee, TrainingClass, TransplantCheck

SOURCE_MODELS = (Project, Establishment, CraftVillage, CraftVillageYear, Product, TrainingClass, Trainee, FollowUp,
                 CraftTransplant, TransplantCheck)

records_changed.register(facts.mark_changed)
records_changed.register(quality.mark_changed)
for model in SOURCE_MODELS:
    post_save.connect(facts.mark_changed, sender=model, dispatch_uid=f"indicators.saved.{model.__name__}")
    post_delete.connect(facts.mark_changed, sender=model, dispatch_uid=f"indicators.deleted.{model.__name__}")
# What the data-quality checks read (quality_rules.py)
for model in (Project, CraftVillageYear, TrainingClass, Trainee, FollowUp, DataValue):
    post_save.connect(quality.mark_changed, sender=model, dispatch_uid=f"indicators.quality.saved.{model.__name__}")
    post_delete.connect(quality.mark_changed, sender=model,
                        dispatch_uid=f"indicators.quality.deleted.{model.__name__}")
for through in (Project.beneficiaries.through, CraftVillage.crafts.through):
    m2m_changed.connect(facts.mark_changed, sender=through, dispatch_uid=f"indicators.m2m.{through.__name__}")

register_section("core.home", template="indicators/_home_tiles.html", context=lambda request, user: home_tiles(user))
for slot in ("projects.project_detail", "training.class_detail", "registry.village_detail"):
    register_section(slot, template="indicators/_record_flags.html", context=record_flags_section, order=10)
