"""The product → project link moved to projects.ProjectProduct (a lower app's model never points up)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_trigram_search'),
        # the links were copied to projects.ProjectProduct first
        ('projects', '0009_project_products'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='product',
            name='project',
        ),
    ]
