"""Every Chinese text of the access package that a person reads: command output and the page notices
that phase 2 shows (kept in one place, like ui/labels, so wording is reviewed together)."""

from __future__ import annotations

ROLE_LABELS = {"city": "市级", "district": "区级", "street": "街乡镇级"}
ADMIN_LABEL = "管理员"

# Shown by the app instead of any data (phase 2).
NOT_SIGNED_IN = "未登录：请先通过单位门户登录，再打开看板。"
NOT_THROUGH_PROXY = "无法确认访问来源：请通过单位门户访问看板。"
NOT_LOCAL = "本机演示模式只允许在本机访问（http://localhost:8501）。内网部署请使用 python -m deploy.intranet。"
MISCONFIGURED = "看板的访问控制未正确配置，暂不能显示数据，请联系系统管理员。"
NO_GRANT = "无权访问：您（{user}）尚未获得看板的访问授权。请联系本单位看板管理员（{admins}）开通。"
NO_GRANT_NO_ADMIN = "无权访问：您（{user}）尚未获得看板的访问授权。请联系首都精神文明办信息化负责人开通。"
SCOPE_NARROWED = "您的权限范围是{scope}，链接中的{dropped}不在范围内，已显示{scope}的记录。"
AUDIT_UNAVAILABLE = (
    "审计记录暂时无法写入。为保证每次查看和导出都有记录，暂不能显示数据，请稍后刷新；如持续出现，请联系系统管理员。"
)
SIGN_IN_LINK = "前往门户登录"
WHO = "当前用户：{user}　权限：{scope}"
# The laptop demo's user (access.identity.LOCAL_USER, "local" in the audit trail) as a reader sees it.
LOCAL_USER_NAME = "本机演示用户"
RECORDS_OUTSIDE_SCOPE = (
    "所选的{outside}不在您的权限范围（{scope}）内：汇总数字和排名照常显示，"
    "问题清单、街巷和村（社区）位置、志愿服务项目等明细记录只显示{scope}的。"
)
SCOPE_CITY = "全市"
ADMIN_ONLY = "本页仅限看板管理员查看。"

# Command line.
DESCRIPTION = "看板访问授权与审计记录：授权、撤销、查看授权、查询审计记录。"
BAD_DISTRICT = "区划代码“{code}”不是北京市的区（应为 16 个区之一，例如 110105 朝阳区）"
BAD_STREET_FORMAT = "街乡镇代码“{code}”格式不对（应为 9 位数字：区划代码 + 3 位，例如 110105001）"
UNKNOWN_STREET = "街乡镇代码“{code}”在数据仓库中不存在"
ONE_STREET_ONLY = "街乡镇级只能授权一个街乡镇，收到 {count} 个"
NO_DISTRICTS = "区级授权至少需要一个区划代码"
BAD_USER = "用户标识“{user}”不合规（1 到 128 个字母、数字、汉字或 . _ @ + -）"
NOT_GRANTED = "用户“{user}”没有授权，无需撤销"
GRANTED = "已授权 {user}：{scope}{admin}"
REVOKED = "已撤销 {user} 的授权"
NO_GRANTS = "尚无授权。"
BAD_DATE = "日期“{text}”应为 YYYY-MM-DD"
BAD_KIND = "事件类型“{kind}”不存在（可选：{kinds}）"
BROKEN_GRANT = "用户“{user}”的授权记录不完整，已按无权处理，请重新授权"
