from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class ListStateError(ConflictError):
    code = "ranking_list_state"
    default_message = _("书单当前的状态不允许这个操作。")


class RoundClosedError(ConflictError):
    code = "ranking_round_closed"
    default_message = _("评分已经结束，不能再评分或修改。")


class RoundNotOpenError(ConflictError):
    code = "ranking_round_not_open"
    default_message = _("评分还没有开始。")


class ConflictOfInterestError(ConflictError):
    code = "ranking_conflict_of_interest"
    default_message = _("您已申报与这本书有利益冲突，不能为它评分。")


class ScoreInvalidError(ValidationError):
    code = "ranking_score_invalid"
    default_message = _("分数应为 1 到 10 的整数。")


class CandidateExistsError(ConflictError):
    code = "ranking_candidate_exists"
    default_message = _("这部作品已经在候选书目中。")


class ChairInvalidError(ValidationError):
    code = "ranking_chair_invalid"
    default_message = _("主持人应为有专家评审或榜单管理权限的工作人员。")


class ExpertInvalidError(ValidationError):
    code = "ranking_expert_invalid"
    default_message = _("只能邀请有专家评审权限的工作人员。")


class SelectionInvalidError(ValidationError):
    code = "ranking_selection_invalid"
    default_message = _("入选书目有误。")
