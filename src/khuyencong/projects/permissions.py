"""can_<action>(user, project) -> (allowed, reason). One per workflow transition, generated from the table."""

from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import ALLOWED, Decision, has_role, require_role
from khuyencong.accounts.scoping import is_visible
from khuyencong.projects.models import Project, ProjectState
from khuyencong.projects.workflow import BY_NAME, EDITABLE_STATES, FINAL_STATES, Transition

PROPOSERS = (Role.LOCAL_OFFICER, Role.CENTRE_STAFF)
ACTORS = (Role.LOCAL_OFFICER, Role.CENTRE_STAFF, Role.APPROVER)


def _roles_label(roles) -> str:
    return ", ".join(str(Role(r).label) for r in roles)


def can_transition(user, project: Project, transition: Transition) -> Decision:
    """Role first, then scope through that role, then the state. Required data is checked on firing."""
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


def can(user, project: Project, name: str) -> Decision:
    return can_transition(user, project, BY_NAME[name])


# can_submit, can_approve, … one per transition, as the design asks.
for _name in BY_NAME:
    globals()[f"can_{_name}"] = (lambda n: lambda user, project: can(user, project, n))(_name)


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


def can_attach(user, project: Project) -> Decision:
    allowed, reason = require_role(user, *ACTORS, action=_("đính kèm tài liệu"))
    if not allowed:
        return allowed, reason
    if not is_visible(user, project, roles=ACTORS):
        return False, _("Đề án không thuộc địa bàn bạn được giao.")
    if project.state in FINAL_STATES:
        return False, _("Đề án đã kết thúc: không đính kèm thêm tài liệu.")
    if has_role(user, Role.LOCAL_OFFICER) and not has_role(user, Role.CENTRE_STAFF, Role.APPROVER) \
            and project.state not in EDITABLE_STATES | {ProjectState.APPROVED, ProjectState.IN_PROGRESS}:
        return False, _("Cán bộ địa phương đính kèm tài liệu khi lập đề án hoặc khi đang thực hiện.")
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
