"""Guessing passwords: after five wrong ones an account is locked for that address, with a Chinese message."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

PASSWORD = "a-long-demo-password"


def _log_in(client, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": "duty-expert", "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def expert(home):
    return get_user_model().objects.create_user(
        "duty-expert", "duty-expert@example.org.cn", PASSWORD, is_staff=True
    )


@override_settings(AXES_ENABLED=True)
def test_twenty_wrong_passwords_then_the_right_one_does_not_get_in(client, expert):
    for _attempt in range(20):
        response = _log_in(client, "wrong-password")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    response = _log_in(client, PASSWORD)
    assert response.status_code == 429, "the right password does not open a locked door"
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_lockout_is_per_account_and_address_and_can_be_lifted(client, expert):
    for _attempt in range(5):
        _log_in(client, "wrong-password")
    assert _log_in(client, PASSWORD).status_code == 429
    # The duty expert on another network is not locked out by someone guessing elsewhere.
    assert _log_in(client, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    out = io.StringIO()
    call_command("unlock_login", "duty-expert", stdout=out)
    assert "duty-expert" in out.getvalue()
    assert _log_in(client, PASSWORD).status_code == 302


def test_the_login_page_and_its_refusal_are_in_chinese(client, expert):
    page = client.get("/admin/login/").content.decode()
    label = re.search(r'<label[^>]*for="id_password"[^>]*>\s*([^<]*)<', page).group(1).strip()
    assert label == "密码"
    refused = client.post("/admin/login/", {"username": "duty-expert", "password": "wrong"}).content.decode()
    assert "用户名或密码不正确，请重试。" in refused and "用户 用户名" not in refused
