"""Products made under a project: the link moves here from registry.Product.project."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Product = apps.get_model("registry", "Product")
    ProjectProduct = apps.get_model("projects", "ProjectProduct")
    ProjectProduct.objects.bulk_create(
        [ProjectProduct(product_id=pk, project_id=project)
         for pk, project in Product.objects.filter(project__isnull=False).values_list("pk", "project_id")],
        batch_size=2000,
    )


def copy_back(apps, schema_editor):
    Product = apps.get_model("registry", "Product")
    for link in apps.get_model("projects", "ProjectProduct").objects.all():
        Product.objects.filter(pk=link.product_id).update(project_id=link.project_id)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0008_rules_machinery_fairs_advances'),
        ('registry', '0004_trigram_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProjectProduct',
            fields=[
                ('product', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='project_link', serialize=False, to='registry.product', verbose_name='sản phẩm')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='product_links', to='projects.project', verbose_name='đề án')),
            ],
            options={
                'verbose_name': 'sản phẩm của đề án',
                'verbose_name_plural': 'sản phẩm của đề án',
            },
        ),
        migrations.RunPython(copy_links, copy_back),
    ]
