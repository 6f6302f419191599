from django import template

from khuyencong.training.selectors import project_training_outputs

register = template.Library()


@register.simple_tag
def training_outputs(project):
    """The classes (with their rates) and transplants a project produced: see _project_outputs.html."""
    return project_training_outputs(project)


@register.filter
def rate_of(rates, pk):
    return rates.get(pk)
