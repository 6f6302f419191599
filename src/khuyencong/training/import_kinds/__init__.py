"""Import kinds of the training app: classes, trainees (with their latest follow-up) and transplants."""

from khuyencong.training.import_kinds import classes, trainees, transplants  # noqa: F401  (register the kinds)
