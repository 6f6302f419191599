"""Writing articles: create, edit (each save keeps a revision)."""

from django.db import transaction
from django.utils.text import slugify

from khuyencong.core.audit import audit_record
from khuyencong.core.models import AuditAction
from khuyencong.core.text import fold
from khuyencong.portal import caching
from khuyencong.portal.models import Article, ArticleRevision, Category

SLUG_LENGTH = 120


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """"Khuyến công Hà Nội: …" → "khuyen-cong-ha-noi-…", with -2, -3… when taken."""
    base = slugify(fold(title))[:SLUG_LENGTH].strip("-") or "bai-tin"
    taken = Article.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _keep_revision(article: Article, *, user, note: str = "") -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(article=article, number=last + 1, title=article.title, lead=article.lead,
                                          body=article.body, note=note, created_by=user)


@transaction.atomic
def article_create(*, user, title: str, lead: str, body: str, category: Category, author_initials: str = "",
                   figures_source: str = "", figures_as_of=None, figures: dict | None = None,
                   note: str = "") -> Article:
    """A new draft. `body` must already be clean HTML (the form's field cleans it with nh3)."""
    article = Article(title=title, slug=unique_slug(title), lead=lead, body=body, category=category,
                      author_initials=author_initials, figures_source=figures_source, figures_as_of=figures_as_of,
                      figures=figures or {}, created_by=user, search_text=fold(f"{title} {lead}"))
    article.full_clean()
    article.save()
    _keep_revision(article, user=user, note=note)
    audit_record(actor=user, obj=article, action=AuditAction.CREATE, summary=title)
    transaction.on_commit(caching.invalidate_public_pages)
    return article
