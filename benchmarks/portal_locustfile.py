"""The visitors of the portal's load test (run by benchmarks/portal_load.py; not on its own).

Each simulated user is one visitor with its own cookie jar: it reads the front page, the news list, articles and
the directory, and remembers which articles it read on which day (Hà Nội time). At the end the set of distinct
(article, visitor, day) is written to PORTAL_LOAD_VIEWS, with the count of each `X-Portal-Cache` answer.
"""

import json
import os
import random
import uuid
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from locust import HttpUser, between, events, task

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = json.loads(open(os.environ["PORTAL_LOAD_PLAN"], encoding="utf-8").read())
WAIT = float(os.environ.get("PORTAL_LOAD_WAIT", "1.0"))
# A browser's User-Agent: the view counter ignores bots (python-requests among them).
BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")

VIEWED: set[tuple[str, str, str]] = set()  # (article slug, visitor, Hà Nội day)
CACHE_ANSWERS: Counter = Counter()


class Visitor(HttpUser):
    wait_time = between(WAIT / 2, WAIT * 1.5)

    def on_start(self):
        self.visitor = uuid.uuid4().hex
        self.client.headers["User-Agent"] = BROWSER
        self.client.headers["Accept-Language"] = "vi"

    def _get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
            CACHE_ANSWERS[f"{name}:{response.headers.get('X-Portal-Cache', '-')}"] += 1
        # Cookies marked Secure (DEBUG off) must still come back over the loopback's plain HTTP.
        for cookie in self.client.cookies:
            cookie.secure = False
        return response

    @task(3)
    def front(self):
        self._get(PLAN["front"], "front")

    @task(2)
    def news_list(self):
        if PLAN.get("news_list"):
            self._get(PLAN["news_list"], "news_list")

    @task(5)
    def article(self):
        if not PLAN["articles"]:
            return
        slug, url = random.choice(PLAN["articles"])
        day = datetime.now(HANOI).date().isoformat()
        if self._get(url, "article").status_code == 200:
            VIEWED.add((slug, self.visitor, day))

    @task(2)
    def directory(self):
        if PLAN.get("directory"):
            self._get(PLAN["directory"], "directory")

    @task(1)
    def village(self):
        if PLAN.get("villages"):
            self._get(random.choice(PLAN["villages"]), "directory_village")

    @task(1)
    def directory_map(self):
        if PLAN.get("directory_map"):
            self._get(PLAN["directory_map"], "directory_map")


@events.test_stop.add_listener
def write_views(environment, **kwargs):
    with open(os.environ["PORTAL_LOAD_VIEWS"], "w", encoding="utf-8") as out:
        json.dump({"viewed": sorted(VIEWED), "cache": dict(CACHE_ANSWERS)}, out)
