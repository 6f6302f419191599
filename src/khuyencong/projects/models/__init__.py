"""Programmes, yearly plans, projects (đề án), their transitions, attachments, funding rules, notifications."""

from khuyencong.projects.models.base import (
    Activity,
    AnnualPlan,
    FundingSource,
    MachineryCondition,
    Programme,
    Project,
    ProjectState,
    ProjectTransition,
)
from khuyencong.projects.models.files import Attachment, AttachmentKind
from khuyencong.projects.models.notices import Notification
from khuyencong.projects.models.outputs import ProjectProduct
from khuyencong.projects.models.rules import AmountBasis, FundingRule

__all__ = [
    "Activity", "AmountBasis", "AnnualPlan", "Attachment", "AttachmentKind", "FundingRule", "FundingSource",
    "MachineryCondition", "Notification", "Programme", "Project", "ProjectProduct", "ProjectState",
    "ProjectTransition",
]
