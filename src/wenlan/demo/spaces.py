"""The demo's spaces: 3D printers and a recording booth at the central library and
its science branch, a laser cutter that asks for the maker workshop's safety
briefing first (an event of the demo calendar, so load the events first), and a
seminar room at the Xihu library. Idempotent: a resource that exists is left
alone."""

import datetime as dt

from wenlan.accounts.actors import SYSTEM
from wenlan.core.errors import NotFoundError
from wenlan.events.models import Event
from wenlan.network.models import Library
from wenlan.spaces.models import Resource
from wenlan.spaces.selectors import resource_get_public
from wenlan.spaces.services import resource_save

PRINTER_RULES_ZH = "PLA 耗材免费提供，单次打印不超过 3 小时。"
PRINTER_RULES_EN = "PLA is provided; prints up to 3 hours."
RESOURCES = [
    # slug, zh, en, kind, library, slot minutes, hours/week, induction programme, rules zh, en
    (
        "hz-tech-printer-1",
        "3D 打印机 1 号（拓竹 X1）",
        "3D printer no. 1",
        "printer_3d",
        "HZ-TECH",
        60,
        4,
        None,
        PRINTER_RULES_ZH,
        PRINTER_RULES_EN,
    ),
    (
        "hz-tech-printer-2",
        "3D 打印机 2 号（拓竹 X1）",
        "3D printer no. 2",
        "printer_3d",
        "HZ-TECH",
        60,
        4,
        None,
        PRINTER_RULES_ZH,
        PRINTER_RULES_EN,
    ),
    (
        "hz-laser",
        "激光切割机",
        "Laser cutter",
        "laser_cutter",
        "HZ",
        30,
        2,
        "maker-laser",
        "须先参加激光切割工作坊的安全培训；只可切割木板与亚克力。",
        "Attend the laser-cutting workshop's safety briefing first; wood and acrylic only.",
    ),
    (
        "hz-recording",
        "录音间",
        "Recording booth",
        "recording_booth",
        "HZ",
        60,
        3,
        None,
        "适合录制有声书与播客，配备专业麦克风与声卡。",
        "For audiobooks and podcasts; professional microphone and interface.",
    ),
    (
        "xh-room",
        "西湖区图书馆研讨室",
        "Xihu library seminar room",
        "room",
        "XH",
        120,
        4,
        None,
        "可容纳 12 人，读书会与小组学习优先。",
        "Seats 12; reading clubs and study groups first.",
    ),
]


def spaces_demo_load() -> dict:
    created = 0
    for slug, zh, en, kind, library, minutes, hours, induction, rules_zh, rules_en in RESOURCES:
        try:
            resource_get_public(slug=slug)
            continue
        except NotFoundError:
            pass
        induction_event_id = None
        if induction:
            induction_event_id = (
                Event.objects.filter(external_uid=f"demo:{induction}")
                .values_list("pk", flat=True)
                .first()
            )
        resource_save(
            actor=SYSTEM,
            resource=Resource(
                slug=slug,
                name_zh=zh,
                name_en=en,
                kind=kind,
                library=Library.objects.get(code=library),
                slot_minutes=minutes,
                max_hours_per_week=hours,
                induction_event_id=induction_event_id,
                description_zh=rules_zh,
                description_en=rules_en,
                day_opens=dt.time(9),
                day_closes=dt.time(17),
                open_weekdays="1,2,3,4,5,6",
            ),
        )
        created += 1
    return {"resources_created": created}
