"""The public portal's records: news articles with their revisions and reader comments."""

from khuyencong.portal.models.articles import Article, ArticleRevision, ArticleState, Category, Tag
from khuyencong.portal.models.caching import PageCacheGeneration
from khuyencong.portal.models.comments import Comment, CommentState

__all__ = ["Article", "ArticleRevision", "ArticleState", "Category", "Comment", "CommentState", "PageCacheGeneration",
           "Tag"]
