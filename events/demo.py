"""
Demo calendar: venues, 2026 and 2025 Beijing Science Week (北京科技周, May),
2026 Science Day (全国科普日, September), a weekly stargazing series with a
cancelled and a postponed date, a 科普大篷车 tour, and winter events so the
upcoming list has something in it. Idempotent: pages are found by title under
their parent and venues by name; only what is missing is created.
"""

import datetime

from home.demo import demo_day, demo_year, paragraphs
from home.models import HomePage, SectionPage

from .models import EventDateChange, EventIndexPage, EventPage, FestivalPage, TourPage, TourStop, Venue
from .models.schedule import local_zone

BEIJING = local_zone()

# fmt: off
# key: (name, address, district, latitude, longitude, transport, is_science_base)
VENUES = {
    "bsc": ("北京科学中心", "北京市西城区北辰路9号院", "xicheng", 39.9583, 116.3798, "地铁8号线安华桥站B口步行约10分钟", True),
    "cstm": ("中国科学技术馆", "北京市朝阳区北辰东路5号", "chaoyang", 40.0045, 116.3925, "地铁8号线奥林匹克公园站B口", True),
    "planetarium": ("北京天文馆", "北京市西城区西直门外大街138号", "xicheng", 39.9369, 116.3363, "地铁4号线动物园站D口", True),
    "nature": ("北京自然博物馆", "北京市东城区天桥南大街126号", "dongcheng", 39.8807, 116.4046, "地铁8号线天桥站", True),
    "zoo": ("北京动物园科普馆", "北京市西城区西直门外大街137号", "xicheng", 39.9399, 116.3339, "地铁4号线动物园站A口", True),
    "haidian_lib": ("海淀区图书馆", "北京市海淀区丹棱街16号", "haidian", 39.9830, 116.3065, "地铁4号线海淀黄庄站", False),
    "chaoyang_culture": ("朝阳区文化馆", "北京市朝阳区小庄路口东", "chaoyang", 39.9196, 116.4725, "地铁6号线金台路站", False),
    "dongcheng_lib": ("东城区第一图书馆", "北京市东城区交道口东大街85号", "dongcheng", 39.9409, 116.4110, "地铁5号线北新桥站", False),
    "tsinghua_museum": ("清华大学科学博物馆", "北京市海淀区清华园1号", "haidian", 40.0000, 116.3262, "地铁15号线清华东路西口站", True),
    "seismo": ("北京市防震减灾科普馆", "北京市海淀区苏州街甲28号", "haidian", 39.9548, 116.3119, "地铁10号线苏州街站", True),
    "changping_youth": ("昌平区青少年活动中心", "北京市昌平区府学路10号", "changping", 40.2208, 116.2312, "昌平线昌平站", False),
    "tongzhou_lib": ("通州区图书馆", "北京市通州区新华东街256号", "tongzhou", 39.9076, 116.6571, "地铁6号线北运河西站", False),
    "daxing_culture": ("大兴区文化馆", "北京市大兴区兴华大街三段", "daxing", 39.7267, 116.3414, "地铁4号线大兴段清源路站", False),
    "fangshan_youth": ("房山区青少年活动中心", "北京市房山区良乡拱辰北大街", "fangshan", 39.7355, 116.1395, "房山线良乡大学城北站", False),
    "yanqing_park": ("延庆区世园公园科普馆", "北京市延庆区世园公园内", "yanqing", 40.4397, 115.9660, "S2线延庆站换乘公交", True),
    "miyun_school": ("密云区第二小学", "北京市密云区鼓楼东大街", "miyun", 40.3764, 116.8430, "公交密云鼓楼站", False),
}

# (section, title, day of the festival (0 = its first day) or a date, hour, hours, venue,
#  audience, tags, free, needs registration)
SCIENCE_WEEK_2026 = [
    ("astronomy", "天象厅特别放映：看见黑洞", 0, 10, 1, "planetarium", "children,families", "天文", True, True),
    ("astronomy", "日面观测：太阳黑子与耀斑", 0, 14, 2, "bsc", "students,families", "天文", True, False),
    ("astronomy", "天文望远镜使用入门", 1, 19, 2, "planetarium", "families", "天文", True, True),
    ("astronomy", "火星探测二十年", 3, 14, 2, "cstm", "students,professionals", "天文,航天", True, False),
    ("astronomy", "给孩子讲星座故事", 5, 10, 1, "haidian_lib", "children", "天文", True, False),
    ("seismology", "地震来了怎么办：家庭演练", 0, 9, 2, "seismo", "families,seniors", "防震减灾", True, False),
    ("seismology", "地震波的秘密：互动实验", 2, 14, 2, "bsc", "students", "防震减灾", True, True),
    ("seismology", "校园应急疏散体验", 4, 10, 2, "dongcheng_lib", "children,students", "防震减灾", True, False),
    ("seismology", "活断层与城市安全", 6, 14, 2, "seismo", "professionals", "防震减灾", True, True),
    ("meteorology", "天气预报是怎样做出来的", 1, 10, 2, "bsc", "students", "气象", True, False),
    ("meteorology", "暴雨来临前：城市内涝与自救", 2, 19, 2, "chaoyang_culture", "seniors,families", "气象,应急", True, False),
    ("meteorology", "气象站开放日", 5, 9, 6, "cstm", "families", "气象", True, True),
    ("meteorology", "气候变化与北京的夏天", 6, 10, 2, "dongcheng_lib", "seniors", "气象,气候变化", True, False),
    ("zoology", "夜探动物园：谁在夜里醒着", 0, 19, 2, "zoo", "families", "动物,生物多样性", False, True),
    ("zoology", "鸟类环志与迁徙", 2, 9, 3, "zoo", "students", "动物", True, True),
    ("zoology", "恐龙化石修复现场", 3, 10, 2, "nature", "children,families", "古生物", True, False),
    ("zoology", "城市里的野生动物", 5, 14, 2, "haidian_lib", "families,seniors", "动物,生物多样性", True, False),
    ("computing", "人工智能如何看懂图片", 0, 14, 2, "tsinghua_museum", "students,professionals", "人工智能", True, True),
    ("computing", "老年人智能手机防诈骗课堂", 1, 9, 2, "chaoyang_culture", "seniors", "网络安全", True, False),
    ("computing", "少儿编程：做一个会说话的机器人", 2, 14, 3, "cstm", "children", "人工智能,编程", True, True),
    ("computing", "大模型与我们的工作", 4, 19, 2, "bsc", "professionals", "人工智能", True, True),
    ("computing", "网络安全知识竞赛", 6, 9, 4, "dongcheng_lib", "students", "网络安全", True, True),
    ("haidian", "中关村科技成果进社区", 0, 9, 4, "haidian_lib", "families,seniors", "科技创新", True, False),
    ("haidian", "青少年科学实验擂台赛", 3, 13, 4, "haidian_lib", "students", "科学实验", True, True),
    ("chaoyang", "社区健康科普大讲堂", 1, 14, 2, "chaoyang_culture", "seniors", "健康", True, False),
    ("chaoyang", "家庭科学实验日", 5, 10, 4, "chaoyang_culture", "families,children", "科学实验", True, False),
    ("dongcheng", "胡同里的科学：老北京建筑的智慧", 2, 14, 2, "dongcheng_lib", "families,seniors", "建筑,传统科技", True, False),
    ("dongcheng", "自然博物馆奇妙夜", 4, 18, 3, "nature", "children,families", "古生物,动物", False, True),
    ("xicheng", "科学中心开放日：动手做实验", 6, 9, 8, "bsc", "children,families", "科学实验", True, False),
    ("changping", "科普惠农：智慧农业新技术", 3, 9, 3, "changping_youth", "professionals", "农业", True, False),
    ("changping", "昌平青少年无人机表演赛", 6, 14, 3, "changping_youth", "students", "航天,编程", True, True),
    ("tsinghua", "走进清华实验室", 4, 9, 3, "tsinghua_museum", "students", "科技创新", True, True),
    ("tsinghua", "科学家面对面：量子计算", 5, 14, 2, "tsinghua_museum", "students,professionals", "量子,科技创新", True, True),
]

SCIENCE_WEEK_2025 = [
    ("astronomy", "2025天文开放夜", 0, 19, 2, "planetarium", "families", "天文", True, True),
    ("seismology", "2025防震减灾体验营", 1, 9, 3, "seismo", "children,families", "防震减灾", True, False),
    ("computing", "2025人工智能开放日", 2, 14, 3, "tsinghua_museum", "students", "人工智能", True, True),
    ("zoology", "2025走进动物园科普馆", 3, 10, 2, "zoo", "children", "动物", True, False),
    ("haidian", "2025海淀科普市集", 5, 9, 6, "haidian_lib", "families", "科技创新", True, False),
    ("chaoyang", "2025社区科学夜", 6, 18, 3, "chaoyang_culture", "families", "科学实验", True, False),
]

SCIENCE_DAY_2026 = [
    ("xicheng", "全国科普日北京主场开幕式", 0, 9, 3, "cstm", "families,professionals", "科技创新", True, False),
    ("computing", "主场展区：人工智能体验馆", 0, 9, 8, "cstm", "students,families", "人工智能", True, False),
    ("astronomy", "主场展区：中国航天成就展", 1, 9, 8, "cstm", "students,families", "航天", True, False),
    ("haidian", "海淀分会场：社区应急科普", 1, 14, 2, "haidian_lib", "seniors", "应急", True, False),
    ("chaoyang", "朝阳分会场：食品安全知识讲座", 2, 10, 2, "chaoyang_culture", "seniors,families", "健康", True, False),
    ("changping", "昌平分会场：科普惠农集市", 3, 9, 4, "changping_youth", "families", "农业", True, False),
    ("dongcheng", "东城分会场：青少年科学表演", 4, 14, 2, "dongcheng_lib", "children,students", "科学实验", True, True),
]

# Winter, after "today" (2026-11-29): what the upcoming list shows.
WINTER = [
    ("astronomy", "双子座流星雨观测之夜", demo_day(datetime.date(2026, 12, 13)), 20, 3, "planetarium", "families", "天文", True, True),
    ("meteorology", "冬季雾霾与健康防护", demo_day(datetime.date(2026, 12, 6)), 14, 2, "chaoyang_culture", "seniors", "气象,健康", True, False),
    ("computing", "寒假少儿编程营", demo_day(datetime.date(2027, 1, 18)), 9, 6, "cstm", "children", "编程", False, True),
    ("zoology", "冬季观鸟：城市湿地的候鸟", demo_day(datetime.date(2027, 1, 9)), 8, 3, "zoo", "families", "动物,生物多样性", True, True),
    ("haidian", "海淀寒假科学实验课", demo_day(datetime.date(2027, 1, 25)), 14, 2, "haidian_lib", "students", "科学实验", True, True),
    ("dongcheng", "春节民俗里的科学", demo_day(datetime.date(2027, 2, 13)), 10, 2, "dongcheng_lib", "families,seniors", "传统科技", True, False),
    ("seismology", "冬季防火防震安全课", demo_day(datetime.date(2026, 12, 19)), 10, 2, "seismo", "seniors,families", "防震减灾,应急", True, False),
    ("tsinghua", "清华寒假科学营", demo_day(datetime.date(2027, 2, 1)), 9, 7, "tsinghua_museum", "students", "科技创新", True, True),
    ("xicheng", "元宵节科学灯会", demo_day(datetime.date(2027, 2, 20)), 18, 3, "bsc", "families,children", "科学实验", True, False),
]

TOUR_STOPS = [
    ("tongzhou_lib", demo_day(datetime.date(2026, 10, 12)), 9, "scheduled", ""),
    ("daxing_culture", demo_day(datetime.date(2026, 10, 26)), 9, "scheduled", ""),
    ("fangshan_youth", demo_day(datetime.date(2026, 11, 9)), 9, "cancelled", "场馆维修，本站取消"),
    ("changping_youth", demo_day(datetime.date(2026, 11, 23)), 12, "scheduled", ""),
    ("miyun_school", demo_day(datetime.date(2026, 12, 7)), 9, "scheduled", "进校园，仅对本校学生开放"),
    ("yanqing_park", demo_day(datetime.date(2026, 12, 21)), 9, "postponed", "因降雪延期，新日期另行通知"),
    ("chaoyang_culture", demo_day(datetime.date(2027, 1, 11)), 12, "scheduled", ""),
    ("dongcheng_lib", demo_day(datetime.date(2027, 1, 25)), 12, "scheduled", ""),
    ("haidian_lib", demo_day(datetime.date(2027, 2, 22)), 13, "scheduled", ""),
]
# fmt: on


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_venues():
    venues = {}
    for key, (name, address, district, lat, lng, transport, is_base) in VENUES.items():
        venues[key], _created = Venue.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "district": district,
                "latitude": f"{lat:.6f}",
                "longitude": f"{lng:.6f}",
                "transport": transport,
                "accessibility": "无障碍坡道与电梯；可预约轮椅。" if is_base else "",
                "is_science_base": is_base,
            },
        )
    return venues


def load_calendar(home):
    calendar = EventIndexPage.objects.child_of(home).first()
    if calendar is None:
        calendar = _publish(
            home,
            EventIndexPage(
                title="活动日历",
                slug="calendar",
                show_in_menus=True,
                summary="北京科技周、全国科普日和各学会、区科协的科普活动：按日期、地区和人群查找，一键订阅到手机日历。",
            ),
        )
    return calendar


def load_festival(calendar, title, *, year, start, end, theme, venue):
    festival = FestivalPage.objects.child_of(calendar).filter(title=title).first()
    if festival is None:
        festival = _publish(
            calendar,
            FestivalPage(
                title=title,
                year=year,
                start_date=start,
                end_date=end,
                theme=theme,
                main_venue=venue,
                summary=f"{title}，主题“{theme}”，全市各学会、区科协同步举办数百场科普活动。",
                body=paragraphs([f"{title}以“{theme}”为主题，活动免费向公众开放，部分活动需提前报名。"]),
            ),
        )
    return festival


def load_event(section, title, start, hours, venue, audience, tags, free, registration, **fields):
    if EventPage.objects.child_of(section).filter(title=title).exists():
        return None
    event = EventPage(
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        venue=venue,
        audience=audience,
        is_free=free,
        takes_signups=registration,
        capacity=60 if registration else None,
        seats_per_person=3 if registration and "families" in audience else 1,
        summary=f"{section.title}主办。{title}，欢迎参加。",
        body=paragraphs(
            [f"{title}由{section.title}组织，面向公众开放。", "请提前10分钟到场，携带有效证件。"]
        ),
        **fields,
    )
    event.tags.add(*tags.split(","))
    return _publish(section, event)


def load_programme(rows, first_day, venues, festival=None):
    for slug, title, offset, hour, hours, venue, audience, tags, free, registration in rows:
        day = first_day + datetime.timedelta(days=offset) if isinstance(offset, int) else offset
        section = SectionPage.objects.get(slug=slug)
        load_event(
            section,
            title,
            _at(day, hour),
            hours,
            venues[venue],
            audience,
            tags,
            free,
            registration,
            festival=festival,
        )


def load_series(venues):
    astronomy = SectionPage.objects.get(slug="astronomy")
    load_event(
        astronomy,
        "周六观星会",
        _at(demo_day(datetime.date(2026, 12, 5)), 19),
        2,
        venues["planetarium"],
        "families,children",
        "天文",
        True,
        True,
        repeat="WEEKLY",
        repeat_count=12,
        date_changes=[
            EventDateChange(
                date=demo_day(datetime.date(2026, 12, 26)),
                change="cancelled",
                note="天文馆年终闭馆检修，本次取消。",
            ),
            EventDateChange(
                date=demo_day(datetime.date(2027, 1, 9)),
                change="postponed",
                note="天气预报有雪，延期举行，新时间另行通知。",
            ),
            EventDateChange(
                date=demo_day(datetime.date(2027, 1, 23)),
                change="moved",
                new_start=_at(demo_day(datetime.date(2027, 1, 24)), 19),
                new_venue=venues["bsc"],
                note="改在周日，地点改为北京科学中心。",
            ),
        ],
    )


def load_tour(venues):
    haidian = SectionPage.objects.get(slug="haidian")
    if TourPage.objects.filter(title="科普大篷车2026").exists():
        return
    tour = TourPage(
        title="科普大篷车2026",
        summary="装满互动展品的科普大篷车开进各区社区、学校和乡村，免费参观。",
        audience="children,students,families",
        body=paragraphs(["科普大篷车携带50余件互动展品，每站停留约两周，周末有科普辅导员讲解。"]),
        stops=[
            TourStop(
                venue=venues[key],
                start_date=start,
                end_date=start + datetime.timedelta(days=days),
                status=status,
                note=note,
            )
            for key, start, days, status, note in TOUR_STOPS
        ],
    )
    _publish(haidian, tour)


def load(password):
    home = HomePage.objects.first()
    venues = load_venues()
    calendar = load_calendar(home)
    week_2026 = load_festival(
        calendar,
        f"{demo_year(2026)}北京科技周",
        year=demo_year(2026),
        start=datetime.date(demo_year(2026), 5, 16),
        end=datetime.date(demo_year(2026), 5, 22),
        theme="科技创新 美好生活",
        venue=venues["bsc"],
    )
    week_2025 = load_festival(
        calendar,
        f"{demo_year(2025)}北京科技周",
        year=demo_year(2025),
        start=datetime.date(demo_year(2025), 5, 17),
        end=datetime.date(demo_year(2025), 5, 23),
        theme="科技强国 创新未来",
        venue=venues["bsc"],
    )
    science_day = load_festival(
        calendar,
        f"{demo_year(2026)}全国科普日北京主会场",
        year=demo_year(2026),
        start=datetime.date(demo_year(2026), 9, 19),
        end=datetime.date(demo_year(2026), 9, 25),
        theme="提升全民科学素质",
        venue=venues["cstm"],
    )
    load_programme(SCIENCE_WEEK_2026, week_2026.start_date, venues, week_2026)
    load_programme(SCIENCE_WEEK_2025, week_2025.start_date, venues, week_2025)
    load_programme(SCIENCE_DAY_2026, science_day.start_date, venues, science_day)
    load_programme(WINTER, None, venues)
    load_series(venues)
    load_tour(venues)
    return calendar
