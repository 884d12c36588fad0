"""
Demo articles and clarifications in Chinese, from the seed plan's themes
(energy saving, ecology, safety and health). Idempotent: pages are looked up
by slug, snippets by name, and only what is missing is created.
"""

import datetime

from django.utils import timezone

from home.demo import demo_account, demo_day
from home.models import HomePage, SectionPage

from .models import (
    ArticleIndexPage,
    ArticlePage,
    ClarificationEvidence,
    ClarificationExpert,
    ClarificationIndexPage,
    ClarificationPage,
    ClarificationUpdate,
    Expert,
    Incident,
    Verdict,
)
from .workflows import CLARIFICATION_EDITORS, setup_fast_lane

TODAY = demo_day(datetime.date(2026, 11, 29))

EXPERTS = [
    ("李建国", "研究员", "中国地震局地球物理研究所"),
    ("王秀兰", "主任医师", "北京市疾病预防控制中心"),
    ("张明", "教授", "中国农业大学食品科学与营养工程学院"),
    ("陈静", "高级工程师", "北京市节能环保中心"),
    ("刘洋", "副研究员", "中国科学院动物研究所"),
]

# (section slug or None for the central index, slug, title, author, reviewer, tags, summary, paragraphs, days ago)
ARTICLES = [
    (
        "haidian",
        "jie-neng-kong-tiao",
        "冬季空调调到多少度最省电",
        "海淀区科协",
        "陈静",
        ["节能"],
        "制热温度每调低1℃，大约可省电5%到10%。",
        [
            "冬季使用空调制热时，把温度设定在18℃到20℃之间，既舒适又节能。",
            "定期清洗滤网能让空调效率提高约10%，出门前半小时关机也不会明显影响室温。",
        ],
        1,
    ),
    (
        "chaoyang",
        "jia-ting-jie-shui",
        "家庭节水的十个小窍门",
        "朝阳区科协",
        "陈静",
        ["节能", "生态"],
        "一只滴水的龙头一年会浪费数吨水。",
        [
            "洗菜水可以用来浇花、冲厕所；淋浴比盆浴节省一半以上的水。",
            "检查马桶水箱是否漏水：滴几滴食用色素，半小时后马桶里出现颜色就说明漏水了。",
        ],
        2,
    ),
    (
        "dongcheng",
        "la-ji-fen-lei",
        "厨余垃圾为什么要单独分类",
        "东城区科协",
        None,
        ["生态"],
        "厨余垃圾经过处理可以变成肥料和沼气。",
        [
            "厨余垃圾含水量高，混入其他垃圾后会影响焚烧效率，还会产生渗滤液。",
            "分出来的厨余垃圾经过厌氧发酵，可以产生沼气发电，残渣还能制成有机肥。",
        ],
        3,
    ),
    (
        "zoology",
        "cheng-shi-niao-lei",
        "城市里的鸟：北京常见的二十种鸟",
        "北京动物学会",
        "刘洋",
        ["生态"],
        "在公园和小区里，你能认出几种鸟？",
        [
            "喜鹊、灰喜鹊、麻雀和珠颈斑鸠是北京城区最常见的鸟类。",
            "冬季的颐和园和圆明园还能看到从北方飞来越冬的鸳鸯和绿头鸭。",
        ],
        4,
    ),
    (
        "seismology",
        "di-zhen-bi-xian",
        "地震来了，在家里躲在哪里最安全",
        "北京地震学会",
        "李建国",
        ["安全"],
        "伏地、遮挡、手抓牢：记住这三个动作。",
        [
            "震时就近躲避在坚固的桌子下或内墙墙角，用手护住头颈部，不要跳楼，也不要乘电梯。",
            "震后有序撤离到空旷地带，远离高大建筑、广告牌和电线杆。",
        ],
        5,
    ),
    (
        "meteorology",
        "han-chao-fang-hu",
        "寒潮来袭，老人和孩子如何防护",
        "北京气象学会",
        "王秀兰",
        ["安全", "健康"],
        "寒潮期间要特别注意心脑血管疾病和一氧化碳中毒。",
        [
            "气温骤降时，老人晨练可以推迟到太阳出来以后，外出注意头部和手脚保暖。",
            "使用燃气取暖时务必保持通风，安装一氧化碳报警器。",
        ],
        6,
    ),
    (
        "computing",
        "wang-luo-zha-pian",
        "识破AI换脸诈骗的五个方法",
        "北京计算机学会",
        None,
        ["安全"],
        "视频通话里的“熟人”也可能是假的。",
        [
            "遇到借钱、转账的视频请求，请对方用手在脸前挥一挥，换脸画面往往会出现破绽。",
            "通过其他渠道再次核实身份，不要轻易点击陌生链接或共享屏幕。",
        ],
        7,
    ),
    (
        "haidian",
        "shi-pin-an-quan",
        "隔夜菜到底能不能吃",
        "海淀区科协",
        "张明",
        ["健康"],
        "关键在于储存方式和时间，而不是“隔夜”本身。",
        [
            "做好的菜尽快放入冰箱冷藏，一般在24小时内吃完，重新加热要热透。",
            "绿叶蔬菜最好现做现吃，凉拌菜不宜长时间存放。",
        ],
        8,
    ),
    (
        "changping",
        "tu-rang-bao-hu",
        "京郊农田的土壤健康体检",
        "昌平区科协",
        None,
        ["生态"],
        "测土配方施肥，让庄稼吃得好，让土地歇得好。",
        [
            "昌平区在部分村庄开展测土配方施肥，化肥用量减少的同时产量保持稳定。",
            "秸秆还田和种植绿肥能增加土壤有机质，减少扬尘。",
        ],
        9,
    ),
    (
        "tsinghua",
        "guang-fu-fa-dian",
        "阳台光伏：在家也能发电吗",
        "清华大学科协",
        "陈静",
        ["节能"],
        "小型光伏板适合朝南、无遮挡的阳台。",
        [
            "一块400瓦的光伏板在北京晴天每天可发电约1.5度，足够给手机、路由器和台灯供电。",
            "安装前要确认阳台承重和物业规定，并使用带有防逆流保护的设备。",
        ],
        10,
    ),
    (
        "astronomy",
        "guang-wu-ran",
        "光污染让城市看不见银河",
        "北京天文学会",
        None,
        ["生态", "节能"],
        "减少不必要的夜间照明，既节能也保护夜空。",
        [
            "向上散射的灯光会照亮天空背景，使暗弱的星星淹没在光里。",
            "使用带遮光罩的灯具、降低色温，能明显减少光污染。",
        ],
        11,
    ),
    (
        None,
        "ji-jiu-chang-shi",
        "心肺复苏：每个人都该学会的急救技能",
        "市科协科普部",
        "王秀兰",
        ["健康", "安全"],
        "心脏骤停后4分钟内是抢救的黄金时间。",
        [
            "发现有人倒地，先确认环境安全，拍打双肩呼叫，判断有无反应和呼吸。",
            "立即拨打120，并开始胸外按压：双手交叠，按压胸部正中，每分钟100到120次，深度5到6厘米。",
        ],
        12,
    ),
    (
        None,
        "shui-mian-jian-kang",
        "青少年每天应该睡多久",
        "市科协科普部",
        "王秀兰",
        ["健康"],
        "中小学生每天需要9到10小时睡眠。",
        [
            "睡前一小时放下手机，屏幕蓝光会推迟褪黑素分泌，让人更难入睡。",
            "周末补觉不宜超过两小时，作息规律比睡得多更重要。",
        ],
        13,
    ),
]

INCIDENTS = [
    (
        "2026年11月某地地震",
        Incident.Kind.EARTHQUAKE,
        demo_day(datetime.date(2026, 11, 26)),
        "11月26日凌晨发生的5.1级地震后，网络上出现多条传言。",
    ),
    (
        "2026年11月“毒草莓”传言",
        Incident.Kind.FOOD,
        demo_day(datetime.date(2026, 11, 18)),
        "关于冬季草莓使用膨大剂、催熟剂的传言集中出现。",
    ),
]

# (incident index, slug, title, claim, where seen, days before today first seen, verdict, answer, explanation, experts, urgent)
CLARIFICATIONS = [
    (
        0,
        "di-zhen-yu-bao-xiao-xi",
        "“今晚还有7级大地震”？不实",
        "网传消息称，今晚10点本市将发生7级以上强烈地震，请大家不要回家。",
        "微信群、短视频平台",
        1,
        Verdict.FALSE,
        "目前的科学水平无法准确预测地震发生的时间，这条“预报”是谣言。",
        [
            "我国地震预报由国务院授权的机构按规定程序发布，任何个人和网络平台都无权发布。",
            "余震仍可能发生，但强度通常逐渐减弱。请关注官方发布的信息，不信谣、不传谣。",
        ],
        [0],
        True,
    ),
    (
        0,
        "dong-wu-yi-chang-yu-zhao",
        "动物异常就是地震前兆吗",
        "网传视频显示小区里大量蚂蚁搬家、狗狂叫，称这是大地震即将来临的前兆。",
        "短视频平台",
        2,
        Verdict.MISLEADING,
        "动物行为受天气、季节等很多因素影响，不能单凭动物异常判断地震。",
        [
            "少数大地震前确实有过动物异常的报道，但更多的动物异常之后并没有发生地震。",
            "蚂蚁搬家常常是因为降雨前湿度变化。",
        ],
        [0, 4],
        False,
    ),
    (
        0,
        "yu-zhen-ci-shu",
        "余震越多说明要来更大的地震？",
        "有人说这次余震特别多，说明后面会有更大的地震。",
        "微博",
        2,
        Verdict.UNPROVEN,
        "余震多少与是否会发生更大地震之间没有确定的对应关系，专家正在持续监测。",
        [
            "大多数地震序列是“主震—余震型”，余震数量随时间减少。",
            "少数情况下会出现更大的地震，所以仍需做好防范。",
        ],
        [0],
        False,
    ),
    (
        1,
        "cao-mei-peng-da-ji",
        "草莓个头大、畸形就是打了膨大剂？",
        "网传个头大、形状怪的草莓都使用了膨大剂，吃了会致癌。",
        "微信朋友圈",
        10,
        Verdict.MISLEADING,
        "草莓畸形多与授粉不充分有关；合规使用的植物生长调节剂没有致癌风险。",
        [
            "我国对植物生长调节剂的使用和残留有严格标准，合规使用不会危害健康。",
            "温室草莓如果蜜蜂授粉不均匀，就会长成不规则形状。",
        ],
        [2],
        False,
    ),
    (
        1,
        "cao-mei-yan-shui-jin-pao",
        "用盐水泡草莓能去除农药？",
        "网传把草莓用盐水浸泡半小时，可以去除农药残留。",
        "短视频平台",
        9,
        Verdict.TRUE_WITH_CONTEXT,
        "清水冲洗后短时间浸泡有一定作用，但浸泡太久反而可能让污染物渗入。",
        ["先用流水冲洗，再用清水浸泡5到10分钟即可，不要去掉草莓蒂后再泡。", "盐水并不比清水更有效。"],
        [2, 1],
        False,
    ),
]


def load_indexes(home):
    articles = ArticleIndexPage.objects.filter(slug="articles").first()
    if articles is None:
        articles = home.add_child(
            instance=ArticleIndexPage(
                title="科普文章",
                slug="articles",
                show_in_menus=True,
                summary="节能、生态、安全与健康，专家审核的科普文章。",
            )
        )
        articles.save_revision().publish()
    clarifications = ClarificationIndexPage.objects.filter(slug="clarifications").first()
    if clarifications is None:
        clarifications = home.add_child(
            instance=ClarificationIndexPage(
                title="应急科普",
                slug="clarifications",
                show_in_menus=True,
                summary="突发事件中的网络传言，由值班专家核实后给出权威解答。",
            )
        )
        clarifications.save_revision().publish()
    return articles, clarifications


def load_experts():
    return [
        Expert.objects.get_or_create(name=name, defaults={"title": title, "organisation": organisation})[0]
        for name, title, organisation in EXPERTS
    ]


def _published_at(days_ago):
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(9))
    )


def load_articles(index, experts):
    reviewers = {expert.name: expert for expert in experts}
    for section_slug, slug, title, author, reviewer, tags, summary, texts, days_ago in ARTICLES:
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        parent = SectionPage.objects.filter(slug=section_slug).first() if section_slug else index
        if parent is None:
            continue
        article = ArticlePage(
            title=title,
            slug=slug,
            author=author,
            reviewer=reviewers.get(reviewer),
            summary=summary,
            body=[("paragraph", f"<p>{text}</p>") for text in texts],
            first_published_at=_published_at(days_ago),
        )
        article.tags.add(*tags)
        parent.add_child(instance=article)
        article.save_revision().publish()


def load_clarifications(index, experts):
    incidents = [
        Incident.objects.get_or_create(
            name=name, defaults={"kind": kind, "start_date": start, "summary": summary}
        )[0]
        for name, kind, start, summary in INCIDENTS
    ]
    for number, row in enumerate(CLARIFICATIONS):
        incident, slug, title, claim, where, seen, verdict, answer, texts, expert_ids, urgent = row
        if ClarificationPage.objects.filter(slug=slug).exists():
            continue
        page = ClarificationPage(
            title=title,
            slug=slug,
            claim=claim,
            claim_seen_where=where,
            claim_first_seen=TODAY - datetime.timedelta(days=seen),
            verdict=verdict,
            answer=answer,
            summary=answer,
            incident=incidents[incident],
            explanation=[("paragraph", f"<p>{text}</p>") for text in texts],
            urgent=urgent,
            urgent_until=timezone.now() + datetime.timedelta(days=3) if urgent else None,
            first_published_at=_published_at(seen) + datetime.timedelta(hours=number),
        )
        page.evidence = [
            ClarificationEvidence(
                title="中国地震局：地震预报发布管理规定"
                if incident == 0
                else "国家食品安全风险评估中心：植物生长调节剂科普问答",
                publisher="中国地震局" if incident == 0 else "国家食品安全风险评估中心",
                url="https://www.cea.gov.cn/" if incident == 0 else "https://www.cfsa.net.cn/",
                date=TODAY - datetime.timedelta(days=seen),
            )
        ]
        page.experts = [ClarificationExpert(expert=experts[i]) for i in expert_ids]
        if urgent:
            page.updates = [ClarificationUpdate(date=timezone.now(), note="补充了中国地震局的最新通报。")]
        index.add_child(instance=page)
        page.save_revision().publish()


def load_people(password):
    demo_account("clarification-editor", password, CLARIFICATION_EDITORS)


def load(password):
    home = HomePage.objects.first()
    articles, clarifications = load_indexes(home)
    setup_fast_lane(clarifications)
    load_people(password)
    experts = load_experts()
    load_articles(articles, experts)
    load_clarifications(clarifications, experts)
