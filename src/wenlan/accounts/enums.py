from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NETWORK_ADMIN = "network_admin", _("网络管理员")
    BRANCH_LIBRARIAN = "branch_librarian", _("分馆馆员")
    CATALOGUER = "cataloguer", _("编目员")
    EVENT_ORGANISER = "event_organiser", _("活动组织者")
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("志愿者协调员")
    REFERENCE_LIBRARIAN = "reference_librarian", _("参考咨询馆员")
    THINKTANK_EDITOR = "thinktank_editor", _("决策信息编辑")
    RANKING_EXPERT = "ranking_expert", _("榜单评审专家")
    ASSESSMENT_OFFICER = "assessment_officer", _("评估专员")
    BOOKSTORE_CLERK = "bookstore_clerk", _("合作书店店员")
    ACQUISITIONS_LIBRARIAN = "acquisitions_librarian", _("采访馆员")
    REFERENCE_PARTNER = "reference_partner", _("咨询联盟合作馆馆员")
    THINKTANK_CHIEF = "thinktank_chief", _("决策信息主编")
    ENTERPRISE_CONTACT = "enterprise_contact", _("企业科技咨询联系人")
    RANKING_SOURCE = "ranking_source", _("榜单数据源")


LIBRARY_SCOPED_ROLES = frozenset(
    {Role.BRANCH_LIBRARIAN, Role.CATALOGUER, Role.BOOKSTORE_CLERK, Role.ACQUISITIONS_LIBRARIAN}
)
PARTNER_SCOPED_ROLES = frozenset(
    {Role.EVENT_ORGANISER, Role.REFERENCE_PARTNER, Role.ENTERPRISE_CONTACT, Role.RANKING_SOURCE}
)


class Perm(models.TextChoices):
    """What an actor may do. API keys carry a subset of these as their scopes."""

    LIBRARY_VIEW = "library.view", _("查看图书馆")
    LIBRARY_CHANGE = "library.change", _("维护图书馆信息与开放时间")
    PARTNER_CHANGE = "partner.change", _("维护合作机构")
    READER_VIEW = "reader.view", _("查看读者个人信息")
    READER_CHANGE = "reader.change", _("修改读者信息")
    STAFF_MANAGE = "staff.manage", _("管理工作人员与角色")
    APIKEY_MANAGE = "apikey.manage", _("管理 API 密钥")
    AUDIT_VIEW = "audit.view", _("查看审计日志")
    CATALOG_CHANGE = "catalog.change", _("编目与馆藏维护")
    EVENT_MANAGE = "event.manage", _("管理文化活动")
    EVENT_APPROVE = "event.approve", _("审核文化活动")
    EVENT_CHECKIN = "event.checkin", _("活动签到")
    CIRCULATION_DESK = "circulation.desk", _("流通服务（借还、预约、运送）")
    POLICY_CHANGE = "circulation.policy", _("维护流通规则")
    O2O_TILL = "o2o.till", _("悦读：书店借书与还书")
    O2O_MANAGE = "o2o.manage", _("悦读：规则与结算")
    ACQUISITIONS = "o2o.acquisitions", _("悦购：读者荐购审核与订购")
    O2O_DELIVERY = "o2o.delivery", _("悦借：拣书、打包、发货与送达")
    KNOWLEDGE_EDIT = "knowledge.edit", _("编写与审校知识库")
    REFERENCE_ANSWER = "reference.answer", _("参考咨询：受理、解答与转介")
    REFERENCE_PARTNER = "reference.partner", _("咨询联盟：代读者提问、答复转介")
    THINKTANK_EDIT = "thinktank.edit", _("决策信息：剪报、编辑简报、登记报送")
    THINKTANK_REVIEW = "thinktank.review", _("决策信息：审核与签发简报")
    ENTERPRISE_REQUEST = "thinktank.enterprise", _("企业：提交与验收科技咨询")
    LEARNING_MANAGE = "learning.manage", _("慕课与社区大学：课程与班级")
    RANKING_FEED = "rankings.feed", _("中国阅读：上传数据")
    RANKING_MANAGE = "rankings.manage", _("中国阅读：数据、榜单与发布")
    RANKING_REVIEW = "rankings.review", _("中国阅读：专家评审")
    VOLUNTEER_MANAGE = "volunteers.manage", _("志愿服务：人才库、岗位、工时与证书")
    VOLUNTEER_IDENTITY = "volunteers.identity", _("志愿服务：查看志愿者身份证号（留痕）")
    INSIGHTS_VIEW = "insights.view", _("阅读分析：看板与导出")
    AUDIENCE_MANAGE = "insights.audience", _("分众服务：读者群、推送与活动策划")
    BOOKLIST_MANAGE = "booklists.manage", _("书单：编写、发布与推送")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"
