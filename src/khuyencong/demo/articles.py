"""The demo's news articles: the Centre's 2016 article on the 2011–2015 programme, written by “Soạn bài tin”
(`portal.services.compose.compose_article`) from the demo's figures for Hà Nội and published as it was on
19/04/2016 (3.573 views), a few shorter published news items (2017–2026) and one draft waiting for approval.

Publication is a queryset update here (state, time, view count): the dates are historical, which the editors'
publishing workflow (publication now or later) does not make."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from khuyencong.geo.selectors import unit_get
from khuyencong.portal.models import Article, ArticleState
from khuyencong.portal.services.articles import article_create
from khuyencong.portal.services.categories import categories_ensure, category_ensure
from khuyencong.portal.services.compose import compose_article

EDITOR = "bientap"
SEED_TITLE = ("Khuyến công Hà Nội: Phát huy lợi thế các doanh nghiệp tiềm năng làm nòng cốt để phát triển sản xuất "
              "công nghiệp – TTCN nông thôn")
SEED_LEAD = ("Đây là khẳng định của lãnh đạo Sở Công Thương Hà Nội tại Hội nghị tổng kết đánh giá 5 năm thực hiện "
             "công tác khuyến công của thành phố Hà Nội giai đoạn 2011–2015 và triển khai chương trình khuyến công "
             "giai đoạn 2016-2020 tổ chức ngày 14/4/2016 tại Hà Nội.")
SEED_PERIOD = "2011-2015"
SEED_PUBLISHED = (2016, 4, 19, 8, 30)
SEED_VIEWS = 3573
# What `khuyencong demo --check` looks for in the published article.
SEED_PHRASES = ("473 lớp", "17.800 lao động", "80%", "250 làng", "1.350")

# slug of the category, title, lead, paragraphs, author initials, published (None: a draft waiting for approval)
NEWS = [
    ("dao-tao-nghe", "Khai giảng lớp truyền nghề mây tre đan tại huyện Chương Mỹ",
     "Trung tâm Khuyến công phối hợp với UBND xã Phú Nghĩa khai giảng lớp truyền nghề mây tre đan cho lao động "
     "nông thôn.",
     ["Lớp học do nghệ nhân của làng nghề trực tiếp hướng dẫn, học viên được thực hành trên sản phẩm thật và được "
      "hỗ trợ nguyên liệu trong thời gian học.",
      "Sau khóa học, các cơ sở trong làng nghề nhận học viên vào làm việc, góp phần tạo việc làm ổn định cho lao "
      "động nông thôn."], "HL", (2017, 3, 15, 9, 0)),
    ("hoi-cho-trien-lam", "Hội chợ hàng thủ công mỹ nghệ và quà tặng Hà Nội",
     "Hội chợ quy tụ các cơ sở công nghiệp nông thôn tiêu biểu, làng nghề truyền thống của thành phố.",
     ["Các gian hàng giới thiệu sản phẩm gốm sứ, sơn mài, mây tre đan, thêu ren của các làng nghề Hà Nội.",
      "Chương trình khuyến công hỗ trợ chi phí gian hàng cho các cơ sở tham gia, giúp cơ sở tìm kiếm khách hàng, "
      "mở rộng thị trường."], "TM", (2019, 11, 20, 10, 0)),
    ("san-pham-ocop", "Công nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp thành phố",
     "Nhiều sản phẩm thủ công mỹ nghệ của các làng nghề được công nhận sản phẩm công nghiệp nông thôn tiêu "
     "biểu và sản phẩm OCOP.",
     ["Hội đồng bình chọn đánh giá sản phẩm theo các tiêu chí về chất lượng, thẩm mỹ, tính văn hóa và khả năng "
      "phát triển thị trường.",
      "Các sản phẩm được công nhận được hỗ trợ quảng bá, tham gia hội chợ trong nước và quốc tế."], "QM",
     (2024, 9, 5, 14, 0)),
    ("tin-hoat-dong", "Tập huấn nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn",
     "Trung tâm Khuyến công tổ chức lớp tập huấn về quản trị doanh nghiệp, thiết kế mẫu và thương mại điện tử.",
     ["Học viên là chủ cơ sở, cán bộ quản lý của các doanh nghiệp, hợp tác xã trên địa bàn thành phố.",
      "Lớp học giúp học viên nắm được cách xây dựng kế hoạch sản xuất kinh doanh và đưa sản phẩm lên các sàn "
      "thương mại điện tử."], "QM", (2026, 3, 10, 8, 0)),
    ("tin-hoat-dong", "Kế hoạch khuyến công năm 2027 của thành phố",
     "Dự thảo kế hoạch khuyến công năm 2027 tập trung vào chuyển giao công nghệ và phát triển sản phẩm làng nghề.",
     ["Kế hoạch ưu tiên các đề án hỗ trợ máy móc tiên tiến, xử lý ô nhiễm môi trường tại làng nghề và phát triển "
      "sản phẩm công nghiệp nông thôn tiêu biểu."], "QM", None),
]


def _at(parts) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*parts))


def create_articles(users: dict) -> dict:
    """The categories, the seed article and the news items; {"published": n, "review": n}."""
    editor = users[EDITOR]
    categories_ensure()
    hanoi = unit_get(code="01")
    source = reverse("indicators:programme") + f"?unit_code=01&unit_hierarchy=current&period={SEED_PERIOD}"
    seed = compose_article(user=editor, unit=hanoi, period=SEED_PERIOD, source_label="trang Chương trình: Hà Nội, "
                           "2011–2015", source_url=source, title=SEED_TITLE, lead=SEED_LEAD, author_initials="QM")
    Article.objects.filter(pk=seed.pk).update(state=ArticleState.PUBLISHED, published_at=_at(SEED_PUBLISHED),
                                              view_count=SEED_VIEWS)
    counts = {"published": 1, "review": 0}
    for slug, title, lead, paragraphs, initials, published in NEWS:
        body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
        article = article_create(user=editor, title=title, lead=lead, body=body, category=category_ensure(slug),
                                 author_initials=initials)
        if published is None:
            Article.objects.filter(pk=article.pk).update(state=ArticleState.REVIEW)
            counts["review"] += 1
        else:
            Article.objects.filter(pk=article.pk).update(state=ArticleState.PUBLISHED, published_at=_at(published))
            counts["published"] += 1
    return counts


def seed_article() -> Article | None:
    return Article.objects.filter(title=SEED_TITLE, state=ArticleState.PUBLISHED).first()


def check_article() -> list[tuple[str, bool]]:
    """(phrase, found) for each figure the published seed article must carry; empty without the article."""
    article = seed_article()
    if article is None:
        return []
    return [(phrase, phrase in article.body) for phrase in SEED_PHRASES]
