"""plotly.js served from the plotly wheel installed with the application, never from a CDN or a copy in the
repository: a static-files finder that offers the wheel's `package_data/plotly.min.js` as
`plotly/plotly.min.js`, so `{% static %}`, `collectstatic` (and its hashed names) and WhiteNoise treat it as
any other static file."""

from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "plotly"
FILE_NAME = "plotly.min.js"
STATIC_PATH = f"{PREFIX}/{FILE_NAME}"


def plotly_dir() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(plotly_dir()))
        self.storage.prefix = PREFIX  # collectstatic writes the file under plotly/

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != STATIC_PATH:
            return [] if find_all else None
        found = str(plotly_dir() / FILE_NAME)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield FILE_NAME, self.storage
