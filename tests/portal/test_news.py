"""The public news pages, feeds, sitemap and front page: what a visitor (or a feed reader) sees."""

import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.portal.models import Article, ArticleState, Category, Tag
from khuyencong.portal.services.articles import article_create

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Meta(HTMLParser):
    """The page's <meta property|name=… content=…> and <link rel=… href=…>, decoded as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))


def head_of(html: str) -> _Meta:
    parser = _Meta()
    parser.feed(html)
    return parser


@pytest.fixture
def editor(make_user):
    return make_user("bientap", role="editor")


@pytest.fixture
def news(editor):
    """Categories and a helper that writes an article and puts it in a state at a time."""
    cats = {"tin": Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong", order=1),
            "lang": Category.objects.create(name="Làng nghề", slug="lang-nghe", order=2)}

    def make(title, *, cat="tin", state=ArticleState.PUBLISHED, days_ago=1, lead="Sapo của bài.",
             body="<p>Nội dung.</p>", initials="QM"):
        article = article_create(user=editor, title=title, lead=lead, body=body, category=cats[cat],
                                 author_initials=initials)
        published = timezone.now() - datetime.timedelta(days=days_ago) if state != ArticleState.DRAFT else None
        Article.objects.filter(pk=article.pk).update(state=state, published_at=published)
        article.refresh_from_db()
        return article

    make.cats = cats
    return make


@pytest.fixture
def hidden(news):
    """Every kind of article the public must never see."""
    return [news("Bài hẹn giờ tương lai", days_ago=-2),
            news("Bài nháp chưa đăng", state=ArticleState.DRAFT),
            news("Bài chờ duyệt", state=ArticleState.REVIEW),
            news("Bài đã gỡ xuống", state=ArticleState.WITHDRAWN)]


def titles_in(html: str, articles) -> list[str]:
    """The titles among `articles` that the page shows, in the order it shows them."""
    found = [(html.find(a.title), a.title) for a in articles if a.title in html]
    return [title for _, title in sorted(found)]


@pytest.mark.django_db
def test_list_newest_first_with_date_lead_and_category(client, news):
    old = news("Hội chợ hàng thủ công 2025", days_ago=30)
    new = news("Làng nghề Phú Vinh nhận bằng công nhận", cat="lang", days_ago=2, lead="Mây tre đan Phú Vinh.")
    html = client.get(reverse("portal:news_list")).content.decode()
    assert titles_in(html, [old, new]) == [new.title, old.title]
    assert timezone.localtime(new.published_at).strftime("%d/%m/%Y") in html
    assert "Mây tre đan Phú Vinh." in html
    assert reverse("portal:news_category", args=["lang-nghe"]) in html
    assert reverse("portal:article", args=[new.slug]) in html


@pytest.mark.django_db
def test_category_filter(client, news):
    village = news("Làng gốm Bát Tràng mở rộng", cat="lang")
    other = news("Tập huấn cán bộ khuyến công", cat="tin")
    response = client.get(reverse("portal:news_category", args=["lang-nghe"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert village.title in html and other.title not in html
    assert "<h1>Làng nghề</h1>" in html
    assert 'href="/tin-tuc/" aria-current="page"' in html  # the header marks where the visitor is
    missing = client.get(reverse("portal:news_category", args=["khong-co"]))
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["lang nghe", "Làng nghề", "LÀNG NGHỀ", "nghe lang"])
def test_search_with_and_without_diacritics(client, news, query):
    hit = news("Làng nghề mây tre Chương Mỹ")
    miss = news("Tập huấn kỹ năng quản lý doanh nghiệp")
    html = client.get(reverse("portal:news_list"), {"q": query}).content.decode()
    assert hit.title in html and miss.title not in html


@pytest.mark.django_db
def test_search_finds_words_in_the_lead_and_says_when_nothing_matches(client, news):
    hit = news("Tin tổng kết năm", lead="Sản phẩm gốm sứ Bát Tràng đạt giải.")
    html = client.get(reverse("portal:news_list"), {"q": "gom su"}).content.decode()
    assert hit.title in html
    response = client.get(reverse("portal:news_list"), {"q": "xyz khong co"})
    html = response.content.decode()
    assert response.status_code == 200
    assert hit.title not in html
    assert "Không có bài tin nào khớp với “xyz khong co”" in html


@pytest.mark.django_db
def test_search_escapes_the_query(client, news):
    html = client.get(reverse("portal:news_list"), {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_list_pages(client, news):
    for n in range(25):
        news(f"Bản tin số {n:02d}", days_ago=n + 1)
    first = client.get(reverse("portal:news_list")).content.decode()
    second = client.get(reverse("portal:news_list"), {"page": 2}).content.decode()
    assert "Bản tin số 00" in first and "Bản tin số 19" in first and "Bản tin số 20" not in first
    assert "Bản tin số 20" in second and "Bản tin số 24" in second and "Bản tin số 00" not in second
    assert "Trang sau" in first and "Trang trước" in second
    beyond = client.get(reverse("portal:news_list"), {"page": 9}).content.decode()
    assert "Trang này không có bài tin nào." in beyond
    assert client.get(reverse("portal:news_list"), {"page": "abc"}).status_code == 200


@pytest.mark.django_db
def test_hidden_articles_never_appear_anywhere_public(client, news, hidden):
    visible = news("Bài đã đăng công khai")
    pages = {
        "list": client.get(reverse("portal:news_list")),
        "category": client.get(reverse("portal:news_category", args=["tin-hoat-dong"])),
        "search": client.get(reverse("portal:news_list"), {"q": "bai"}),
        "front": client.get(reverse("portal:front")),
        "rss": client.get(reverse("portal:feed_rss")),
        "atom": client.get(reverse("portal:feed_atom")),
        "sitemap": client.get(reverse("portal:sitemap")),
        "article": client.get(reverse("portal:article", args=[visible.slug])),
    }
    for name, response in pages.items():
        body = response.content.decode()
        assert response.status_code == 200, name
        for article in hidden:
            assert article.title not in body, (name, article.title)
            assert f"/tin-tuc/{article.slug}/" not in body, (name, article.title)
    assert visible.title in pages["list"].content.decode()
    for article in hidden:
        response = client.get(reverse("portal:article", args=[article.slug]))
        assert response.status_code == 404, article.title


@pytest.mark.django_db
def test_a_scheduled_article_appears_when_its_time_comes(client, news):
    scheduled = news("Bài hẹn giờ đăng", days_ago=-1)
    assert scheduled.title not in client.get(reverse("portal:news_list")).content.decode()
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert scheduled.title in client.get(reverse("portal:news_list")).content.decode()
    assert client.get(reverse("portal:article", args=[scheduled.slug])).status_code == 200


@pytest.mark.django_db
def test_unknown_slug_is_a_vietnamese_404_in_the_portal_layout(client, news):
    response = client.get(reverse("portal:article", args=["khong-ton-tai"]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert "chưa được đăng" in html
    assert 'class="portal"' in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_article_page_reads_like_a_news_page(client, news):
    body = ('<h2>Những thành quả đáng ghi nhận</h2><p>Đoạn một.</p>'
            '<figure><img src="/tin-tuc/anh/7/" alt="Mây tre"><figcaption>Các sản phẩm mây tre giang đan của '
            'huyện Chương Mỹ</figcaption></figure>')
    article = news("Chương Mỹ phát triển làng nghề", body=body, lead="Huyện Chương Mỹ có 174 làng nghề.")
    article.tags.add(Tag.objects.create(name="mây tre đan", slug="may-tre-dan"))
    Article.objects.filter(pk=article.pk).update(view_count=3573)
    response = client.get(reverse("portal:article", args=[article.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tin đăng lúc" in html
    assert timezone.localtime(article.published_at).strftime("%d/%m/%Y %H:%M") in html
    assert "Lượt xem: 3.573" in html
    assert "<h1 class=\"article-title\">Chương Mỹ phát triển làng nghề</h1>" in html
    assert "Huyện Chương Mỹ có 174 làng nghề." in html
    assert "<h2>Những thành quả đáng ghi nhận</h2>" in html  # the stored clean HTML, not escaped
    assert "<figcaption>Các sản phẩm mây tre giang đan của huyện Chương Mỹ</figcaption>" in html
    assert '<p class="article-author">QM</p>' in html
    assert "mây tre đan" in html and "Tin hoạt động" in html
    assert "Tin khác" in html


@pytest.mark.django_db
def test_opengraph_twitter_canonical_and_feeds_links(client, news):
    article = news("Hội chợ <b>\"Tinh hoa\"</b> & làng nghề", lead='Sapo có "ngoặc" <và> & ký tự',
                   body='<p>Chữ</p><img src="/tin-tuc/anh/12/" alt=""><img src="/tin-tuc/anh/13/" alt="">')
    html = client.get(reverse("portal:article", args=[article.slug])).content.decode()
    assert "<b>\"Tinh hoa\"</b>" not in html  # the title is escaped everywhere
    head = head_of(html)
    url = f"http://testserver/tin-tuc/{article.slug}/"
    assert head.meta["og:title"] == article.title
    assert head.meta["og:description"] == article.lead
    assert head.meta["og:type"] == "article"
    assert head.meta["og:url"] == url
    assert head.meta["og:image"] == "http://testserver/tin-tuc/anh/12/"
    assert head.meta["twitter:title"] == article.title
    assert head.meta["twitter:card"] == "summary_large_image"
    published = datetime.datetime.fromisoformat(head.meta["article:published_time"])
    assert published == article.published_at
    assert head.links["canonical"] == [url]
    assert sorted(head.links["alternate"]) == ["/tin-tuc/atom/", "/tin-tuc/rss/"]


@pytest.mark.django_db
def test_head_request_is_answered_without_counting(client, news):
    article = news("Bài được hỏi bằng HEAD")
    assert client.head(reverse("portal:article", args=[article.slug])).status_code == 200
    assert client.head(reverse("portal:news_list")).status_code == 200
    assert client.post(reverse("portal:news_list")).status_code == 405


@pytest.mark.django_db
def test_opengraph_without_image(client, news):
    article = news("Bài không có ảnh")
    head = head_of(client.get(reverse("portal:article", args=[article.slug])).content.decode())
    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == "summary"


@pytest.mark.django_db
def test_opengraph_image_skips_inline_images(client, news):
    article = news("Bài có ảnh nhúng", body='<img src="data:image/png;base64,AAAA"><img src="https://anh.example.vn/a.jpg">')
    head = head_of(client.get(reverse("portal:article", args=[article.slug])).content.decode())
    assert head.meta["og:image"] == "https://anh.example.vn/a.jpg"


@pytest.mark.django_db
def test_other_news_related_first_then_latest_never_itself(client, news, hidden):
    article = news("Bài chính về làng nghề", cat="lang", days_ago=5)
    same_category = news("Cùng chuyên mục làng nghề", cat="lang", days_ago=20)
    by_tag = news("Cùng thẻ gốm", cat="tin", days_ago=30)
    latest = news("Tin mới nhất khác chuyên mục", cat="tin", days_ago=1)
    tag = Tag.objects.create(name="gốm", slug="gom")
    article.tags.add(tag)
    by_tag.tags.add(tag)
    html = client.get(reverse("portal:article", args=[article.slug])).content.decode()
    others = html[html.index("Tin khác"):]
    assert titles_in(others, [same_category, by_tag, latest]) == [same_category.title, by_tag.title, latest.title]
    assert article.title not in others
    for item in hidden:
        assert item.title not in others


@pytest.mark.django_db
def test_rss_feed(client, news, hidden):
    older = news("Tin cũ hơn", days_ago=3, lead="Sapo tin cũ")
    newer = news("Tin mới hơn & <đặc biệt>", cat="lang", days_ago=1, lead="Sapo tin mới", initials="NT")
    response = client.get(reverse("portal:feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [newer.title, older.title]
    first = items[0]
    assert first.findtext("link") == f"http://testserver/tin-tuc/{newer.slug}/"
    assert first.findtext("description") == "Sapo tin mới"
    assert first.findtext("category") == "Làng nghề"
    assert "NT" in first.findtext("{http://purl.org/dc/elements/1.1/}creator", "") + first.findtext("author", "")
    assert first.findtext("pubDate")


@pytest.mark.django_db
def test_atom_feed_and_its_limit(client, news, hidden):
    for n in range(32):
        news(f"Bản tin Atom {n:02d}", days_ago=n + 1)
    response = client.get(reverse("portal:feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 30
    assert entries[0].findtext(f"{ATOM}title") == "Bản tin Atom 00"
    assert entries[-1].findtext(f"{ATOM}title") == "Bản tin Atom 29"
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "QM"
    assert entries[0].find(f"{ATOM}category").get("term") == "Tin hoạt động"
    assert entries[0].findtext(f"{ATOM}summary") == "Sapo của bài."
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/tin-tuc/ban-tin-atom-00/")


@pytest.mark.django_db
def test_sitemap_lists_public_pages_and_articles_only(client, news, hidden):
    article = news("Bài trong sơ đồ trang")
    response = client.get(reverse("portal:sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    assert "http://testserver/" in urls and "http://testserver/tin-tuc/" in urls
    categories = {loc for loc in urls if loc.startswith("http://testserver/tin-tuc/chuyen-muc/")}
    assert categories == {"http://testserver/tin-tuc/chuyen-muc/tin-hoat-dong/"}  # "Làng nghề" has no public article
    articles = {loc for loc in urls if loc.startswith("http://testserver/tin-tuc/")} - categories - {
        "http://testserver/tin-tuc/"}
    assert articles == {f"http://testserver/tin-tuc/{article.slug}/"}
    # The day of the last change (the article was written today, then published with an earlier date).
    assert urls[f"http://testserver/tin-tuc/{article.slug}/"] == timezone.localdate().isoformat()


@pytest.mark.django_db
def test_front_page_for_visitors(client, news, hidden):
    older = news("Tin thứ hai trên trang chủ", days_ago=3)
    top = news("Tin nổi bật nhất", cat="lang", days_ago=1, lead="Sapo của tin nổi bật.")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert titles_in(html, [top, older]) == [top.title, older.title]
    assert 'class="front-top-title"' in html and "Sapo của tin nổi bật." in html
    assert html.index(top.title) < html.index('class="front-more"') < html.index(older.title)
    assert reverse("portal:news_category", args=["lang-nghe"]) in html
    assert "/danh-ba/" in html
    assert 'name="q"' in html
    assert "csrfmiddlewaretoken" not in html  # cached whole: nothing visitor-specific


@pytest.mark.django_db
def test_front_page_without_articles(client, news):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có bài tin nào được đăng." in response.content.decode()


@pytest.mark.django_db
def test_signed_in_users_keep_their_dashboard(client, make_user, news):
    news("Tin cho khách")
    user = make_user("canbo1")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "front-top-title" not in html
