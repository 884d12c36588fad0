"""`load_demo` on an empty database: it refuses production, and takes its password from the environment."""

import io

import pytest
from django.core.management import CommandError, call_command

from home.models import HomePage
from tests.fixtures import tree_roots


def test_it_refuses_to_run_with_debug_off_and_uses_the_password_from_the_environment(
    db, settings, monkeypatch, client
):
    tree_roots()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not HomePage.objects.exists()

    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-123")
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert HomePage.objects.exists()
    assert "another-secret-123" in out.getvalue()
    assert client.login(username="haidian-editor", password="another-secret-123")
    for username in ["clarification-editor", "duty-expert", "approver"]:
        assert username in out.getvalue(), "every demo account the README names is listed"
