"""Time the training list queries at scale: classes with rosters and follow-ups, bulk-created.

    DATABASE_URL=sqlite:////tmp/kc-bench.sqlite3 PYTHONPATH=src \
        python benchmarks/training_rates.py [classes] [per_class]

Prints the time of one class-list page with its rates and of the follow-ups-due first page.
"""

import datetime
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from khuyencong.accounts.services.users import user_add  # noqa: E402
from khuyencong.geo.models import AdminUnit  # noqa: E402
from khuyencong.training.models import FollowUp, Trainee, TrainingClass  # noqa: E402
from khuyencong.training.selectors import class_list, class_rates, follow_ups_due  # noqa: E402
from khuyencong.training.services.classes import add_months, craft_for_name  # noqa: E402


def timed(label, fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<45} {best * 1000:8.1f} ms")


def main(classes: int, per_class: int) -> None:
    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        call_command("load_units", verbosity=0)
    user = user_add(username="bench", role="centre_staff", unit_code="01", password="x" * 12).user
    if not TrainingClass.objects.filter(code__startswith="B-").exists():
        rng = random.Random(1)
        communes = list(AdminUnit.objects.filter(hierarchy="current", level="commune", province__code="01"))
        craft = craft_for_name("mây tre đan")
        started = time.perf_counter()
        objs = []
        for i in range(classes):
            start = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
            end = start + datetime.timedelta(days=60)
            commune = rng.choice(communes)
            objs.append(TrainingClass(code=f"B-{i:06d}", kind="truyen_nghe", craft=craft, commune=commune,
                                      current_commune=commune, start_date=start, end_date=end,
                                      follow_up_due_on=add_months(end, 6)))
        TrainingClass.objects.bulk_create(objs, batch_size=2000)
        ids = list(TrainingClass.objects.filter(code__startswith="B-").values_list("pk", "end_date"))
        trainees = [Trainee(training_class_id=pk, full_name=f"Học viên {j}", completed=j % 10 != 0)
                    for pk, _end in ids for j in range(per_class)]
        Trainee.objects.bulk_create(trainees, batch_size=5000)
        ends = dict(ids)
        follow = [FollowUp(trainee_id=t, date=ends[c] + datetime.timedelta(days=200), employed=t % 5 != 0)
                  for t, c in Trainee.objects.filter(completed=True).values_list("pk", "training_class_id")
                  if t % 3]
        FollowUp.objects.bulk_create(follow, batch_size=5000)
        print(f"{classes} classes, {len(trainees)} trainees, {len(follow)} follow-ups in "
              f"{time.perf_counter() - started:.1f} s ({connection.vendor})")

    def list_page():
        rows = list(class_list(user=user)[:51])
        class_rates(c.pk for c in rows[:50])

    timed("class list page (50) with rates", list_page)
    timed("follow-ups due, first page (50)", lambda: list(follow_ups_due(user=user)[:51]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, int(sys.argv[2]) if len(sys.argv) > 2 else 30)
