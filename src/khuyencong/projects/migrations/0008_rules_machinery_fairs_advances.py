"""Approval rules as data: the 2014 advance cap (70%, TTLT 26/2014 Điều 8.2.b) on the 2014 rules, and
the overseas-fair limit (at most 2 times a year per establishment, TT 46/2012/TT-BCT Điều 4) as a rule row
that caps a count, not an amount (funding.rules_for leaves it out of the cap look-up)."""

import datetime

import django.core.validators
from django.db import migrations, models

BASIS_2014 = "TTLT 26/2014/TTLT-BTC-BCT (18/02/2014)"
FAIR_ITEM = "Cơ sở CNNT tham gia hội chợ triển lãm ở nước ngoài"
FAIR_BASIS = "TT 46/2012/TT-BCT, Điều 4"


def seed(apps, schema_editor):
    FundingRule = apps.get_model("projects", "FundingRule")
    FundingRule.objects.filter(legal_basis=BASIS_2014, historical=True).update(max_advance_percent=70)
    FundingRule.objects.get_or_create(
        activity="products", item=FAIR_ITEM, legal_basis=FAIR_BASIS, valid_from=datetime.date(2014, 4, 8),
        defaults={"amount_basis": "beneficiary", "max_times_per_year": 2, "priority_multiplier": "1",
                  "historical": False,
                  "note": "Giới hạn số lần: tối đa 2 lần/năm/cơ sở (TT 46/2012/TT-BCT, Điều 4). Không phải định mức "
                          "kinh phí (TTLT 26/2014 cho hỗ trợ 100% chi phí niêm yết)."},
    )


def unseed(apps, schema_editor):
    apps.get_model("projects", "FundingRule").objects.filter(item=FAIR_ITEM, legal_basis=FAIR_BASIS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0007_trigram_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='fundingrule',
            name='max_advance_percent',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Ví dụ: 70% theo TTLT 26/2014, Điều 8.2.b.', max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='tạm ứng tối đa (% kinh phí được duyệt)'),
        ),
        migrations.AddField(
            model_name='fundingrule',
            name='max_times_per_year',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Ví dụ: hội chợ, triển lãm ở nước ngoài tối đa 2 lần/năm/cơ sở (TT 46/2012/TT-BCT, Điều 4).', null=True, verbose_name='số lần hỗ trợ tối đa mỗi năm cho mỗi cơ sở'),
        ),
        migrations.AddField(
            model_name='project',
            name='machinery_condition',
            field=models.CharField(blank=True, choices=[('new', 'máy móc, thiết bị mới'), ('used', 'máy móc, thiết bị đã qua sử dụng'), ('none', 'đề án không hỗ trợ máy móc, thiết bị')], help_text='Nội dung ứng dụng máy móc: chỉ hỗ trợ máy móc, thiết bị mới.', max_length=8, verbose_name='tình trạng máy móc được hỗ trợ'),
        ),
        migrations.AddField(
            model_name='project',
            name='overseas_fair',
            field=models.BooleanField(default=False, verbose_name='hỗ trợ tham gia hội chợ, triển lãm ở nước ngoài'),
        ),
        migrations.RunPython(seed, unseed),
    ]
