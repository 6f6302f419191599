"""Counted views: one row per (article, day, visitor) until it is folded into `Article.view_count`.

The unique key is what makes a reload not count; rows are folded by `portal.tasks.fold_views` and folded rows of
past days are deleted, so the table holds about a day of visits.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.portal.models.articles import Article


class ArticleVisitorDay(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("ngày"))
    visitor = models.CharField(max_length=32)
    folded = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("lượt xem trong ngày")
        verbose_name_plural = _("lượt xem trong ngày")
        constraints = [models.UniqueConstraint(fields=["article", "day", "visitor"], name="portal_visitor_day_unique")]
        indexes = [models.Index(fields=["folded", "article"], name="portal_visitor_day_pending")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day} {self.visitor}"
