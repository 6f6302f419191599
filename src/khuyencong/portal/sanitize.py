"""The one allow-list of the articles' HTML, and the editor's toolbar that produces it.

Whatever reaches an article's body — typed in the editor, pasted from a word processor or a web page, written by a
script — is cleaned on the server by `clean_html` (nh3, the Rust `ammonia` cleaner): only the tags and attributes
below survive, links and images keep only http(s)/mailto or site-relative addresses, and everything else (script,
style, iframe, event handlers such as onerror, javascript: URLs, classes and inline styles) is removed.
"""

import re

import nh3

# What the editor's toolbar offers: headings h2/h3 (the page title is the h1), bold, italic, links, lists,
# block quotes and figures (an image with its alt text and an optional caption).
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
}

ALLOWED_TAGS = frozenset({
    "p", "br", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Links leave the site without handing it the reader's session or referrer.
LINK_REL = "noopener noreferrer"

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
    # The contents of these are dropped with the tag, not left behind as text.
    clean_content_tags={"script", "style"},
)
_EMPTY = re.compile(r"^\s*(<(?P<tag>\w+)>\s*</(?P=tag)>\s*)*$")


def clean_html(html: str | None) -> str:
    """The body as it may be stored and shown: allowed tags and attributes only; "" for an empty editor."""
    cleaned = _CLEANER.clean(html or "").strip()
    return "" if _EMPTY.match(cleaned) else cleaned
