"""
Demo content for the home app: the site root, settings, sections and people.

Every function here is idempotent: it looks things up by a stable key (slug,
title, username) and only creates what is missing, so `load_demo` can run on
every `make run` without duplicating anything or undoing editors' changes.
"""

import datetime
import io
import math
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from .models import HomePage, SectionPage, StandardPage
from .sections import APPROVERS, DUTY_EXPERTS, add_person, association_groups, setup_section
from .settings import SiteSettings

SOCIETY = SectionPage.Kind.SOCIETY
DISTRICT = SectionPage.Kind.DISTRICT
GRASSROOTS = SectionPage.Kind.GRASSROOTS

# Names follow the seed plan: ~190 member societies (学会), 16 district
# associations (区县科协) and grassroots organisations (基层组织).
SECTIONS = [
    (SOCIETY, "astronomy", "北京天文学会", "#1d3f8f", "组织观星、天象科普和天文讲座，让更多人仰望星空。"),
    (SOCIETY, "seismology", "北京地震学会", "#8a4b12", "普及防震减灾知识，开展地震应急科普与演练。"),
    (SOCIETY, "meteorology", "北京气象学会", "#0f6f8f", "解读天气与气候变化，传播气象防灾减灾知识。"),
    (SOCIETY, "zoology", "北京动物学会", "#2f6b2f", "走进自然、认识动物，推动生物多样性保护科普。"),
    (SOCIETY, "computing", "北京计算机学会", "#5b2f8f", "面向公众普及人工智能、网络安全与信息技术知识。"),
    (DISTRICT, "haidian", "海淀区科协", "#0b5cad", "依托中关村科技资源，实施社区科普益民计划。"),
    (DISTRICT, "chaoyang", "朝阳区科协", "#b3261e", "建设科普示范社区，服务社区居民科学素质提升。"),
    (DISTRICT, "dongcheng", "东城区科协", "#7a5c00", "在历史街区开展科普进社区、进学校活动。"),
    (DISTRICT, "xicheng", "西城区科协", "#00695c", "推动科技资源向社区集聚，办好家门口的科普。"),
    (DISTRICT, "changping", "昌平区科协", "#4e6b00", "深入实施科普惠农兴村计划，服务京郊农村。"),
    (GRASSROOTS, "tsinghua", "清华大学科协", "#660874", "高校科协，组织青少年走进实验室和科学家面对面。"),
]

SECTION_ADDRESSES = {
    "haidian": "北京市海淀区长春桥路17号",
    "chaoyang": "北京市朝阳区日坛北路33号",
    "dongcheng": "北京市东城区钱粮胡同3号",
    "xicheng": "北京市西城区二龙路27号",
    "changping": "北京市昌平区政府街19号",
    "tsinghua": "北京市海淀区清华园1号",
}

SECTION_PAGES = {
    "haidian": (
        "社区科普益民计划在海淀",
        [
            "海淀区科协以社区为重点，建设科普活动室、科普画廊和科普网络，培育社区科普组织和社区科普宣传员。",
            "每个社区每年至少举办四次科普讲座，内容涵盖节能减排、食品安全、应急避险和健康生活。",
        ],
    ),
    "seismology": (
        "家庭防震减灾手册",
        [
            "地震发生时，室内人员应就近躲避在坚固的桌子下或内墙角，远离窗户和悬挂物。",
            "家中常备应急包：饮用水、食品、手电筒、收音机、急救药品和重要证件复印件。",
        ],
    ),
    "astronomy": (
        "观星入门：从认识四季星空开始",
        [
            "城市里也能观星：选择远离强光的公园，让眼睛适应黑暗十五分钟以上。",
            "冬季的猎户座、夏季的天鹅座，都是入门者最容易辨认的星座。",
        ],
    ),
}

ABOUT_TEXT = [
    "首都科普平台由北京市科学技术协会主办，发布北京科技周、全国科普日北京主会场活动、"
    "首都科学讲堂、科普大篷车巡展、科普文章和应急科普解答。",
    "平台内容由各学会、区县科协和基层组织编辑，经市科协审核后发布，同时服务网站、移动客户端和电视频道。",
]


# The demo's dates were written for this day. Loaded later, every date moves on by
# whole weeks (weekdays hold: the star-gazing stays on Saturdays) and festivals by
# whole years, so a fresh `make run` always has dates ahead and an archive behind.
WRITTEN_ON = datetime.date(2026, 11, 30)


def _days_since_written():
    return max(0, (timezone.localdate() - WRITTEN_ON).days)


def demo_day(day):
    """A date of the demo, moved on to keep its place relative to today."""
    return day + datetime.timedelta(weeks=_days_since_written() // 7)


def demo_year(year):
    """A festival's year, moved on by the whole years since the demo was written."""
    return year + _days_since_written() // 365


def demo_image(title, colour, collection, seed=0):
    """A small generated logo: a coloured tile with an atom-like emblem."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    size = 256
    canvas = PILImage.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(canvas)
    centre = size / 2
    for step in range(3):
        angle = math.radians(60 * step + seed * 7)
        dx, dy = math.cos(angle), math.sin(angle)
        points = [
            (
                centre + 90 * math.cos(t) * dx - 34 * math.sin(t) * dy,
                centre + 90 * math.cos(t) * dy + 34 * math.sin(t) * dx,
            )
            for t in (i * math.pi / 36 for i in range(73))
        ]
        draw.line(points, fill="white", width=8)
    draw.ellipse((centre - 20, centre - 20, centre + 20, centre + 20), fill="white")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return Image.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"demo-{seed}.png"),
        collection=collection,
    )


def paragraphs(texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def load_home():
    """The home page as the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome" page (and a Site
        # pointing at it, which goes with it); the HomePage takes its place.
        Page.objects.child_of(root).not_type(HomePage).filter(slug="home").delete()
        home = root.add_child(
            instance=HomePage(
                title="首都科普",
                slug="home",
                hero_title="科学在身边",
                summary="北京科技周、全国科普日、首都科学讲堂与科普大篷车，一站查看、一键订阅。",
                body=[
                    (
                        "callout",
                        {
                            "tone": "info",
                            "title": "首都科学讲堂，每月一讲",
                            "text": "<p>科学家面对面讲前沿科学与身边的科学，现场免费；错过了也能看视频和文字稿。</p>",
                        },
                    ),
                ],
            )
        )
        home.save_revision().publish()
    # Absolute links (sitemap, feeds, API) use the Site's host and port, so they
    # follow WAGTAILADMIN_BASE_URL, which `make run` sets from PORT.
    base_url = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.site_name = site.site_name or "首都科普"
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.save()
    return home


def load_settings(site):
    settings = SiteSettings.for_site(site)
    if not settings.address:
        settings.tagline = "提高全民科学素质，服务首都创新发展"
        settings.address = "北京市海淀区复兴路3号"
        settings.phone = "010-68000000"
        settings.email = "kepu@example.org.cn"
        settings.footer_text = "本站科普内容由各学会、区县科协提供，经北京市科协审核发布。"
        settings.icp_number = "京ICP备00000000号（演示）"
        settings.save()


def load_sections(password):
    created = []
    for order, (kind, slug, name, colour, summary) in enumerate(SECTIONS):
        section = setup_section(
            kind=kind,
            name=name,
            slug=slug,
            summary=summary,
            address=SECTION_ADDRESSES.get(slug, ""),
            phone=f"010-6{order:02d}{order + 11:02d}{order + 30:03d}",
            email=f"{slug}@example.org.cn",
            body=paragraphs([summary, "欢迎关注本栏目的活动预告、科普文章和讲座。"]),
        )
        if section.logo_id is None:
            collection = Collection.objects.get(name=name)
            section.logo = demo_image(f"{name}标志", colour, collection, seed=order)
            section.save_revision().publish()
        demo_email(add_person(section, f"{slug}-editor", password=password)[0])
        demo_email(add_person(section, f"{slug}-moderator", moderator=True, password=password)[0])
        if slug in SECTION_PAGES and not section.get_children().exists():
            title, texts = SECTION_PAGES[slug]
            page = section.add_child(instance=StandardPage(title=title, body=paragraphs(texts)))
            page.save_revision().publish()
        created.append(section)
    return created


def load_about(home):
    if not StandardPage.objects.child_of(home).filter(slug="about").exists():
        about = home.add_child(
            instance=StandardPage(
                title="关于我们", slug="about", show_in_menus=True, body=paragraphs(ABOUT_TEXT)
            )
        )
        about.save_revision().publish()


def demo_email(user):
    """Every demo account has <username>@example.org.cn, so notifications can be seen (DESIGN.md)."""
    if not user.email:
        user.email = f"{user.username}@example.org.cn"
        user.save(update_fields=["email"])
    return user


def demo_account(username, password, group_name):
    """
    A demo login in ``group_name``. Passwords are set only when an account is
    created: re-running keeps any password a person has since changed (and
    skips slow hashing).
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password)
    user.groups.add(Group.objects.get(name=group_name))
    return demo_email(user)


def load_people(password):
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.org.cn", password)
    association_groups()
    demo_account("approver", password, APPROVERS)
    demo_account("duty-expert", password, DUTY_EXPERTS)


DEMO_SYNONYMS = [
    ("雾霾 = PM2.5 = 灰霾", ""),
    ("新冠 = 新型冠状病毒 = 新冠病毒", ""),
    ("台风 = 热带气旋", ""),
    ("节水 = 节约用水", ""),
    ("心肺复苏 = CPR", ""),
]


def load_synonyms():
    from .synonyms import SearchSynonym

    for words, note in DEMO_SYNONYMS:
        SearchSynonym.objects.get_or_create(words=words, defaults={"note": note})


def load(password):
    home = load_home()
    load_synonyms()
    load_settings(Site.objects.get(root_page=home))
    load_people(password)
    load_sections(password)
    load_about(home)
    return home
