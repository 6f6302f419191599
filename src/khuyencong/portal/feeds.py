"""RSS 2.0 and Atom feeds of the latest public articles."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from khuyencong.portal import selectors
from khuyencong.portal.views.news import article_url


class LatestNewsFeed(Feed):
    """`/tin-tuc/rss/`: the latest 30 public articles (scheduled, draft, waiting or withdrawn ones never)."""

    title = _("Tin tức khuyến công Hà Nội")
    description = _("Tin mới của Trung tâm Khuyến công và Tư vấn phát triển công nghiệp")
    link = reverse_lazy("portal:news_list")
    language = "vi"

    def items(self):
        return selectors.feed_articles()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return article_url(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at if item.updated_at and item.updated_at > item.published_at else item.published_at

    def item_author_name(self, item):
        return item.author_initials or None

    def item_categories(self, item):
        return [item.category.name]

    def feed_url(self):
        return reverse("portal:feed_rss")


class LatestNewsAtomFeed(LatestNewsFeed):
    """`/tin-tuc/atom/`: the same articles as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description

    def feed_url(self):
        return reverse("portal:feed_atom")
