"""Production configuration (ASVS V3 sessions, V8 data protection, V9 communications, V14
configuration): `check --deploy` is clean, every response carries the security headers,
cookies are Secure/HttpOnly/SameSite, HTTP goes to HTTPS, errors show no technical
details, passwords are hashed with Argon2 under a length/common-password policy, and the
repository holds no secrets.

Production mode is a separate Python process started with DEBUG=0 (settings are read
once per process); it needs no database for what it checks.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import PASSWORD

ROOT = Path(settings.BASE_DIR)
BACKEND = "chudong.accounts.backends.UsernameEmailPhoneBackend"
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "PYTHONPATH": str(ROOT),
    "DJANGO_SETTINGS_MODULE": "chudong.settings",
    "DEBUG": "0",
    "CHUDONG_TESTING": "0",
    "SECRET_KEY": "production-like-" + "k7Qz" * 12,
    "ALLOWED_HOSTS": "chudong.example.org",
    "DATABASE_URL": "sqlite:////tmp/chudong-security-never-created.sqlite3",
}


def _python(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env={**PRODUCTION, **env}, cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


_PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="chudong.example.org")
page = client.get("/accounts/login/", secure=True)
plain = client.get("/accounts/login/")
missing = client.get("/khong-co-trang-nay/", secure=True)
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                       "samesite": c["samesite"]} for name, c in page.cookies.items()},
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "missing": [missing.status_code, missing.content.decode()],
    "session": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.SESSION_COOKIE_SAMESITE, settings.SESSION_COOKIE_AGE],
    "hashers": settings.PASSWORD_HASHERS,
    "two_factor": settings.CHUDONG_2FA_ENFORCED,
    "proxy_header": list(settings.SECURE_PROXY_SSL_HEADER),
}))
"""


@pytest.fixture(scope="module")
def production():
    # CHUDONG_TESTING=1 only so that static files come from the finders (no collectstatic
    # in a test); the settings checked below do not depend on it but the password hashers,
    # which are read from a second process without it.
    probe = json.loads(_python(_PROBE, CHUDONG_TESTING="1"))
    probe["hashers"] = json.loads(
        _python("import django, json; django.setup(); from django.conf import settings; "
                "print(json.dumps(settings.PASSWORD_HASHERS))")
    )  # fmt: skip
    return probe


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=PRODUCTION, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY must be set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set")],
)
def test_production_refuses_to_start_without_a_secret_or_hosts(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert message in result.stderr


def test_every_page_carries_the_security_headers(production):
    headers = production["headers"]
    assert production["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    csp = {part.split()[0]: part.split()[1:] for part in policy.split(";")}
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_cookies_are_secure_http_only_and_same_site(production):
    assert production["cookies"]["csrftoken"] == {
        "secure": True, "httponly": True, "samesite": "Lax"
    }  # fmt: skip
    secure, httponly, samesite, age = production["session"]
    assert (secure, httponly, samesite) == (True, True, "Lax")
    assert age == 8 * 3600  # a working day, then log in again


def test_plain_http_is_sent_to_https(production):
    assert production["plain"] == [301, "https://chudong.example.org/accounts/login/"]
    assert production["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_errors_show_no_technical_details_in_production(production):
    status, body = production["missing"]
    assert status == 404
    assert "Không tìm thấy" in body
    for leak in ("Traceback", "URLconf", "DEBUG = True", "chudong.urls", "SECRET"):
        assert leak not in body


def test_production_hashes_passwords_with_argon2_and_enforces_two_factor(production):
    assert production["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "MD5" not in " ".join(production["hashers"])
    assert production["two_factor"] is True
    # The Argon2 hasher works here (argon2-cffi installed) and salts every hash.
    first = make_password(PASSWORD, hasher="argon2")
    assert identify_hasher(first).algorithm == "argon2"
    assert first != make_password(PASSWORD, hasher="argon2")


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("ngan-qua", "quá ngắn"),
        ("1234567890", "hoàn toàn là số"),
        ("password123", "quá phổ biến"),
        ("staff.a.2026", "quá giống"),
    ],
)
def test_the_password_policy_refuses_weak_passwords_in_vietnamese(world, password, complaint):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=world.staff_a)
    assert any(complaint in message for message in error.value.messages), error.value.messages


def test_the_minimum_is_twelve_characters_and_said_in_vietnamese(world):
    with pytest.raises(ValidationError) as error:
        validate_password("hai-dang-26", user=world.staff_a)  # 11 characters
    assert "Mật khẩu quá ngắn: cần ít nhất 12 ký tự." in error.value.messages
    validate_password("hai-dang-2026", user=world.staff_a)  # 13 characters


def test_a_long_passphrase_with_any_characters_is_accepted(world):
    validate_password("Đoàn viên Hải Đăng 🌊 mùa hè xanh", user=world.staff_a)


def test_logging_in_gives_a_new_session_id_and_logging_out_ends_it(world):
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    response = client.post("/accounts/login/", {"username": "secretary", "password": PASSWORD})
    assert response.status_code == 302
    session_id = client.cookies["sessionid"].value
    assert session_id != "attacker-chosen-session-id"
    from django.contrib.sessions.models import Session

    assert Session.objects.get(session_key=session_id).get_decoded()[SESSION_KEY]
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=session_id).exists()


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretary, backend=BACKEND)
    unit = world.unit("TA.G1")
    response = client.post(f"/units/{unit.pk}/members/new/", {"full_name": "Kẻ Giả Mạo"})
    assert response.status_code == 403
    response = client.post("/accounts/logout/")
    assert response.status_code == 403


def test_pages_for_a_logged_in_person_are_never_kept_by_a_shared_cache(world, login):
    client = login(world.secretary)
    page = client.get(f"/units/{world.unit('TA.G1').pk}/")
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-cache"
    # Public pages are left alone, and a view's own setting wins.
    assert "Cache-Control" not in Client().get("/accounts/login/")
    assert client.get("/manifest.webmanifest")["Cache-Control"] == "public, max-age=3600"


# --- the templates: nothing the CSP would have to allow ---------------------------------

TEMPLATES = sorted((ROOT / "chudong").glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_no_template_has_inline_script_handlers_styles_or_javascript_urls():
    assert len(TEMPLATES) > 100
    found = []
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT), ("on…= handler", EVENT_HANDLER),
            ("style= attribute", STYLE_ATTRIBUTE), ("javascript: URL", JAVASCRIPT_URL),
        ):  # fmt: skip
            for match in pattern.finditer(text):
                if name == "inline <script>" and 'type="application/json"' in match.group(0):
                    continue  # data, not code: the CSP does not run it
                found.append(f"{template.relative_to(ROOT)}: {name}: {match.group(0)[:60]}")
    assert not found, "\n".join(found)


def test_htmx_may_not_evaluate_strings_nor_keep_pages_in_local_storage():
    base = (ROOT / "chudong" / "templates" / "base.html").read_text(encoding="utf-8")
    config = re.search(r'name="htmx-config" content=\'([^\']+)\'', base)
    assert config
    settings_ = json.loads(config.group(1))
    assert settings_["allowEval"] is False
    # htmx would keep snapshots of member lists in localStorage (ASVS 8.2.2), on the
    # shared computers of commune offices, after logging out; back reloads the page.
    assert settings_["historyCacheSize"] == 0
    assert settings_["refreshOnHistoryMiss"] is True


# --- no secrets in the repository -------------------------------------------------------

SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "AWS key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),
    "Slack token": re.compile(r"xox[baprs]-[A-Za-z0-9-]{10,}"),
    "database URL with a password": re.compile(
        r"postgres(?:ql)?://[^:/\s\"']+:(?!password@|mật khẩu@|PASSWORD@|\$)[^@/\s\"']{3,}@"
    ),
}
SECRET_FILES = re.compile(r"(^|/)(\.env|.*\.pem|.*\.key|id_rsa.*|.*\.p12|.*\.sqlite3)$")


def _tracked_files() -> list[str]:
    return subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()


def test_the_repository_holds_no_secrets():
    files = _tracked_files()
    assert "chudong/settings.py" in files
    found = [f"{name}: secret-looking file" for name in files if SECRET_FILES.search(name)]
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for what, pattern in SECRET_PATTERNS.items():
            if pattern.search(text):
                found.append(f"{name}: {what}")
    assert not found, found


def test_settings_take_every_secret_from_the_environment():
    tree = ast.parse((ROOT / "chudong" / "settings.py").read_text(encoding="utf-8"))
    literal = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    literal[target.id] = node.value.value
    # The one literal key is the embedded-mode fallback, refused when DEBUG=0 (tested above).
    assert literal.get("SECRET_KEY") in (None, "embedded-mode-only-not-secret")
    assert "EMAIL_HOST_PASSWORD" not in literal
