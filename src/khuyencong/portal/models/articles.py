"""News articles. The body is HTML cleaned on save (only the editor's safe tags survive)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("thẻ"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        verbose_name = _("thẻ")
        verbose_name_plural = _("thẻ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


class Article(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    lead = models.TextField(_("sapo"), max_length=1000)
    body = models.TextField(_("nội dung"), blank=True)
    # Folded title + lead for the diacritic-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles",
                                 verbose_name=_("chuyên mục"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("thẻ"))
    author_initials = models.CharField(_("bút danh"), max_length=20, blank=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=ArticleState.choices,
                             default=ArticleState.DRAFT)
    # Shown publicly once state is published and this time has come (a future time schedules it).
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0)
    # An article written from the records keeps where its figures came from and when they were computed.
    figures_source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    figures_as_of = models.DateTimeField(_("số liệu tính lúc"), null=True, blank=True)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", verbose_name=_("người tạo"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bài tin")
        verbose_name_plural = _("bài tin")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["state", "-published_at"], name="portal_article_public")]

    def __str__(self) -> str:
        return self.title

    # What the public may see: published, and its time has come (a later time schedules it). The same rule as a
    # query is `portal.selectors.public_articles()`.
    @property
    def is_public(self) -> bool:
        return (self.state == ArticleState.PUBLISHED and self.published_at is not None
                and self.published_at <= timezone.now())

    @property
    def is_scheduled(self) -> bool:
        """Approved for publication at a time still to come."""
        return (self.state == ArticleState.PUBLISHED and self.published_at is not None
                and self.published_at > timezone.now())


class ArticleRevision(models.Model):
    """A saved version of an article's text: every save by an editor adds one; any can be restored."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    lead = models.TextField(_("sapo"))
    body = models.TextField(_("nội dung"), blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", verbose_name=_("người sửa"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản bài tin")
        verbose_name_plural = _("phiên bản bài tin")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="portal_revision_unique")]

    def __str__(self) -> str:
        return f"{self.article} — {self.number}"
