"""Speakers: shared across series and sections, like venues, so one person has one page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.search import index

from home.chinese import SegmentedIndexMixin


class Speaker(SegmentedIndexMixin, index.Indexed, models.Model):
    name = models.CharField(_("姓名"), max_length=60)
    title = models.CharField(
        _("职称"), max_length=60, blank=True, help_text=_("例如：研究员、教授、主任医师。")
    )
    affiliation = models.CharField(_("单位"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("简介"), blank=True, max_length=1000)

    panels = ["name", "title", "affiliation", "photo", "bio"]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("affiliation"),
        index.SearchField("bio"),
    ]
    api_fields = [APIField(name) for name in ("name", "title", "affiliation", "bio")]

    class Meta:
        verbose_name = _("主讲人")
        verbose_name_plural = _("主讲人")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "affiliation"], name="unique_speaker_name_affiliation")
        ]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name

    @property
    def credit(self):
        """How a credit line names them: 王某某 研究员，中国科学院国家天文台."""
        role = " ".join(part for part in (self.name, self.title) if part)
        return f"{role}，{self.affiliation}" if self.affiliation else role

    def lectures(self):
        from .pages import LecturePage

        return LecturePage.objects.live().public().filter(speaker_links__speaker=self).distinct()
