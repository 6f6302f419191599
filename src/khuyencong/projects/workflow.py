"""The life of a khuyến công project (đề án), declared as data. Read it as a table:

    from state(s)  →  action (label)  →  to state   |  who may do it  |  what it asks, requires and does

Everything about a step is on its row: the fields its form asks (and for which projects), what the form
starts with, the documents it needs and who may add documents while the project waits for it, the rules
it checks (`checks.py`), what it does besides changing the state (`effects.py`) and the cards its page
shows. The service `services.projects.project_transition`, the permission `permissions.can_transition`,
the form and the pages all read this table and nothing else; the README prints it;
`tests/projects/test_workflow_table.py` walks every transition × every role.

Roles: local officers create and submit drafts for their units; centre staff appraise and record
progress; approvers approve, reject, accept, settle and stop; viewers read. Administrators manage
users and funding rules but fire no transition (separation of duties: the person who edits the caps
does not approve against them).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.accounts.models import Role
from khuyencong.projects import checks
from khuyencong.projects.conditions import (
    activity_is,
    completed_trainees,
    current_progress,
    plan_has_ceiling,
    requested_funds,
    today,
)
from khuyencong.projects.effects import compute_refund, stamp_today
from khuyencong.projects.models import Activity, AttachmentKind
from khuyencong.projects.models import ProjectState as S
from khuyencong.projects.states import EDITABLE_STATES, FINAL_STATES, FUNDED_STATES, INITIAL_STATE, STATES

LOCAL = Role.LOCAL_OFFICER
CENTRE = Role.CENTRE_STAFF
APPROVER = Role.APPROVER

# Cards a transition's page shows above its form.
CONDITIONS = "conditions"  # the conditions of support: commitment, new machinery, fairs abroad
AMOUNTS = "amounts"        # the amounts against the applicable cap and the plan's ceiling


@dataclass(frozen=True)
class Extra:
    """A value asked with a transition that is not a project field: it is kept on the transition row."""

    label: str
    max_length: int = 300
    help: str = ""


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
    # Values asked with the transition that are not project fields (kept on the transition row).
    extras: Mapping[str, Extra] = field(default_factory=dict)
    # Fields asked only for the projects a condition holds for (e.g. machinery only for its activity).
    asked_when: Mapping[str, Callable] = field(default_factory=dict)
    # What the form's fields start with (otherwise the project's current value).
    prefill: Mapping[str, Callable] = field(default_factory=dict)
    # Fields that must already be filled on the project (by the proposer) before firing.
    project_fields: tuple[str, ...] = ()
    # Documents the project must have when the transition fires.
    attachments: tuple[str, ...] = ()
    # True: the form takes the missing documents. False: the action stays disabled until they are attached.
    upload_on_form: bool = True
    # Who may add documents while the project waits for this transition (default: who may fire it).
    uploaders: tuple[str, ...] | None = None
    comment_required: bool = False
    # Who sees the project in their "việc cần làm" inbox while it waits for this transition.
    inbox_roles: tuple[str, ...] | None = None
    help: str = ""
    checks: tuple[Callable, ...] = ()
    effects: tuple[Callable, ...] = ()
    panels: tuple[str, ...] = ()

    @property
    def waiting_roles(self) -> tuple[str, ...]:
        return self.roles if self.inbox_roles is None else self.inbox_roles

    @property
    def attaching_roles(self) -> tuple[str, ...]:
        return self.roles if self.uploaders is None else self.uploaders

    def asks(self, name: str, project) -> bool:
        """Whether the form asks `name` for this project (and the service accepts it)."""
        condition = self.asked_when.get(name)
        return project is None or condition is None or condition(project)


# Shared by the approval and the approval of a change: the same decision, the same rules.
APPROVAL_FIELDS = ("approval_decision", "approved_on", "approved_funds")
APPROVAL_OPTIONAL = ("priority", "priority_reason", "machinery_condition")
APPROVAL_EXTRAS = {"ceiling_override_reason": Extra(_("Lý do vẫn phê duyệt khi vượt hạn mức kế hoạch"))}
APPROVAL_ASKED_WHEN = {"machinery_condition": activity_is(Activity.TECHNOLOGY),
                       "ceiling_override_reason": plan_has_ceiling}
APPROVAL_PREFILL = {"approved_on": today, "approved_funds": requested_funds}
APPROVAL_CHECKS = (
    checks.commitment_given, checks.approved_within_request, checks.approved_within_cap, checks.plan_ceiling,
    checks.decision_date("approved_on", not_before="submitted_on"), checks.machinery_is_new,
    checks.overseas_fair_limit,
)

TRANSITIONS: list[Transition] = [
    Transition(
        "submit", _("Nộp đề án"), (S.DRAFT, S.RETURNED), S.SUBMITTED, (LOCAL, CENTRE),
        project_fields=("estimated_cost", "requested_funds", "no_other_support"),
        attachments=(AttachmentKind.REQUEST_LETTER, AttachmentKind.BUDGET_ESTIMATE), upload_on_form=False,
        inbox_roles=(LOCAL,),
        help=_("Cần đơn đề nghị, dự toán và cam kết chưa nhận hỗ trợ ngân sách khác cho cùng nội dung."),
        checks=(checks.requested_within_cost,), effects=(stamp_today("submitted_on"),),
    ),
    Transition(
        "cancel", _("Huỷ đề án"), (S.DRAFT, S.RETURNED), S.CANCELLED, (LOCAL, CENTRE),
        comment_required=True, inbox_roles=(),
    ),
    Transition(
        "start_appraisal", _("Nhận thẩm định"), (S.SUBMITTED,), S.UNDER_APPRAISAL, (CENTRE,),
        panels=(CONDITIONS,),
    ),
    Transition(
        "return", pgettext_lazy("thao tác", "Trả lại để sửa"), (S.SUBMITTED, S.UNDER_APPRAISAL), S.RETURNED,
        (CENTRE, APPROVER), comment_required=True, inbox_roles=(), panels=(CONDITIONS,),
    ),
    Transition(
        "approve", _("Phê duyệt"), (S.UNDER_APPRAISAL,), S.APPROVED, (APPROVER,),
        fields=APPROVAL_FIELDS, optional_fields=APPROVAL_OPTIONAL, extras=APPROVAL_EXTRAS,
        asked_when=APPROVAL_ASKED_WHEN, prefill=APPROVAL_PREFILL,
        attachments=(AttachmentKind.APPRAISAL_SHEET,), uploaders=(CENTRE, APPROVER),
        help=_("Cần số, ngày quyết định và kinh phí được duyệt; không vượt định mức và kinh phí đề nghị; "
               "có cam kết chưa nhận hỗ trợ khác; máy móc phải là máy mới; hội chợ nước ngoài trong giới hạn số lần."),
        checks=APPROVAL_CHECKS, panels=(CONDITIONS, AMOUNTS),
    ),
    Transition(
        "reject", pgettext_lazy("thao tác", "Không phê duyệt"), (S.SUBMITTED, S.UNDER_APPRAISAL), S.REJECTED,
        (APPROVER,), comment_required=True, inbox_roles=(), panels=(CONDITIONS,),
    ),
    Transition(
        "start", _("Bắt đầu thực hiện"), (S.APPROVED,), S.IN_PROGRESS, (CENTRE,),
        optional_fields=("advances_paid",), checks=(checks.advances_within_limit,),
    ),
    Transition(
        "report_progress", _("Cập nhật tiến độ, tạm ứng"), (S.IN_PROGRESS,), S.IN_PROGRESS, (CENTRE,),
        fields=("progress_percent",), optional_fields=("advances_paid",), inbox_roles=(),
        prefill={"progress_percent": current_progress},
        checks=(checks.advances_within_limit,),
    ),
    Transition(
        "request_change", pgettext_lazy("thao tác", "Đề nghị điều chỉnh"), (S.APPROVED, S.IN_PROGRESS),
        S.CHANGE_REQUESTED, (LOCAL, CENTRE), optional_fields=("requested_funds",), comment_required=True,
        inbox_roles=(),
        help=_("Bổ sung kinh phí (ghi kinh phí đề nghị mới), đổi địa điểm hoặc đơn vị thụ hưởng: cần phê duyệt lại."),
        checks=(checks.requested_within_cost,),
    ),
    Transition(
        "approve_change", _("Phê duyệt điều chỉnh"), (S.CHANGE_REQUESTED,), S.IN_PROGRESS, (APPROVER,),
        fields=APPROVAL_FIELDS, optional_fields=APPROVAL_OPTIONAL, extras=APPROVAL_EXTRAS,
        asked_when=APPROVAL_ASKED_WHEN, prefill=APPROVAL_PREFILL, uploaders=(CENTRE, APPROVER),
        checks=APPROVAL_CHECKS, panels=(CONDITIONS, AMOUNTS),
    ),
    Transition(
        "reject_change", _("Không chấp thuận điều chỉnh"), (S.CHANGE_REQUESTED,), S.IN_PROGRESS, (APPROVER,),
        comment_required=True,
    ),
    Transition(
        "accept", _("Nghiệm thu"), (S.IN_PROGRESS,), S.ACCEPTED, (APPROVER,),
        fields=("accepted_on", "jobs_created"),
        optional_fields=("actual_trainees", "actual_designs", "actual_machines"),
        prefill={"accepted_on": today, "actual_trainees": completed_trainees},
        attachments=(AttachmentKind.ACCEPTANCE_MINUTES,), uploaders=(CENTRE, APPROVER),
        help=_("Cần ngày nghiệm thu, biên bản nghiệm thu và kết quả thực tế."),
        checks=(checks.decision_date("accepted_on", not_before="approved_on"),),
    ),
    Transition(
        "settle", _("Quyết toán"), (S.ACCEPTED,), S.SETTLED, (APPROVER,),
        fields=("settled_on", "settled_funds"), optional_fields=("settlement_decision",),
        prefill={"settled_on": today},
        attachments=(AttachmentKind.SETTLEMENT,), uploaders=(CENTRE, APPROVER),
        help=_("Kinh phí quyết toán không vượt kinh phí được duyệt; số phải nộp lại = đã tạm ứng − quyết toán."),
        checks=(checks.settled_within_approved, checks.decision_date("settled_on", not_before="accepted_on")),
        effects=(compute_refund,),
    ),
    Transition(
        "stop", pgettext_lazy("thao tác", "Dừng thực hiện"), (S.APPROVED, S.IN_PROGRESS, S.CHANGE_REQUESTED),
        S.STOPPED, (APPROVER,),
        comment_required=True, inbox_roles=(),
    ),
]


@dataclass(frozen=True)
class Workflow:
    """The table and the questions asked of it. `with_transition` gives a changed copy (the table stays)."""

    transitions: tuple[Transition, ...]

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate transition names in {names}")

    def get(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def waiting_states(self, role: str) -> set[str]:
        """The states in which a project waits for someone holding `role` (for the inbox)."""
        return {s for t in self.transitions if role in t.waiting_roles for s in t.sources}

    def roles_to_notify(self, state: str) -> set[str]:
        return {r for t in self.transitions_from(state) for r in t.waiting_roles}

    def uploaders(self, state: str) -> set[str]:
        """Who may add documents to a project in `state`: whoever a transition waiting there names."""
        return {r for t in self.transitions_from(state) for r in t.attaching_roles}

    def states_before(self, state: str) -> set[str]:
        """The states a project can be in before it first reaches `state` (walking from the initial state)."""
        seen, todo = {INITIAL_STATE}, [INITIAL_STATE]
        while todo:
            for t in self.transitions_from(todo.pop()):
                if t.target != state and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen

    def with_transition(self, transition: Transition) -> "Workflow":
        return replace(self, transitions=(*self.transitions, transition))


WORKFLOW = Workflow(tuple(TRANSITIONS))
BY_NAME: dict[str, Transition] = {t.name: t for t in WORKFLOW.transitions}

transitions_from = WORKFLOW.transitions_from
waiting_states = WORKFLOW.waiting_states
roles_to_notify = WORKFLOW.roles_to_notify

__all__ = [
    "BY_NAME", "EDITABLE_STATES", "FINAL_STATES", "FUNDED_STATES", "STATES", "TRANSITIONS", "WORKFLOW",
    "Extra", "Transition", "Workflow", "roles_to_notify", "transitions_from", "waiting_states",
]
