"""
Demo 首都科学讲堂: a year of monthly lectures (2026-01 to 2027-03), the future
ones in the calendars, the four latest past ones with a short recording and
Chinese captions (English on one), plus one lecture by 海淀区科协. Idempotent:
pages are found by title, speakers by name, videos by title.

The recordings are a few seconds of test picture and tone. With ffmpeg on the
machine each lecture gets its own clip; without it they share the one small
file shipped in demo_media/. Either way duration and size are read from the
file by lectures.probe, as for an editor's upload.
"""

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.models import Collection

from events.models import Venue
from events.models.schedule import local_zone
from home.demo import demo_day, paragraphs
from home.models import HomePage, SectionPage
from home.sections import top_collection

from . import recording_access
from .models import CaptionTrack, LecturePage, LectureSeriesPage, LectureSpeaker, LectureVideo, Speaker

SAMPLE_VIDEO = Path(__file__).resolve().parent / "demo_media" / "lecture-sample.mp4"
SERIES_TITLE = "首都科学讲堂"

# fmt: off
# key: (name, title, affiliation, bio)
SPEAKERS = {
    "lin": ("林晓岚", "研究员", "中国科学院国家天文台", "长期从事太阳物理研究，参与多项空间天文观测任务，热心面向青少年的天文科普。"),
    "zhao": ("赵志远", "高级工程师", "北京市地震局", "从事地震监测预警和防震减灾宣传工作二十余年，编写多部社区应急科普读本。"),
    "chen": ("陈思睿", "教授", "北京理工大学", "研究机器学习与计算机视觉，关注人工智能的可解释性与社会影响。"),
    "wang": ("王雨桐", "首席预报员", "北京市气象台", "负责北京地区灾害性天气预报，主讲“天气背后的科学”系列科普课程。"),
    "liu": ("刘建国", "主任医师", "首都医科大学附属北京朝阳医院", "呼吸与危重症医学专家，长期开展慢性病防治和健康生活方式科普。"),
    "sun": ("孙立群", "研究员", "中国科学院动物研究所", "研究鸟类迁徙与城市生物多样性，组织北京城市鸟类调查。"),
    "he": ("何明哲", "副研究员", "中国航天科技集团", "参与探月工程和载人航天任务的轨道设计，擅长把航天故事讲给孩子听。"),
    "zhou": ("周文静", "教授", "清华大学", "从事能源与环境政策研究，关注碳达峰碳中和路径与公众参与。"),
}

# (title, date, speaker keys, venue key, topics, summary, captions (zh lines) or None, with English)
LECTURES = [
    ("太阳风暴会影响我们的生活吗", demo_day(datetime.date(2026, 1, 17)), ["lin"], "bsc", "天文,空间天气",
     "从太阳黑子到极光，讲清太阳活动如何影响卫星、电网和导航。", None, False),
    ("地震预警：争分夺秒的科学", demo_day(datetime.date(2026, 2, 28)), ["zhao"], "seismo", "防震减灾,应急",
     "地震预警为什么能“跑赢”地震波？预警信息来了该怎么做？", None, False),
    ("人工智能如何看懂世界", demo_day(datetime.date(2026, 3, 21)), ["chen"], "tsinghua_museum", "人工智能",
     "图像识别背后的原理、局限与伦理问题，一次讲明白。", None, False),
    ("春季花粉与过敏：科学应对指南", demo_day(datetime.date(2026, 4, 18)), ["liu"], "dongcheng_lib", "健康",
     "北京春季花粉过敏高发，医生告诉你如何预防和就医。", None, False),
    ("城市里的鸟类邻居", demo_day(datetime.date(2026, 6, 20)), ["sun"], "zoo", "动物,生物多样性",
     "北京记录到的野生鸟类超过500种，它们在城市里怎样生活？", None, False),
    ("暴雨来临前：读懂气象预警信号", demo_day(datetime.date(2026, 7, 18)), ["wang"], "chaoyang_culture", "气象,应急",
     "蓝、黄、橙、红四色预警各意味着什么？内涝来临如何自救？", [
         "大家好，今天我们来聊一聊暴雨预警信号。",
         "气象预警分为蓝色、黄色、橙色和红色四个等级。",
         "收到橙色以上预警时，请尽量减少外出。",
         "遇到道路积水，千万不要涉水通行。",
     ], False),
    ("从嫦娥到天问：中国深空探测", demo_day(datetime.date(2026, 9, 12)), ["he"], "cstm", "航天",
     "回顾探月与火星探测的关键技术，展望未来的深空任务。", [
         "各位观众，欢迎来到首都科学讲堂。",
         "嫦娥工程分为绕、落、回三个阶段。",
         "天问一号一次实现了绕、着、巡三个目标。",
         "下一步，我们将探索小行星和更远的深空。",
     ], True),
    ("碳中和与我们的日常生活", demo_day(datetime.date(2026, 10, 17)), ["zhou"], "bsc", "气候变化,节能",
     "家庭能源消费占多少碳排放？普通人能为碳中和做什么？", [
         "碳中和是指排放的二氧化碳与吸收的二氧化碳相互抵消。",
         "家庭用电、取暖和出行都会产生碳排放。",
         "选择公共交通和节能家电，是每个人都能做到的。",
         "科学素质的提升，让绿色生活成为习惯。",
     ], False),
    ("冬季流感与疫苗：你需要知道的事", demo_day(datetime.date(2026, 11, 14)), ["liu"], "haidian_lib", "健康",
     "流感和普通感冒有什么区别？哪些人应该优先接种疫苗？", [
         "流感是由流感病毒引起的急性呼吸道传染病。",
         "流感和普通感冒不同，症状通常更重。",
         "老年人、儿童和慢性病患者应优先接种疫苗。",
         "勤洗手、戴口罩、常通风，都能减少感染风险。",
     ], False),
    ("冬夜观星：双子座流星雨与冬季星空", demo_day(datetime.date(2026, 12, 12)), ["lin"], "planetarium", "天文",
     "双子座流星雨前夕，天文学家教你认识冬季星座、安全观测流星。", None, False),
    ("大模型时代的科学素养", demo_day(datetime.date(2027, 1, 16)), ["chen", "zhou"], "bsc", "人工智能,科学素质",
     "如何判断AI给出的答案是否可靠？面向公众的AI素养课。", None, False),
    ("家庭防震减灾：从一个应急包开始", demo_day(datetime.date(2027, 2, 20)), ["zhao"], "seismo", "防震减灾,应急",
     "应急包里该放什么？家具如何固定？全家一起制定避险计划。", None, False),
    ("春天的鸟类迁徙", demo_day(datetime.date(2027, 3, 20)), ["sun"], "nature", "动物,生物多样性",
     "每年春天，数百万只候鸟飞越北京上空，一起认识它们。", None, False),
]

ENGLISH_LINES = [
    "Welcome to the Capital Science Lecture.",
    "The Chang'e programme has three stages: orbit, land and return.",
    "Tianwen-1 orbited, landed and roved on Mars in one mission.",
    "Next, we will explore asteroids and deep space beyond.",
]
# fmt: on


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local_zone())


def _vtt(lines, seconds=8.0):
    """Captions spread evenly over the clip."""
    step = seconds / len(lines)

    def stamp(value):
        return f"00:00:{value:06.3f}"

    cues = [f"{stamp(i * step)} --> {stamp((i + 1) * step)}\n{line}" for i, line in enumerate(lines)]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _clip(seed):
    """A few seconds of video: made by ffmpeg when it is here (each lecture its own hue), else the shipped one."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg:
        target = Path(tempfile.mkdtemp(prefix="kepu-demo-")) / f"lecture-{seed}.mp4"
        command = [
            ffmpeg, "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15:duration=8",
            "-f", "lavfi", "-i", f"sine=frequency={330 + seed * 55}:duration=8",
            "-vf", f"hue=h={seed * 70}", "-c:v", "libx264", "-preset", "veryfast", "-crf", "32",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "24k", "-movflags", "+faststart", "-shortest",
            str(target),
        ]  # fmt: skip
        if subprocess.run(command, capture_output=True, timeout=60).returncode == 0:
            return target
    return SAMPLE_VIDEO


def _poster(seed):
    canvas = Image.new("RGB", (640, 360), ("#0b5cad", "#0f7a8a", "#5b2f8f", "#8a4b12")[seed % 4])
    draw = ImageDraw.Draw(canvas)
    for ring in range(5):
        inset = 40 + ring * 28
        draw.ellipse((320 - inset, 180 - inset, 320 + inset, 180 + inset), outline="white", width=3)
    draw.polygon([(300, 150), (300, 210), (350, 180)], fill="white")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"lecture-poster-{seed}.png")


def load_video(title, seed, collection):
    video = LectureVideo.objects.filter(title=title).first()
    if video:
        return video
    path = _clip(seed)
    video = LectureVideo.from_file(
        path, title=title, collection=collection, filename=f"lecture-{seed}.mp4", poster=_poster(seed)
    )
    if path != SAMPLE_VIDEO:
        shutil.rmtree(path.parent, ignore_errors=True)
    return video


def caption_document(title, lines, collection):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(f"{title}.vtt", ContentFile(_vtt(lines).encode()), save=False)
        document.save()
    return document


def load_speakers():
    return {
        key: Speaker.objects.get_or_create(
            name=name, affiliation=affiliation, defaults={"title": title, "bio": bio}
        )[0]
        for key, (name, title, affiliation, bio) in SPEAKERS.items()
    }


def load_series(home):
    series = LectureSeriesPage.objects.filter(title=SERIES_TITLE).first()
    if series is None:
        series = LectureSeriesPage(
            title=SERIES_TITLE,
            slug="lectures",
            show_in_menus=True,
            summary="每月一讲，邀请科学家面对面讲述前沿科学与身边的科学。现场免费，往期讲座提供视频和文字稿。",
            intro=paragraphs(
                [
                    "首都科学讲堂由北京市科协主办，是面向公众的公益科普讲座品牌，"
                    "围绕航天、人工智能、健康、防灾减灾和生态环境等主题，提升公众科学素质。"
                ]
            ),
        )
        home.add_child(instance=series)
        series.save_revision().publish()
    return series


def _lecture(parent, title, day, speakers, venue, topics, summary, **fields):
    lecture = LecturePage(
        title=title,
        summary=summary,
        start=_at(day, 14),
        end=_at(day, 16),
        venue=venue,
        abstract=f"<p>{summary}</p><p>讲座结束后设问答环节，欢迎现场提问。</p>",
        speaker_links=[LectureSpeaker(speaker=speaker) for speaker in speakers],
        **fields,
    )
    lecture.refresh_transcript()
    parent.add_child(instance=lecture)
    lecture.tags.add(*topics.split(","))
    lecture.save()
    lecture.save_revision().publish()
    return lecture


def load_lectures(series, speakers, collection):
    venues = {venue.name: venue for venue in Venue.objects.all()}
    from events.demo import VENUES

    for seed, (title, day, keys, venue_key, topics, summary, lines, english) in enumerate(LECTURES):
        if LecturePage.objects.filter(title=title).exists():
            continue
        fields = (
            {"takes_signups": True, "capacity": 300, "seats_per_person": 2}
            if day > demo_day(datetime.date(2026, 11, 29))
            else {}
        )
        captions = []
        if lines:
            fields["video"] = load_video(f"{title}（录像）", seed, collection)
            captions.append(
                CaptionTrack(
                    language="zh-Hans", document=caption_document(f"{title} 中文字幕", lines, collection)
                )
            )
            if english:
                captions.append(
                    CaptionTrack(
                        language="en",
                        document=caption_document(f"{title} English", ENGLISH_LINES, collection),
                    )
                )
        _lecture(
            series,
            title,
            day,
            [speakers[key] for key in keys],
            venues.get(VENUES[venue_key][0]),
            topics,
            summary,
            captions=captions,
            **fields,
        )


def load_section_lecture(speakers):
    haidian = SectionPage.objects.filter(slug="haidian").first()
    title = "社区防震减灾公开课"
    if haidian is None or LecturePage.objects.filter(title=title).exists():
        return
    _lecture(
        haidian,
        title,
        demo_day(datetime.date(2026, 12, 19)),
        [speakers["zhao"]],
        Venue.objects.filter(name="海淀区图书馆").first(),
        "防震减灾,社区",
        "海淀区科协社区科普益民计划：地震来了，在家、在校、在商场分别怎样避险。",
    )


def load(password):
    home = HomePage.objects.first()
    collection = Collection.objects.filter(name=SERIES_TITLE).first() or top_collection(SERIES_TITLE)
    speakers = load_speakers()
    series = load_series(home)
    load_lectures(series, speakers, collection)
    load_section_lecture(speakers)
    # The published lectures' recordings go public now, not after the load's commit (recording_access).
    recording_access.settle()
    return series
