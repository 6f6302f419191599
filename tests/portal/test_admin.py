"""Administrators keep the news categories in the admin: a rename is audited and shows on the cached public pages
at once."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.core.audit import audit_history
from khuyencong.core.models import AuditAction
from khuyencong.portal.models import Article, ArticleState
from khuyencong.portal.services.articles import article_create
from khuyencong.portal.services.categories import category_ensure
from tests.core.test_admin import _form_of

pytestmark = pytest.mark.django_db(transaction=True)  # the cache is emptied after the commit


def test_renaming_a_category_in_the_admin_is_audited_and_empties_the_public_cache(client, settings):
    settings.PORTAL_CACHE_SECONDS = 60
    cache.clear()
    category = category_ensure("tin-hoat-dong")
    editor = User.objects.create_user("bientap", password="Mat-khau-thu-2026")
    article = article_create(user=editor, title="Hội chợ làng nghề", lead="Sapo.", body="<p>Bài.</p>",
                             category=category)
    Article.objects.filter(pk=article.pk).update(state=ArticleState.PUBLISHED,
                                                 published_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.get(reverse("portal:news_list"))["X-Portal-Cache"] == "miss"
    assert client.get(reverse("portal:news_list"))["X-Portal-Cache"] == "hit"

    root = User.objects.create_superuser("root", password="Mat-khau-thu-2026")
    client.force_login(root)
    url = reverse("admin:portal_category_change", args=[category.pk])
    form = _form_of(client, url)
    form.update(name="Hoạt động khuyến công")
    assert client.post(url, form).status_code == 302
    entry = audit_history(category).first()
    assert entry.action == AuditAction.UPDATE and entry.changes["name"] == ["Tin hoạt động", "Hoạt động khuyến công"]

    client.logout()
    page = client.get(reverse("portal:news_list"))
    assert page["X-Portal-Cache"] == "miss"
    assert "Hoạt động khuyến công" in page.content.decode() and "Tin hoạt động" not in page.content.decode()
