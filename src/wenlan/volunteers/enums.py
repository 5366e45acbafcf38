from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class Background(models.TextChoices):
    LAWYER = "lawyer", _("律师")
    ENGINEER = "engineer", _("工程师")
    TEACHER = "teacher", _("教师")
    DOCTOR = "doctor", _("医生")
    NURSE = "nurse", _("护士")
    ACCOUNTANT = "accountant", _("会计师")
    LIBRARIAN = "librarian", _("图书馆员")
    ARTIST = "artist", _("文艺工作者")
    IT = "it", _("信息技术人员")
    STUDENT = "student", _("学生")
    RETIRED = "retired", _("退休人员")
    OTHER = "other", _("其他")


class Skill(models.TextChoices):
    SHELVING = "shelving", _("图书整理上架")
    GUIDING = "guiding", _("读者引导")
    STORYTELLING = "storytelling", _("少儿故事会")
    TRANSLATION = "translation", _("外语翻译")
    DIGITAL_HELP = "digital_help", _("老年人数字助学")
    LEGAL_ADVICE = "legal_advice", _("法律咨询")
    HEALTH_ADVICE = "health_advice", _("健康咨询")
    FIRST_AID = "first_aid", _("应急救护")
    LECTURING = "lecturing", _("讲座授课")
    HOSTING = "hosting", _("活动主持")
    PHOTOGRAPHY = "photography", _("摄影摄像")
    IT_SUPPORT = "it_support", _("电脑与网络")
    SIGN_LANGUAGE = "sign_language", _("手语")
    PERFORMING = "performing", _("文艺表演")


class VolunteerLanguage(models.TextChoices):
    MANDARIN = "zh", _("普通话")
    HANGZHOU = "hz", _("杭州话")
    ENGLISH = "en", _("英语")
    JAPANESE = "ja", _("日语")
    KOREAN = "ko", _("韩语")
    FRENCH = "fr", _("法语")
    GERMAN = "de", _("德语")
    SPANISH = "es", _("西班牙语")
    RUSSIAN = "ru", _("俄语")
    SIGN = "csl", _("中国手语")


class Training(models.TextChoices):
    ORIENTATION = "orientation", _("新志愿者岗前培训")
    SHELVING = "shelving", _("图书分类与排架")
    FIRST_AID = "first_aid", _("红十字救护员")
    CHILD_SAFETY = "child_safety", _("儿童安全保护")
    FIRE_SAFETY = "fire_safety", _("消防安全")


class Check(models.TextChoices):
    CRIMINAL_RECORD = "criminal_record", _("无犯罪记录证明")
    HEALTH = "health", _("健康证明")
    GUARDIAN_CONSENT = "guardian_consent", _("监护人同意书")


class District(models.TextChoices):
    SHANGCHENG = "shangcheng", _("上城区")
    GONGSHU = "gongshu", _("拱墅区")
    XIHU = "xihu", _("西湖区")
    BINJIANG = "binjiang", _("滨江区")
    XIAOSHAN = "xiaoshan", _("萧山区")
    YUHANG = "yuhang", _("余杭区")
    LINPING = "linping", _("临平区")
    QIANTANG = "qiantang", _("钱塘区")
    FUYANG = "fuyang", _("富阳区")
    LINAN = "linan", _("临安区")
    TONGLU = "tonglu", _("桐庐县")
    CHUNAN = "chunan", _("淳安县")
    JIANDE = "jiande", _("建德市")


class DayPart(models.IntegerChoices):
    MORNING = 0, _("上午")
    AFTERNOON = 1, _("下午")
    EVENING = 2, _("晚上")


class SignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("已报名")
    CANCELLED = "cancelled", _("已取消")
    SWAPPED = "swapped", _("已换班")


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已认定")


class SwapStatus(models.TextChoices):
    OFFERED = "offered", _("待对方接受")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已谢绝")
    WITHDRAWN = "withdrawn", _("已撤回")


WEEKDAY_NAMES = (
    _("周一"),
    _("周二"),
    _("周三"),
    _("周四"),
    _("周五"),
    _("周六"),
    _("周日"),
)


def slot_label(weekday: int, part: int) -> str:
    """ "周六下午" / "Sat afternoon"."""
    return _("%(day)s%(part)s") % {"day": WEEKDAY_NAMES[weekday], "part": DayPart(part).label}
