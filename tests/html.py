"""Reading a rendered page as a person reads it: the text of a table's cells, an element's text."""

import re
from html import unescape
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self, selector_id: str | None):
        super().__init__()
        self.wanted, self.depth, self.rows, self.cell = selector_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (self.depth or self.wanted is None or attrs.get("id") == self.wanted):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []
        elif self.depth and tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):  # entities arrive already decoded (convert_charrefs)
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str | None = None) -> list[list[str]]:
    """Every row of the table with that id (or of every table), as the text of its cells."""
    parser = _Tables(table_id)
    parser.feed(html)
    return parser.rows


def text(html: str) -> str:
    """The page's visible text with spaces collapsed (tags, scripts and styles removed)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(div|p|li|ul|ol|tr|td|th|table|h\d|br|section|nav|header|footer|option|dd|dt)\b[^>]*>", " ",
                  html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
