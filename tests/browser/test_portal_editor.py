"""An editor types into the real rich-text editor, adds a heading and an uploaded image, saves and previews."""


import pytest
from PIL import Image

from khuyencong.portal.models import Article, ArticleImage, Category
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/work/shots"


def _png(path):
    Image.new("RGB", (120, 80), (30, 120, 200)).save(path, "PNG")
    return path


@pytest.fixture
def editor_page(page, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("bientap", role="editor", unit="01")
    Category.objects.create(name="Làng nghề", slug="lang-nghe")
    login(page, "bientap", PASSWORD)
    page.wait_for_selector("h1")
    return page


def test_editor_writes_with_heading_and_image_and_previews(editor_page, tmp_path, screenshot):
    p = editor_page
    p.click("nav.mainnav >> text=Tin bài")
    p.click("text=Viết bài mới")
    p.fill("#id_title", "Làng gốm Bát Tràng vào mùa Tết")
    p.fill("#id_lead", "Các lò gốm làm việc hết công suất.")
    p.select_option("#id_category", label="Làng nghề")
    p.fill("#id_tags", "gốm sứ, làng nghề")
    editor = p.locator(".ProseMirror[contenteditable]")
    editor.click()
    p.keyboard.type("Nhộn nhịp lò gốm")
    # The heading comes from the editor's own block-type menu (h2/h3 only).
    p.keyboard.press("Control+Alt+2")
    p.keyboard.press("End")
    p.keyboard.press("Enter")
    p.keyboard.type("Hơn 300 hộ sản xuất gốm phục vụ thị trường Tết.")
    # The editor's own figure dialog speaks Vietnamese (it asks for the image's address, alt text and caption).
    p.click(".prose-menubar__button[title=figure]")
    dialog = p.locator("dialog.prose-editor-dialog")
    assert "Mô tả ảnh (alt)" in dialog.inner_text() and "Chú thích" in dialog.inner_text()
    dialog.locator("button", has_text="Huỷ").click()
    p.click("#save-article")
    p.wait_for_selector("#article-state")
    article = Article.objects.get()
    assert "<h2>Nhộn nhịp lò gốm</h2>" in article.body
    assert "Hơn 300 hộ sản xuất" in article.body

    p.set_input_files("#id_file", str(_png(tmp_path / "lo-gom.png")))
    p.fill("#image-form #id_alt", "Lò gốm đang nung")
    p.fill("#image-form #id_caption", "Lò gốm ở Bát Tràng")
    p.click("#image-form button[type=submit]")
    p.wait_for_selector("button.insert-image")
    image = ArticleImage.objects.get()
    p.locator(".ProseMirror[contenteditable] p").last.click()
    p.keyboard.press("End")
    p.click("button.insert-image")
    p.click("#save-article")
    p.wait_for_selector("#article-state")
    article.refresh_from_db()
    assert f'<img src="/tin-tuc/anh/{image.pk}/" alt="Lò gốm đang nung">' in article.body
    assert "<figcaption>Lò gốm ở Bát Tràng</figcaption>" in article.body
    p.screenshot(path=f"{SHOTS}/editorial-editor.png", full_page=True)

    p.click("text=Xem trước")
    p.wait_for_selector("#preview-banner")
    assert p.locator("article.article h2").inner_text() == "Nhộn nhịp lò gốm"
    assert p.locator("article.article figcaption").inner_text() == "Lò gốm ở Bát Tràng"
    assert p.locator("article.article img").evaluate("img => img.naturalWidth") == 120
    p.screenshot(path=f"{SHOTS}/editorial-preview.png", full_page=True)
