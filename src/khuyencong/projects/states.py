"""What each project state means to the rest of the app: final, funded, editable by the proposer.

The states themselves are `ProjectState` (models); the steps between them are the table in workflow.py.
"""

from khuyencong.projects.models import ProjectState as S

STATES = list(S)
# States in which nothing more happens.
FINAL_STATES = frozenset({S.SETTLED, S.REJECTED, S.STOPPED, S.CANCELLED})
# States in which the project counts against the plan's ceiling and the caps.
FUNDED_STATES = frozenset({S.APPROVED, S.IN_PROGRESS, S.CHANGE_REQUESTED, S.ACCEPTED, S.SETTLED})
# States in which the proposer may still edit the project's fields.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# The state a new project starts in.
INITIAL_STATE = S.DRAFT
