from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchCount(models.Model):
    """
    How often a query was searched in one quarter of an hour, and how many of
    those searches found no page holding all its words. Nothing else is kept:
    no address, no session, no user (search.log writes these).
    """

    query = models.CharField(_("搜索词"), max_length=50)
    slot = models.DateTimeField(_("时间段"), db_index=True)
    searches = models.PositiveIntegerField(_("搜索次数"), default=0)
    unanswered = models.PositiveIntegerField(_("无结果次数"), default=0)
    results = models.PositiveIntegerField(_("结果数"), default=0)

    class Meta:
        verbose_name = _("搜索记录")
        verbose_name_plural = _("搜索记录")
        constraints = [models.UniqueConstraint(fields=["query", "slot"], name="search_count_query_slot")]
        permissions = [("view_search_report", _("可以查看搜索词报告"))]

    def __str__(self):
        return self.query
