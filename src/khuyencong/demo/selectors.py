import hashlib

from khuyencong.demo.models import DemoDataset
from khuyencong.indicators.models import DataValue, Target
from khuyencong.projects.models import Project
from khuyencong.registry.models import CraftVillage, CraftVillageYear, Establishment, Product
from khuyencong.training.models import CraftTransplant, FollowUp, Trainee, TrainingClass


def demo_loaded() -> bool:
    """Whether the demo dataset is in this database (one indexed query)."""
    return DemoDataset.objects.exists()


def demo_dataset() -> DemoDataset | None:
    return DemoDataset.objects.order_by("-pk").first()


def dataset_checksum() -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of their content)} over what the demo loads, without ids and timestamps: two loads
    with the same seed give the same answer (on the same day: this year's projects are dated today)."""
    tables = {
        "villages": CraftVillage.objects.values_list("code", "name", "commune__code", "recognition",
                                                     "recognition_year").order_by("code"),
        "village_years": CraftVillageYear.objects.values_list("village__code", "year", "households",
                                                              "craft_households", "workers", "production_value")
        .order_by("village__code", "year"),
        "establishments": Establishment.objects.values_list("code", "name", "kind", "commune__code", "tax_code",
                                                            "craft_village__code", "workers").order_by("code"),
        "products": Product.objects.values_list("code", "name", "establishment__code", "is_new_design",
                                                "design_date").order_by("code"),
        "projects": Project.objects.values_list("code", "title", "state", "commune__code", "accepted_on",
                                                "approved_funds", "settled_funds", "jobs_created").order_by("code"),
        "beneficiaries": Project.beneficiaries.through.objects.values_list("project__code", "establishment__code")
        .order_by("project__code", "establishment__code"),
        "classes": TrainingClass.objects.values_list("code", "kind", "commune__code", "start_date", "end_date",
                                                     "project__code", "village__code", "cost").order_by("code"),
        "trainees": Trainee.objects.values_list("training_class__code", "full_name", "birth_year", "gender",
                                                "id_number", "completed").order_by("training_class__code",
                                                                                   "id_number"),
        "follow_ups": FollowUp.objects.values_list("trainee__id_number", "employed").order_by("trainee__id_number",
                                                                                              "date", "pk"),
        "transplants": CraftTransplant.objects.values_list("village__code", "craft__name", "year", "project__code")
        .order_by("village__code", "year"),
        "data_values": DataValue.objects.values_list("element__code", "unit__hierarchy", "year", "value", "state")
        .order_by("element__code", "unit__hierarchy", "year"),
        "targets": Target.objects.values_list("indicator", "start_year", "end_year", "low", "high")
        .order_by("indicator", "start_year"),
    }
    out = {}
    for name, rows in tables.items():
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
            count += 1
        out[name] = (count, digest.hexdigest())
    return out
