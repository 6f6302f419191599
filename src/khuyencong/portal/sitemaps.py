"""`/sitemap.xml`: the front page, the news list, the categories with public articles and every public article.
Another public section adds its own `Sitemap` class to SITEMAPS under a key of its own."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from khuyencong.portal import selectors
from khuyencong.portal.views.news import article_url


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["portal:front", "portal:news_list"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self):
        return selectors.public_articles().select_related(None).only("slug", "published_at", "updated_at")

    def location(self, item):
        return article_url(item)

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return selectors.public_categories()

    def location(self, item):
        return reverse("portal:news_category", args=[item.slug])


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticPagesSitemap,
    "categories": CategorySitemap,
    "news": ArticleSitemap,
}
