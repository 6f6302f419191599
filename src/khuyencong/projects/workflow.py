"""The life of a khuyến công project (đề án), declared as data. Read it as a table:

    from state(s)  →  action (label)  →  to state   |  who may do it  |  what it requires

The service `services.project_transition` is driven entirely by this table; the README prints it;
`tests/projects/test_workflow_table.py` walks every transition × every role.

Roles: local officers create and submit drafts for their units; centre staff appraise and record
progress; approvers approve, reject, accept, settle and stop; viewers read. Administrators manage
users and funding rules but fire no transition (separation of duties: the person who edits the caps
does not approve against them).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.accounts.models import Role
from khuyencong.projects.models import AttachmentKind
from khuyencong.projects.models import ProjectState as S

LOCAL = Role.LOCAL_OFFICER
CENTRE = Role.CENTRE_STAFF
APPROVER = Role.APPROVER

STATES = list(S)
# States in which nothing more happens.
FINAL_STATES = {S.SETTLED, S.REJECTED, S.STOPPED, S.CANCELLED}
# States in which the project counts against the plan's ceiling and the caps.
FUNDED_STATES = {S.APPROVED, S.IN_PROGRESS, S.CHANGE_REQUESTED, S.ACCEPTED, S.SETTLED}
# States in which the proposer may still edit the project's fields.
EDITABLE_STATES = {S.DRAFT, S.RETURNED}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    # Fields that must be given with the transition (they are written onto the project).
    fields: tuple[str, ...] = ()
    # Fields that may be given (written onto the project when present).
    optional_fields: tuple[str, ...] = ()
    # Fields that must already be filled on the project (by the proposer) before firing.
    project_fields: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    comment_required: bool = False
    # Who sees the project in their "việc cần làm" inbox while it waits for this transition.
    inbox_roles: tuple[str, ...] | None = None
    # Date field set to the day of the transition when the user gives none.
    stamps: str | None = None
    help: str = ""
    checks: tuple[str, ...] = field(default=())

    @property
    def waiting_roles(self) -> tuple[str, ...]:
        return self.roles if self.inbox_roles is None else self.inbox_roles


TRANSITIONS: list[Transition] = [
    Transition(
        "submit", _("Nộp đề án"), (S.DRAFT, S.RETURNED), S.SUBMITTED, (LOCAL, CENTRE),
        project_fields=("estimated_cost", "requested_funds", "no_other_support"),
        attachments=(AttachmentKind.REQUEST_LETTER, AttachmentKind.BUDGET_ESTIMATE),
        inbox_roles=(LOCAL,), stamps="submitted_on",
        help=_("Cần đơn đề nghị, dự toán và cam kết chưa nhận hỗ trợ ngân sách khác cho cùng nội dung."),
        checks=("requested_within_cost",),
    ),
    Transition(
        "cancel", _("Huỷ đề án"), (S.DRAFT, S.RETURNED), S.CANCELLED, (LOCAL, CENTRE),
        comment_required=True, inbox_roles=(),
    ),
    Transition(
        "start_appraisal", _("Nhận thẩm định"), (S.SUBMITTED,), S.UNDER_APPRAISAL, (CENTRE,),
    ),
    Transition(
        "return", pgettext_lazy("thao tác", "Trả lại để sửa"), (S.SUBMITTED, S.UNDER_APPRAISAL), S.RETURNED,
        (CENTRE, APPROVER), comment_required=True, inbox_roles=(),
    ),
    Transition(
        "approve", _("Phê duyệt"), (S.UNDER_APPRAISAL,), S.APPROVED, (APPROVER,),
        fields=("approval_decision", "approved_on", "approved_funds"),
        optional_fields=("priority", "priority_reason", "machinery_condition", "ceiling_override_reason"),
        attachments=(AttachmentKind.APPRAISAL_SHEET,),
        help=_("Cần số, ngày quyết định và kinh phí được duyệt; không vượt định mức và kinh phí đề nghị; "
               "có cam kết chưa nhận hỗ trợ khác; máy móc phải là máy mới; hội chợ nước ngoài trong giới hạn số lần."),
        checks=("commitment_given", "approved_within_request", "approved_within_cap", "plan_ceiling",
                "approved_after_submitted", "machinery_is_new", "overseas_fair_limit"),
    ),
    Transition(
        "reject", pgettext_lazy("thao tác", "Không phê duyệt"), (S.SUBMITTED, S.UNDER_APPRAISAL), S.REJECTED,
        (APPROVER,), comment_required=True, inbox_roles=(),
    ),
    Transition(
        "start", _("Bắt đầu thực hiện"), (S.APPROVED,), S.IN_PROGRESS, (CENTRE,),
        optional_fields=("advances_paid",), checks=("advances_within_limit",),
    ),
    Transition(
        "report_progress", _("Cập nhật tiến độ, tạm ứng"), (S.IN_PROGRESS,), S.IN_PROGRESS, (CENTRE,),
        fields=("progress_percent",), optional_fields=("advances_paid",), inbox_roles=(),
        checks=("advances_within_limit",),
    ),
    Transition(
        "request_change", pgettext_lazy("thao tác", "Đề nghị điều chỉnh"), (S.APPROVED, S.IN_PROGRESS),
        S.CHANGE_REQUESTED, (LOCAL, CENTRE), optional_fields=("requested_funds",), comment_required=True,
        inbox_roles=(),
        help=_("Bổ sung kinh phí (ghi kinh phí đề nghị mới), đổi địa điểm hoặc đơn vị thụ hưởng: cần phê duyệt lại."),
        checks=("requested_within_cost",),
    ),
    Transition(
        "approve_change", _("Phê duyệt điều chỉnh"), (S.CHANGE_REQUESTED,), S.IN_PROGRESS, (APPROVER,),
        fields=("approval_decision", "approved_on", "approved_funds"),
        optional_fields=("priority", "priority_reason", "machinery_condition", "ceiling_override_reason"),
        checks=("commitment_given", "approved_within_request", "approved_within_cap", "plan_ceiling",
                "approved_after_submitted", "machinery_is_new", "overseas_fair_limit"),
    ),
    Transition(
        "reject_change", _("Không chấp thuận điều chỉnh"), (S.CHANGE_REQUESTED,), S.IN_PROGRESS, (APPROVER,),
        comment_required=True,
    ),
    Transition(
        "accept", _("Nghiệm thu"), (S.IN_PROGRESS,), S.ACCEPTED, (APPROVER,),
        fields=("accepted_on", "jobs_created"),
        optional_fields=("actual_trainees", "actual_designs", "actual_machines"),
        attachments=(AttachmentKind.ACCEPTANCE_MINUTES,),
        help=_("Cần ngày nghiệm thu, biên bản nghiệm thu và kết quả thực tế."),
        checks=("accepted_after_approved",),
    ),
    Transition(
        "settle", _("Quyết toán"), (S.ACCEPTED,), S.SETTLED, (APPROVER,),
        fields=("settled_on", "settled_funds"), optional_fields=("settlement_decision",),
        attachments=(AttachmentKind.SETTLEMENT,),
        help=_("Kinh phí quyết toán không vượt kinh phí được duyệt; số phải nộp lại = đã tạm ứng − quyết toán."),
        checks=("settled_within_approved", "settled_after_accepted"),
    ),
    Transition(
        "stop", pgettext_lazy("thao tác", "Dừng thực hiện"), (S.APPROVED, S.IN_PROGRESS, S.CHANGE_REQUESTED),
        S.STOPPED, (APPROVER,),
        comment_required=True, inbox_roles=(),
    ),
]

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def waiting_states(role: str) -> set[str]:
    """The states in which a project waits for someone holding `role` (for the inbox)."""
    return {s for t in TRANSITIONS if role in t.waiting_roles for s in t.sources}


def roles_to_notify(state: str) -> set[str]:
    return {r for t in transitions_from(state) for r in t.waiting_roles}
