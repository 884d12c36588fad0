import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    ClarificationEvidence,
    ClarificationIndexPage,
    ClarificationPage,
    Incident,
    Verdict,
)
from articles.workflows import CLARIFICATION_EDITORS, setup_fast_lane
from home.sections import APPROVERS, DUTY_EXPERTS


@pytest.fixture
def article_index(home):
    index = home.add_child(instance=ArticleIndexPage(title="科普文章", slug="articles"))
    index.save_revision().publish()
    return index


@pytest.fixture
def clarification_index(home):
    index = home.add_child(instance=ClarificationIndexPage(title="应急科普", slug="clarifications"))
    index.save_revision().publish()
    setup_fast_lane(index)
    return index


@pytest.fixture
def incident(db):
    return Incident.objects.create(
        name="2026年11月某地地震", kind=Incident.Kind.EARTHQUAKE, start_date=datetime.date(2026, 11, 26)
    )


def make_article(parent, title, *, days_ago=0, tags=(), body=None, **fields):
    article = ArticlePage(
        title=title,
        author=fields.pop("author", "科普作者"),
        body=body or [("paragraph", f"<p>{title}的正文。</p>")],
        first_published_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )
    article.tags.add(*tags)
    parent.add_child(instance=article)
    article.save_revision().publish()
    return article


def make_clarification(index, incident, title, *, live=True, days_ago=0, **fields):
    defaults = {
        "claim": f"网传：{title}",
        "claim_seen_where": "微信群",
        "claim_first_seen": datetime.date(2026, 11, 27),
        "verdict": Verdict.FALSE,
        "answer": f"{title}是谣言。",
        "incident": incident,
        "first_published_at": timezone.now() - datetime.timedelta(days=days_ago),
    }
    page = ClarificationPage(title=title, **{**defaults, **fields})
    page.evidence = [ClarificationEvidence(title="中国地震局通报", publisher="中国地震局")]
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save(update_fields=["live"])
    return page


def in_a_day():
    return timezone.now() + datetime.timedelta(days=1)


@pytest.fixture
def people(clarification_index, haidian):
    User = get_user_model()

    def user(username, group):
        person = User.objects.create_user(username)
        person.groups.add(Group.objects.get(name=group))
        return person

    return {
        "editor": user("clar-editor", CLARIFICATION_EDITORS),
        "duty_expert": user("duty", DUTY_EXPERTS),
        "approver": user("approver", APPROVERS),
    }


@pytest.fixture
def articles(article_index, haidian, chaoyang):
    return [
        make_article(haidian, "冬季空调调到多少度最省电", days_ago=3, tags=["节能"]),
        make_article(chaoyang, "家庭节水小窍门", days_ago=2, tags=["节能", "生态"]),
        make_article(article_index, "心肺复苏人人都该学", days_ago=1, tags=["健康"]),
    ]


def clarification_form(incident, title="今晚有大地震？", **extra):
    """The clarification editor's form as the admin posts it."""
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "summary": "",
            "claim": "网传今晚有7级地震",
            "claim_seen_where": "微信群",
            "claim_first_seen": "2026-11-28",
            "verdict": "false",
            "answer": "地震无法准确预测，这是谣言。",
            "incident": incident.pk if incident else "",
            "explanation": streamfield([]),
            "evidence": inline_formset(
                [{"title": "中国地震局通报", "publisher": "中国地震局", "url": "", "date": ""}]
            ),
            "experts": inline_formset([]),
            "updates": inline_formset([]),
            **extra,
        }
    )
