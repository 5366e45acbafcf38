from django.db import models
from django.utils.translation import gettext_lazy as _


class LibraryKind(models.TextChoices):
    CENTRAL = "central", _("中心馆")
    DISTRICT = "district", _("区级图书馆")
    COUNTY = "county", _("县（市）级图书馆")
    THEMED_BRANCH = "themed_branch", _("主题分馆")
    PARTNER_BOOKSTORE = "partner_bookstore", _("合作书店")
    PICKUP_POINT = "pickup_point", _("取书点")


class CooperationModel(models.TextChoices):
    LIBRARY_AND_GOVERNMENT = "library_government", _("馆办+官办")
    LIBRARY_AND_CIVIL_AID = "library_civil_aid", _("馆办+民助")
    LIBRARY_AID_CIVIL_RUN = "library_aid_civil_run", _("馆助+民办")


class PartnerKind(models.TextChoices):
    COMPANY = "company", _("企业")
    ASSOCIATION = "association", _("协会")
    UNIVERSITY = "university", _("高校")
    THEATRE = "theatre", _("剧院")
    FOREIGN_LIBRARY = "foreign_library", _("境外图书馆")
    GOVERNMENT = "government", _("政府机构")
    MUSEUM = "museum", _("博物馆")
    BOOKSTORE = "bookstore", _("书店")
    OTHER = "other", _("其他")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")
