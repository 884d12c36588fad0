"""The one StreamField block set shared by every page body on the site."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageBlock

# Rich text features editors may use; anything else is stripped on save.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("小标题")
        description = _("把长文分成几节的标题")
        preview_value = {"text": "为什么要节约用水", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图注"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("来源/摄影"), required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"
        label = _("图片")
        description = _("带图注和来源署名的图片")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("引用")
        description = _("专家或文献的原话")
        preview_value = {
            "text": "科学技术普及是实现创新发展的重要基础性工作。",
            "attribution": "《北京市科学技术协会事业发展“十二五”规划》",
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("类型"),
        choices=[("info", _("提示")), ("tip", _("小知识")), ("warning", _("注意"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=80)
    text = blocks.RichTextBlock(label=_("内容"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        label = _("提示框")
        description = _("醒目的提示、小知识或安全注意事项")
        preview_value = {
            "tone": "tip",
            "title": "小知识",
            "text": "<p>一只节水龙头每年可节约用水约 5 吨。</p>",
        }


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)
    text = blocks.CharBlock(label=_("链接文字"), max_length=120)

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        label = _("相关链接")
        description = _("指向站内页面或外部网站的链接")
        preview_value = {"url": "https://www.bast.net.cn/", "text": "北京市科学技术协会"}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError(_("请选择站内页面或填写外部链接。"))}
            )
        return value


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("段落"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("正文段落，可加粗、加链接和列表"),
        preview_value="<p>科普是提高全民科学素质的基础工作。</p>",
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    table = TableBlock(
        label=_("表格"),
        icon="table",
        template="blocks/table_block.html",
        description=_("简单的数据表格，第一行为表头"),
        preview_value={"data": [["项目", "数量"], ["科普讲座", "26300"]], "first_row_is_table_header": True},
    )
    link = LinkBlock()

    class Meta:
        label = _("正文")
