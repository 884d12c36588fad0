"""An editor saves while the database is down: the 503 page says so, and the back button still holds the text."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from home.sections import add_person
from tests.factories import StandardPageFactory

PASSWORD = "a-long-demo-password"


@pytest.mark.parametrize("visit", ["desktop"], indirect=True)
def test_back_after_a_failed_save_keeps_what_the_editor_typed(visit, haidian, settings):
    # No background saves: only the editor's own press meets the database outage.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    page = StandardPageFactory(parent=haidian, title="节水小常识")
    add_person(haidian, "haidian-editor", password=PASSWORD)
    visit.goto("/admin/login/")
    visit.page.fill("#id_username", "haidian-editor")
    visit.page.fill("#id_password", PASSWORD)
    visit.page.click("button[type=submit]")
    visit.page.wait_for_url("**/admin/")
    visit.goto(f"/admin/pages/{page.pk}/edit/")
    visit.page.fill("#id_title", "节水小常识：家庭用水的十个窍门")
    visit.page.fill("#id_summary", "数据库恢复后要重新提交的摘要")
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("could not connect")):
        with visit.page.expect_navigation():
            visit.page.locator("button.action-save").first.click()
        assert "刚才的内容没有保存" in visit.page.content()
    visit.page.go_back()
    visit.page.wait_for_selector("#id_title")
    assert visit.page.input_value("#id_title") == "节水小常识：家庭用水的十个窍门"
    assert visit.page.input_value("#id_summary") == "数据库恢复后要重新提交的摘要"
