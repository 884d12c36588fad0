"""
应急科普: authoritative answers to rumours during an emergency. They live
under the ClarificationIndexPage, whose one-step workflow (a duty expert's
approval) replaces the sections' two-step one: see articles.workflows.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from home.api import typed
from home.blocks import BaseStreamBlock
from home.models import BasePage
from home.routes import Routes
from home.routing import kept_with_page
from home.visibility import VisibilityQuerySet

from ..forms import ClarificationPageForm
from ..shapes import EvidenceOut, UpdateOut


class Verdict(models.TextChoices):
    FALSE = "false", _("谣言")
    MISLEADING = "misleading", _("误导")
    UNPROVEN = "unproven", _("尚无定论")
    TRUE_WITH_CONTEXT = "true-context", _("属实但需说明")


# For ClaimReview: 1 (false) … 4 (true with context), on a scale of 1 to 4.
VERDICT_RATING = {
    Verdict.FALSE: 1,
    Verdict.MISLEADING: 2,
    Verdict.UNPROVEN: 3,
    Verdict.TRUE_WITH_CONTEXT: 4,
}


def _urgent_now():
    """Flag set and expiry still ahead."""
    return Q(urgent=True, urgent_until__gt=timezone.now())


class ClarificationQuerySet(VisibilityQuerySet):
    def urgent_now(self):
        return self.filter(_urgent_now())

    def urgent_first(self):
        """Urgent ones (flag set, expiry ahead) first, then newest first."""
        return self.annotate(
            urgent_now=Case(
                When(_urgent_now(), then=Value(1)),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        ).order_by("-urgent_now", "-first_published_at", "-pk")


ClarificationManager = PageManager.from_queryset(ClarificationQuerySet)


class ClarificationIndexPage(Routes, BasePage):
    """
    应急科普: every clarification, urgent ones first, filtered by
    ``?incident=<id>`` and ``?verdict=<verdict>``, with RSS, Atom and JSON feeds.
    """

    page_description = _("应急科普：所有辟谣解答，紧急的置顶。")

    intro = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ClarificationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("应急科普索引页")
        verbose_name_plural = _("应急科普索引页")

    def get_cached_paths(self):
        feeds = [self.reverse_subpage("feed", args=[kind]) for kind in ("rss", "atom", "json")]
        return ["/", *feeds, self.reverse_subpage("cap_index")]

    @path("")
    def listing(self, request):
        from articles import views

        return views.clarification_index(request, self)

    @path("feed/<str:kind>/")
    def feed(self, request, kind):
        from articles import feeds

        return feeds.clarification_feed(request, self, kind)

    @property
    def cap_url(self):
        """The Atom index of current CAP alerts, which warning systems poll."""
        return self.route_url("cap_index")

    @path("cap/", name="cap_index")
    def cap_index(self, request):
        from articles import cap

        return cap.cap_index(request, self)

    @path("cap/<int:pk>/", name="cap_message")
    def cap_message(self, request, pk):
        from articles import cap

        return cap.cap_message(request, self, pk)


class ClarificationPage(BasePage):
    page_description = _("一条辟谣解答：网传说法、结论、依据和专家；紧急时由值班专家置顶。")

    # Read with the page when it is served (home.routing): the incident it answers for.
    shown_with = ("incident",)

    claim = models.TextField(_("流传说法"), max_length=500, help_text=_("照原样摘录正在流传的说法。"))
    claim_seen_where = models.CharField(
        _("流传渠道"), max_length=120, blank=True, help_text=_("例如：微信群、短视频平台")
    )
    claim_first_seen = models.DateField(_("首次发现日期"), null=True, blank=True)
    verdict = models.CharField(_("结论"), max_length=20, choices=Verdict.choices)
    answer = models.CharField(
        _("一句话回答"), max_length=160, help_text=_("最先显示的一句话结论，160字以内。")
    )
    explanation = StreamField(BaseStreamBlock(), verbose_name=_("详细解释"), blank=True)
    incident = models.ForeignKey(
        "articles.Incident",
        verbose_name=_("所属事件"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="clarifications",
    )
    urgent = models.BooleanField(
        _("紧急置顶"), default=False, help_text=_("在全站横幅、首页和推送中置顶，直到下方的截止时间。")
    )
    urgent_until = models.DateTimeField(_("置顶截止时间"), null=True, blank=True)

    objects = ClarificationManager()
    base_form_class = ClarificationPageForm

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(["claim", "claim_seen_where", "claim_first_seen"], heading=_("流传说法")),
        "verdict",
        "answer",
        "incident",
        "explanation",
        InlinePanel("evidence", label=_("证据与出处"), min_num=1),
        InlinePanel("experts", label=_("咨询专家")),
        InlinePanel("updates", label=_("更正与更新记录")),
        # Disabled for anyone but duty experts and approvers (articles.forms).
        MultiFieldPanel(["urgent", "urgent_until"], heading=_("紧急置顶（值班专家）")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("claim"),
        index.SearchField("answer"),
        index.SearchField("explanation"),
        index.FilterField("verdict"),
        index.FilterField("incident"),
    ]
    api_fields = BasePage.api_fields + [
        # is_urgent: flag set and expiry ahead. The stored flag and expiry are there to filter
        # and order by: ?type=articles.ClarificationPage&urgent=true&order=-urgent_until
        APIField("is_urgent", serializer=typed(bool)),
        APIField("urgent"),
        APIField("urgent_until"),
        APIField("verdict"),
        APIField("verdict_label", serializer=typed(str)),
        APIField("answer"),
        APIField("claim"),
        APIField("claim_seen_where"),
        APIField("claim_first_seen"),
        APIField("incident_name", serializer=typed(str)),
        APIField("explanation"),
        APIField("evidence_list", serializer=typed(list[EvidenceOut])),
        APIField("update_log", serializer=typed(list[UpdateOut])),
    ]

    parent_page_types = ["articles.ClarificationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("应急科普解答")
        verbose_name_plural = _("应急科普解答")
        permissions = [("set_urgent_clarification", _("可以设置应急科普的紧急置顶"))]

    def clean(self):
        super().clean()
        if self.urgent and not self.urgent_until:
            raise ValidationError({"urgent_until": _("紧急置顶必须设置截止时间，到期后自动取消置顶。")})

    @property
    def is_urgent(self):
        return bool(self.urgent and self.urgent_until and self.urgent_until > timezone.now())

    @property
    def verdict_label(self):
        return str(self.get_verdict_display()) if self.verdict else ""

    @property
    def incident_name(self):
        return self.incident.name if self.incident else ""

    @property
    def evidence_list(self):
        return [
            {"title": item.title, "publisher": item.publisher, "url": item.url, "date": item.date}
            for item in self.evidence.all()
        ]

    @property
    def update_log(self):
        return [{"date": item.date, "note": item.note} for item in self.updates.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["evidence"] = kept_with_page(
            self, "clarification-evidence", lambda: list(self.evidence.all())
        )
        context["experts"] = kept_with_page(
            self, "clarification-experts", lambda: list(self.experts.all().select_related("expert"))
        )
        context["updates"] = kept_with_page(self, "clarification-updates", lambda: list(self.updates.all()))
        return context


class ClarificationEvidence(Orderable):
    page = ParentalKey(ClarificationPage, related_name="evidence", on_delete=models.CASCADE)
    title = models.CharField(_("标题"), max_length=160)
    publisher = models.CharField(_("发布机构"), max_length=120)
    url = models.URLField(_("链接"), blank=True)
    date = models.DateField(_("发布日期"), null=True, blank=True)

    panels = ["title", "publisher", "url", "date"]

    class Meta(Orderable.Meta):
        verbose_name = _("证据")
        verbose_name_plural = _("证据")


class ClarificationExpert(Orderable):
    page = ParentalKey(ClarificationPage, related_name="experts", on_delete=models.CASCADE)
    expert = models.ForeignKey(
        "articles.Expert", verbose_name=_("专家"), on_delete=models.CASCADE, related_name="+"
    )

    panels = ["expert"]

    class Meta(Orderable.Meta):
        verbose_name = _("咨询专家")
        verbose_name_plural = _("咨询专家")


class ClarificationUpdate(Orderable):
    """A public entry in the clarification's log of corrections and updates."""

    page = ParentalKey(ClarificationPage, related_name="updates", on_delete=models.CASCADE)
    date = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("更正或更新内容"), max_length=500)

    panels = ["date", "note"]

    class Meta(Orderable.Meta):
        verbose_name = _("更正与更新")
        verbose_name_plural = _("更正与更新")
