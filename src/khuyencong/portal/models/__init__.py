"""The public portal's records: news articles with their revisions and reader comments."""

from khuyencong.portal.models.articles import Article, ArticleRevision, ArticleState, Category, Tag
from khuyencong.portal.models.comments import Comment, CommentState
from khuyencong.portal.models.counting import ArticleVisitorDay

__all__ = ["Article", "ArticleRevision", "ArticleState", "ArticleVisitorDay", "Category", "Comment", "CommentState",
           "Tag"]
