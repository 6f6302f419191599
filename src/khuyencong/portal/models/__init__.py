"""The public portal's records: news articles with their revisions and reader comments."""

from khuyencong.portal.models.articles import Article, ArticleRevision, ArticleState, Category, Tag
from khuyencong.portal.models.caching import PageCacheGeneration
from khuyencong.portal.models.comments import Comment, CommentState
from khuyencong.portal.models.counting import ArticleVisitorDay
from khuyencong.portal.models.images import ArticleImage

__all__ = ["Article", "ArticleImage", "ArticleRevision", "ArticleState", "ArticleVisitorDay", "Category", "Comment",
           "CommentState", "PageCacheGeneration", "Tag"]
