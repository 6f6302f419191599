"""can_<action>(user, project) -> (allowed, reason). Every workflow step goes through one function,
`can_transition(user, project, name)`, which reads the step's row in workflow.py."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import ALLOWED, Decision, has_role, require_role
from khuyencong.accounts.scoping import is_visible
from khuyencong.projects.models import Project, ProjectState
from khuyencong.projects.states import EDITABLE_STATES
from khuyencong.projects.workflow import WORKFLOW, Workflow

PROPOSERS = (Role.LOCAL_OFFICER, Role.CENTRE_STAFF)
ACTORS = (Role.LOCAL_OFFICER, Role.CENTRE_STAFF, Role.APPROVER)


def _roles_label(roles) -> str:
    return ", ".join(str(Role(r).label) for r in roles)


def can_transition(user, project: Project, name: str, *, workflow: Workflow = WORKFLOW) -> Decision:
    """May `user` fire the step `name` on `project`? Role first, then scope through that role, then the state.
    Required data, documents and business rules are checked when the step is fired."""
    transition = workflow.get(name)
    if transition is None:
        return False, _("Thao tác “%s” không có trong quy trình.") % name
    if not has_role(user, *transition.roles):
        return False, _("Chỉ %(roles)s được %(action)s.") % {
            "roles": _roles_label(transition.roles), "action": str(transition.label).lower()}
    if not is_visible(user, project, roles=transition.roles):
        return False, _("Đề án không thuộc địa bàn bạn được giao với vai trò %(roles)s.") % {
            "roles": _roles_label(transition.roles)}
    if project.state not in transition.sources:
        return False, _("Đề án đang ở trạng thái “%(state)s”: chỉ %(action)s khi ở trạng thái %(sources)s.") % {
            "state": project.get_state_display(), "action": str(transition.label).lower(),
            "sources": ", ".join(f"“{ProjectState(s).label}”" for s in transition.sources)}
    return ALLOWED


def can_create(user, obj=None) -> Decision:
    return require_role(user, *PROPOSERS, action=_("lập đề án"))


def can_edit(user, project: Project) -> Decision:
    allowed, reason = require_role(user, *PROPOSERS, action=_("sửa đề án"))
    if not allowed:
        return allowed, reason
    if not is_visible(user, project, roles=PROPOSERS):
        return False, _("Đề án không thuộc địa bàn bạn được giao.")
    if project.state not in EDITABLE_STATES:
        return False, _("Chỉ sửa được đề án ở trạng thái Dự thảo hoặc Trả lại để sửa.")
    return ALLOWED


def can_attach(user, project: Project, *, workflow: Workflow = WORKFLOW) -> Decision:
    """Documents are added by whoever a step waiting in the project's state names as its uploaders."""
    allowed, reason = require_role(user, *ACTORS, action=_("đính kèm tài liệu"))
    if not allowed:
        return allowed, reason
    if not workflow.transitions_from(project.state):
        return False, _("Đề án đã kết thúc: không đính kèm thêm tài liệu.")
    roles = [r for r in ACTORS if r in workflow.uploaders(project.state)]
    if not has_role(user, *roles):
        return False, _("Ở trạng thái “%(state)s”, chỉ %(roles)s đính kèm tài liệu.") % {
            "state": project.get_state_display(), "roles": _roles_label(roles)}
    if not is_visible(user, project, roles=roles):
        return False, _("Đề án không thuộc địa bàn bạn được giao.")
    return ALLOWED


def can_remove_attachment(user, attachment) -> Decision:
    """A wrong upload is removed by its uploader or Centre staff, while the project can still be edited."""
    project = attachment.project
    allowed, reason = require_role(user, *ACTORS, action=_("gỡ tài liệu đính kèm"))
    if not allowed:
        return allowed, reason
    if not is_visible(user, project, roles=ACTORS):
        return False, _("Đề án không thuộc địa bàn bạn được giao.")
    if attachment.removed_at is not None:
        return False, _("Tài liệu “%(name)s” đã được gỡ.") % {"name": attachment.original_name}
    if project.state not in EDITABLE_STATES:
        return False, _("Chỉ gỡ được tài liệu khi đề án ở trạng thái Dự thảo hoặc Trả lại để sửa.")
    if attachment.uploaded_by_id != user.pk and not has_role(user, Role.CENTRE_STAFF):
        return False, _("Chỉ người tải lên (%(user)s) hoặc Cán bộ Trung tâm được gỡ tài liệu này.") % {
            "user": attachment.uploaded_by or "—"}
    return ALLOWED


def can_export(user, obj=None) -> Decision:
    return require_role(user, *Role.values, action=_("xuất danh sách"))
