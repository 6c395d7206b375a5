"""Google login, signup, bind and unbind against a local fake of Google.

A small HTTP server on 127.0.0.1 plays Google's certificate and token
endpoints; ID tokens are signed with a key made for the test run. allauth's
Google provider does the real verification (signature, issuer, audience,
expiry) against it. Nothing reaches the network.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.google import views as google_views
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from accounts.models import User
from tests.accounts.auth_helpers import (
    GOOGLE_CLIENT_ID,
    bearer,
    configure_google,
    logged_in_client,
    verified_user,
)

pytestmark = pytest.mark.django_db

KID = "kaigon-test-key"
GOOD_CODE = "good-authorization-code"


def _make_key_and_cert():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake google")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.PEM).decode()


class FakeGoogle:
    def __init__(self) -> None:
        self.key, self.cert_pem = _make_key_and_cert()
        self.token_requests: list[dict] = []
        self.next_id_token: str | None = None

    def id_token(self, *, sub: str, email: str, verified: bool = True, **claims) -> str:
        now = int(time.time())
        payload = {
            "iss": "https://accounts.google.com",
            "aud": GOOGLE_CLIENT_ID,
            "sub": sub,
            "email": email,
            "email_verified": verified,
            "name": "Lin Mei",
            "iat": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
            **claims,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KID})


@pytest.fixture(scope="module")
def fake_google():
    google = FakeGoogle()

    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/oauth2/v1/certs":
                return self._json(200, {KID: google.cert_pem})
            return self._json(404, {})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = {
                k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()
            }
            google.token_requests.append(form)
            if self.path == "/token" and form.get("code") == GOOD_CODE:
                return self._json(
                    200, {"access_token": "at", "id_token": google.next_id_token}
                )
            return self._json(400, {"error": "invalid_grant"})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    google.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield google
    server.shutdown()


@pytest.fixture(autouse=True)
def _google_points_at_the_fake(fake_google, settings, monkeypatch):
    configure_google(settings)
    monkeypatch.setattr(
        google_views, "CERTS_URL", f"{fake_google.base_url}/oauth2/v1/certs"
    )
    monkeypatch.setattr(
        google_views, "ACCESS_TOKEN_URL", f"{fake_google.base_url}/token"
    )


def google_login(client, **body):
    return client.post("/api/v1/auth/google", body, format="json")


def test_google_id_token_signs_up_a_new_verified_account(api_client, fake_google):
    token = fake_google.id_token(sub="g-1", email="mei@gmail.com")
    response = google_login(api_client, id_token=token)
    assert response.status_code == 200, response.content
    user = User.objects.get(email="mei@gmail.com")
    assert response.json()["user"]["id"] == user.pk
    assert user.nickname == "Lin Mei"
    assert SocialAccount.objects.get(user=user).uid == "g-1"
    assert EmailAddress.objects.get(user=user).verified
    assert (
        bearer(response.json()["access"]).get("/api/v1/auth/devices").status_code == 200
    )


def test_second_google_login_reaches_the_same_account(api_client, fake_google):
    first = google_login(
        api_client, id_token=fake_google.id_token(sub="g-2", email="a@gmail.com")
    )
    second = google_login(
        api_client, id_token=fake_google.id_token(sub="g-2", email="a@gmail.com")
    )
    assert first.json()["user"]["id"] == second.json()["user"]["id"]
    assert User.objects.count() == 1


def test_google_login_with_the_address_of_an_existing_account_links_it(
    api_client, fake_google
):
    user = verified_user(email="known@gmail.com")
    response = google_login(
        api_client, id_token=fake_google.id_token(sub="g-3", email="known@gmail.com")
    )
    assert response.status_code == 200
    assert response.json()["user"]["id"] == user.pk
    assert SocialAccount.objects.filter(user=user, uid="g-3").exists()


def test_authorization_code_is_exchanged_at_the_token_endpoint(api_client, fake_google):
    fake_google.next_id_token = fake_google.id_token(sub="g-4", email="code@gmail.com")
    response = google_login(api_client, code=GOOD_CODE, redirect_uri="com.kaigon:/cb")
    assert response.status_code == 200, response.content
    sent = fake_google.token_requests[-1]
    assert sent["client_id"] == GOOGLE_CLIENT_ID
    assert sent["redirect_uri"] == "com.kaigon:/cb"
    assert User.objects.filter(email="code@gmail.com").exists()


def test_bad_authorization_code_is_refused(api_client):
    response = google_login(api_client, code="stolen")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_token"


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "someone-else.apps.googleusercontent.com"},
        {"iss": "https://evil.example.com"},
        {"exp": int(time.time()) - 10},
    ],
)
def test_forged_or_expired_id_tokens_are_refused(api_client, fake_google, claims):
    token = fake_google.id_token(sub="g-5", email="x@gmail.com", **claims)
    response = google_login(api_client, id_token=token)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_token"
    assert not User.objects.exists()


def test_id_token_signed_by_another_key_is_refused(api_client):
    other = FakeGoogle()
    response = google_login(
        api_client, id_token=other.id_token(sub="g", email="e@x.com")
    )
    assert response.status_code == 400


def test_an_id_token_works_only_once(api_client, fake_google):
    token = fake_google.id_token(sub="g-6", email="once@gmail.com")
    assert google_login(api_client, id_token=token).status_code == 200
    assert google_login(api_client, id_token=token).status_code == 400


def test_sending_neither_or_both_token_kinds_is_a_field_error(api_client):
    assert google_login(api_client).status_code == 400
    assert google_login(api_client, id_token="a", code="b").status_code == 400


def test_google_is_404_when_not_configured(api_client, settings, fake_google):
    settings.SOCIALACCOUNT_PROVIDERS = {"google": {"APPS": []}}
    token = fake_google.id_token(sub="g-7", email="off@gmail.com")
    response = google_login(api_client, id_token=token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "google_disabled"


def test_bind_and_unbind_google_from_an_account_with_a_password(fake_google):
    user = verified_user()
    client, _tokens = logged_in_client(user)
    token = fake_google.id_token(sub="g-8", email="other@gmail.com")

    bound = client.post(
        "/api/v1/auth/google/connect", {"id_token": token}, format="json"
    )

    assert bound.status_code == 201, bound.content
    assert client.get("/api/v1/auth/google/connect").json()[0]["uid"] == "g-8"
    assert client.delete("/api/v1/auth/google/connect").status_code == 204
    assert not SocialAccount.objects.filter(user=user).exists()


def test_cannot_unbind_google_from_an_account_without_a_password(
    api_client, fake_google
):
    response = google_login(
        api_client, id_token=fake_google.id_token(sub="g-9", email="only@gmail.com")
    )
    client = bearer(response.json()["access"])
    refused = client.delete("/api/v1/auth/google/connect")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "cannot_unlink"
    assert SocialAccount.objects.filter(uid="g-9").exists()


def test_cannot_bind_a_google_account_linked_to_someone_else(api_client, fake_google):
    google_login(
        api_client, id_token=fake_google.id_token(sub="g-10", email="s@gmail.com")
    )
    client, _tokens = logged_in_client(verified_user())
    token = fake_google.id_token(sub="g-10", email="s@gmail.com")
    response = client.post(
        "/api/v1/auth/google/connect", {"id_token": token}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "google_taken"


def test_bind_needs_a_login(api_client, fake_google):
    token = fake_google.id_token(sub="g-11", email="n@gmail.com")
    response = api_client.post(
        "/api/v1/auth/google/connect", {"id_token": token}, format="json"
    )
    assert response.status_code == 401


# --- the pages: allauth's OAuth redirect flow against the same fake -----------


@pytest.fixture
def google_web_flow(fake_google, monkeypatch):
    # The redirect flow's adapter reads the token URL from its class.
    monkeypatch.setattr(
        google_views.GoogleOAuth2Adapter,
        "access_token_url",
        f"{fake_google.base_url}/token",
    )

    def run(client, *, process: str, sub: str, email: str):
        start = client.post(f"/accounts/google/login/?process={process}")
        assert start.status_code == 302, start.content
        location = urlparse(start["Location"])
        assert location.netloc == "accounts.google.com"
        params = parse_qs(location.query)
        assert params["client_id"] == [GOOGLE_CLIENT_ID]
        fake_google.next_id_token = fake_google.id_token(sub=sub, email=email)
        return client.get(
            "/accounts/google/login/callback/",
            {"state": params["state"][0], "code": GOOD_CODE},
        )

    return run


def test_google_button_signs_up_and_logs_in_on_the_pages(client, google_web_flow):
    done = google_web_flow(client, process="login", sub="g-web", email="web@gmail.com")
    assert done.status_code == 302, done.content
    user = User.objects.get(email="web@gmail.com")
    assert SocialAccount.objects.get(user=user).uid == "g-web"
    assert client.get("/settings/security").status_code == 200


def test_bind_google_from_the_security_page_and_unbind_it(client, google_web_flow):
    user = verified_user()
    client.force_login(user)
    page = client.get("/settings/security").content.decode()
    assert "Link a Google account" in page

    done = google_web_flow(client, process="connect", sub="g-bind", email="b@gmail.com")

    assert done.status_code == 302
    account = SocialAccount.objects.get(user=user)
    assert account.uid == "g-bind"
    assert "Unlink Google" in client.get("/settings/security").content.decode()
    response = client.post("/settings/security/google/unlink")
    assert response.status_code == 302
    assert not SocialAccount.objects.filter(user=user).exists()


def test_pages_refuse_to_unbind_the_only_way_to_log_in(client, google_web_flow):
    google_web_flow(client, process="login", sub="g-only", email="only2@gmail.com")
    account = SocialAccount.objects.get(uid="g-only")
    response = client.post("/settings/security/google/unlink", follow=True)
    assert "site-messages" in response.content.decode(), response.redirect_chain
    assert SocialAccount.objects.filter(pk=account.pk).exists()
