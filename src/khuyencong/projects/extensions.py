"""What projects adds to lower apps' pages, and the extension points it offers to higher apps.

Registered from ProjectsConfig.ready(): the establishment page lists the projects it benefited from, and the
product page names the project it was made under (the link lives in projects).
"""

from khuyencong.core.extensions import Hook, register_section
from khuyencong.projects.selectors import establishment_projects, product_project

# acceptance_trainees(project) -> int | None: the actual trainees an acceptance form is pre-filled with
# (the training app answers the completing trainees of the project's classes).
acceptance_trainees = Hook("projects.acceptance_trainees")


register_section(
    "registry.establishment_detail", template="projects/_establishment_projects.html",
    context=lambda request, est: {
        "projects": establishment_projects(user=getattr(request, "user", None), establishment=est)},
)
register_section(
    "registry.product_detail", template="projects/_product_project.html",
    context=lambda request, product: {"project": product_project(user=getattr(request, "user", None), product=product)},
)
