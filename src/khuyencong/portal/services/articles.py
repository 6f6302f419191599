"""Writing articles: create, edit and restore (each save keeps a revision), tags from a comma-separated text."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from khuyencong.core.audit import audit_record, diff, snapshot
from khuyencong.core.forms import require
from khuyencong.core.models import AuditAction
from khuyencong.core.text import fold
from khuyencong.portal import caching, permissions, tasks
from khuyencong.portal.models import Article, ArticleRevision, ArticleState, Category, Tag
from khuyencong.portal.sanitize import clean_html

SLUG_LENGTH = 120
TAG_LENGTH = 80
# The body is not diffed into the change log (a page of HTML): its versions are the revisions.
EDITED_FIELDS = ("title", "lead", "category", "author_initials", "published_at")


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


def split_tags(text: str) -> list[str]:
    """"Làng nghề, gốm sứ,  làng nghề" → ["Làng nghề", "gốm sứ"]: trimmed, spaces collapsed, first spelling kept."""
    names, seen = [], set()
    for part in (text or "").split(","):
        name = " ".join(part.split())
        key = slugify(fold(name))
        if name and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def tag_problems(names: list[str]) -> list[str]:
    return [_("Thẻ “%(name)s” dài quá %(n)s ký tự.") % {"name": n[:30] + "…", "n": TAG_LENGTH}
            for n in names if len(n) > TAG_LENGTH or not slugify(fold(n))]


def tags_for(names: list[str]) -> list[Tag]:
    """The tags of these names, matched without diacritics or case ("lang nghe" is "Làng nghề"); new ones created."""
    tags = []
    for name in names:
        slug = slugify(fold(name))[:TAG_LENGTH]
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            tag = Tag(name=name, slug=slug)
            tag.full_clean()
            tag.save()
        tags.append(tag)
    return tags


def _keep_revision(article: Article, *, user, note: str = "") -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(article=article, number=last + 1, title=article.title, lead=article.lead,
                                          body=article.body, note=note[:300], created_by=user)


def _set_tags(article: Article, tags: list[str] | None) -> None:
    if tags is None:
        return
    problems = tag_problems(tags)
    if problems:
        raise ValidationError({"tags": problems})
    article.tags.set(tags_for(tags))


@transaction.atomic
def article_create(*, user, title: str, lead: str, body: str, category: Category, author_initials: str = "",
                   figures_source: str = "", figures_as_of=None, figures: dict | None = None,
                   note: str = "", tags: list[str] | None = None, published_at=None) -> Article:
    """A new draft, with its first revision. The body is cleaned against the allow-list (`portal.sanitize`)."""
    body = clean_html(body)
    article = Article(title=title, slug=unique_slug(title), lead=lead, body=body, category=category,
                      author_initials=author_initials, figures_source=figures_source, figures_as_of=figures_as_of,
                      figures=figures or {}, created_by=user, search_text=fold(f"{title} {lead}"),
                      published_at=published_at)
    article.full_clean()
    article.save()
    _set_tags(article, tags)
    _keep_revision(article, user=user, note=note)
    audit_record(actor=user, obj=article, action=AuditAction.CREATE, summary=title)
    transaction.on_commit(caching.invalidate_public_pages)
    return article


def _tag_names(article: Article) -> list[str]:
    return sorted(t.name for t in article.tags.all())


@transaction.atomic
def article_update(*, user, article: Article, title: str, lead: str, body: str, category: Category,
                   author_initials: str = "", tags: list[str] | None = None, published_at=None,
                   note: str = "") -> Article:
    """Save an edit: a new revision every time; an audit row with what changed. The slug stays (links live on)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(permissions.can_edit_article(user, article))
    before, tags_before, body_before = snapshot(article, EDITED_FIELDS), _tag_names(article), article.body
    article.title, article.lead, article.body = title, lead, clean_html(body)
    article.category, article.author_initials = category, author_initials
    article.published_at = _kept_publication(article, published_at)
    article.search_text = fold(f"{title} {lead}")
    article.full_clean()
    article.save()
    _set_tags(article, tags)
    revision = _keep_revision(article, user=user, note=note)
    changes = diff(before, snapshot(article, EDITED_FIELDS))
    tags_after = _tag_names(article)
    if tags_after != tags_before:
        changes["tags"] = [", ".join(tags_before), ", ".join(tags_after)]
    summary = _("Phiên bản %(n)s") % {"n": revision.number}
    if article.body != body_before:
        summary += " · " + _("sửa nội dung")
    if note:
        summary += f" · {note}"
    audit_record(actor=user, obj=article, action=AuditAction.UPDATE, changes=changes, summary=summary)
    transaction.on_commit(caching.invalidate_public_pages)
    if article.state == ArticleState.PUBLISHED and article.published_at > timezone.now():
        pk, when = article.pk, article.published_at  # an approver moved a published article to a later time
        transaction.on_commit(lambda: tasks.schedule_refresh(pk, when), robust=True)
    return article


def _kept_publication(article: Article, published_at):
    """A published article that is already public keeps its time when the form leaves it empty."""
    if published_at is None and article.state == ArticleState.PUBLISHED:
        return article.published_at or timezone.now()
    return published_at


@transaction.atomic
def article_restore(*, user, article: Article, revision: ArticleRevision) -> Article:
    """Bring back an old version's text as a new revision (nothing is lost: the current text stays a revision)."""
    if revision.article_id != article.pk:
        raise ValidationError(_("Phiên bản này không thuộc bài tin đang sửa."))
    current = Article.objects.get(pk=article.pk)
    return article_update(user=user, article=current, title=revision.title, lead=revision.lead, body=revision.body,
                          category=current.category, author_initials=current.author_initials, tags=None,
                          published_at=current.published_at,
                          note=_("Khôi phục phiên bản %(n)s") % {"n": revision.number})
