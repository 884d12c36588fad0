"""
The record of what warning systems were told about urgent clarifications: one
CAP 1.2 message per change (Alert when an answer goes urgent, Update when it
changes, Cancel when it is withdrawn or expires). A message, once sent, never
changes: it keeps a copy of what it said, so the CAP feed can repeat it exactly
and later messages can reference it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UrgentAlert(models.Model):
    class MessageType(models.TextChoices):
        ALERT = "Alert", _("发布")
        UPDATE = "Update", _("更新")
        CANCEL = "Cancel", _("撤销")

    class Reason(models.TextChoices):
        PUBLISHED = "published", _("紧急置顶发布")
        CHANGED = "changed", _("内容更新")
        WITHDRAWN = "withdrawn", _("撤下或取消置顶")
        EXPIRED = "expired", _("置顶到期")

    clarification = models.ForeignKey(
        "articles.ClarificationPage",
        verbose_name=_("应急科普解答"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    # Kept when the page is deleted: the warning systems still hold the messages.
    page_key = models.PositiveIntegerField(_("页面编号"), db_index=True)
    msg_type = models.CharField(_("消息类型"), max_length=10, choices=MessageType.choices)
    reason = models.CharField(_("原因"), max_length=20, choices=Reason.choices)
    sent = models.DateTimeField(_("发出时间"), db_index=True)
    headline = models.CharField(_("标题"), max_length=255)
    answer = models.CharField(_("一句话回答"), max_length=255)
    claim = models.TextField(_("流传说法"))
    verdict = models.CharField(_("结论"), max_length=20)
    verdict_label = models.CharField(_("结论（文字）"), max_length=40)
    incident_name = models.CharField(_("所属事件"), max_length=80, blank=True)
    incident_kind = models.CharField(_("事件类型"), max_length=20, blank=True)
    url = models.URLField(_("网页地址"), max_length=500)
    expires = models.DateTimeField(_("失效时间"))
    references = models.TextField(_("引用的先前消息"), blank=True)

    class Meta:
        verbose_name = _("CAP 预警消息")
        verbose_name_plural = _("CAP 预警消息")
        ordering = ["-sent", "-pk"]

    def __str__(self):
        return f"{self.get_msg_type_display()}：{self.headline}"

    @property
    def is_cancel(self):
        return self.msg_type == self.MessageType.CANCEL
