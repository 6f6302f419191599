"""What training adds to the projects app: the project page's classes and transplants, and the actual trainees
an acceptance form is pre-filled with. Registered from TrainingConfig.ready()."""

from khuyencong.core.extensions import register_section
from khuyencong.projects.extensions import acceptance_trainees
from khuyencong.training.selectors import project_actual_trainees, project_training_outputs


@acceptance_trainees.register
def _completing_trainees(project) -> int | None:
    if not project.training_classes.exists():
        return None
    return project_actual_trainees(project)


register_section(
    "projects.project_detail", template="training/_project_outputs.html",
    context=lambda request, project: {
        "project": project, "outputs": project_training_outputs(project, user=getattr(request, "user", None))},
)
