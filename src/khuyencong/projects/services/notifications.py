"""After a transition commits: tell the users who must act next (in-app notifications); mark them read."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import RoleAssignment
from khuyencong.accounts.scoping import is_visible
from khuyencong.projects.models import Notification, ProjectTransition
from khuyencong.projects.workflow import WORKFLOW


def users_to_notify(project, *, exclude=None) -> list:
    roles = WORKFLOW.roles_to_notify(project.state)
    users = {}
    for assignment in RoleAssignment.objects.filter(role__in=roles, user__is_active=True).select_related("user"):
        user = assignment.user
        if user.pk in users or (exclude is not None and user.pk == exclude.pk):
            continue
        if is_visible(user, project, roles=[assignment.role]):
            users[user.pk] = user
    if project.created_by_id and (exclude is None or project.created_by_id != exclude.pk):
        users.setdefault(project.created_by_id, project.created_by)
    return list(users.values())


def notify_after_transition(transition_id: int) -> int:
    row = ProjectTransition.objects.select_related("project", "actor", "project__created_by").get(pk=transition_id)
    project = row.project
    message = _("%(code)s: %(from)s → %(to)s (%(who)s)") % {
        "code": project.code, "from": row.get_from_state_display(), "to": row.get_to_state_display(),
        "who": row.actor or "—"}
    notices = [Notification(user=u, project=project, message=message[:300])
               for u in users_to_notify(project, exclude=row.actor)]
    Notification.objects.bulk_create(notices)
    return len(notices)


@transaction.atomic
def notifications_mark_read(*, user) -> int:
    """Mark the user's unread notifications read. Not audited: a read mark is the user's own view of their
    inbox, like a session; the transitions the notifications point to are audited where they happen."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
