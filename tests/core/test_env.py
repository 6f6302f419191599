import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from khuyencong.core.env import env_bool, parse_database_url


def test_default_database_is_sqlite_in_var(tmp_path):
    config = parse_database_url(None, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "khuyencong.sqlite3")


def test_postgres_url_is_parsed(tmp_path):
    config = parse_database_url("postgres://kc:pw@db.example:5433/khuyencong", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "khuyencong")


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "nonsense"])
def test_unsupported_database_url_is_refused_clearly(url, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url, tmp_path)


def test_bad_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", default=True)


def _cli(*args, **env):
    dropped = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "khuyencong", *args], capture_output=True, text=True, env=environment, timeout=120
    )


def test_cli_wrong_database_url_prints_one_line_not_a_traceback():
    result = _cli("migrate", DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Không kết nối được cơ sở dữ liệu")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_missing_secret_key_in_production_is_one_line():
    result = _cli("check", DEBUG="0")
    assert result.returncode == 2
    assert result.stderr.strip() == "Lỗi cấu hình: SECRET_KEY là bắt buộc khi DEBUG tắt (production)."


def test_production_settings_pass_check_deploy():
    result = _cli("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", SECRET_KEY="x" * 60 + "-Zq8!vR2",
                  ALLOWED_HOSTS="khuyencong.hanoi.gov.vn")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
