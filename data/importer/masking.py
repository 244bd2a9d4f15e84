"""Mask personal data in free text before anything is stored: the warehouse holds none.

Callers to 12345 often leave a phone number, an ID-card number or their name in the
request text. These are replaced by tokens that keep the sentence readable:
【手机号已脱敏】, 【电话已脱敏】, 【身份证号已脱敏】, 【邮箱已脱敏】, 【姓名已脱敏】.
The rules lean towards masking too much: a lost surname costs nothing, a leaked one does.
"""

from __future__ import annotations

import re

import pandas as pd

ID_TOKEN = "【身份证号已脱敏】"
MOBILE_TOKEN = "【手机号已脱敏】"
PHONE_TOKEN = "【电话已脱敏】"
EMAIL_TOKEN = "【邮箱已脱敏】"
NAME_TOKEN = "【姓名已脱敏】"

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
# 18-digit resident ID (last character may be X), and the old 15-digit form.
_ID_CARD = re.compile(_NOT_DIGIT_BEFORE + r"(?:\d{17}[\dXx]|\d{15})" + _NOT_DIGIT_AFTER)
# Mainland mobile numbers, with an optional +86 and spaces or dashes inside (138-1234-5678).
_MOBILE = re.compile(_NOT_DIGIT_BEFORE + r"(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}" + _NOT_DIGIT_AFTER)
# Landlines: with an area code (010-12345678, 0311-1234567), or a bare 8-digit Beijing number
# (these do not start with 1 or 2, which keeps dates such as 20230105 readable).
_LANDLINE = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:(?:\(?0\d{2,3}\)?[-\s]?)\d{7,8}|[3-9]\d{3}[-\s]?\d{4})(?:[-转]\d{1,5})?" + _NOT_DIGIT_AFTER
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

_HAN = "[\u4e00-\u9fff]"
# Where a name usually ends in a complaint: the next verb, a title, punctuation or a number.
_NAME_END = r"(?=反映|来电|投诉|举报|称|说|表示|电话|手机|联系|家住|住在|居住|是|在|的|先生|女士|[，,。.;；:：!！?？、\s（(\d]|$)"
_STRONG_CUES = r"我叫|我的名字(?:是|叫)|本人(?:叫|名叫|姓名)|姓名|名字|联系人|来电人|反映人|诉求人|投诉人|举报人"
_INTRODUCED = re.compile(
    rf"(?P<cue>{_STRONG_CUES})(?P<sep>[:：\s]*(?:是|为)?[:：\s]*)(?P<name>{_HAN}{{1,3}}?{_NAME_END}|{_HAN}{{2,3}})"
)
# Common surnames, so that "张先生" is masked but "该先生" or "这位女士" is left alone.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
_COMPOUND_SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木"
_SURNAME = rf"(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])"
_TITLED = re.compile(rf"{_SURNAME}{_HAN}{{0,2}}?(?:先生|女士|小姐|大爷|大妈|阿姨|师傅|老师)")
# "市民张三反映", "业主李四称": a weaker cue, so the name must start with a surname and end visibly.
_RESIDENT = re.compile(rf"(?P<cue>市民|居民|业主|村民|群众)(?P<name>{_SURNAME}{_HAN}{{0,2}}?)(?=反映|来电|投诉|举报|称|说|表示)")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def mask_text(text: str) -> str:
    """The text with phone numbers, ID numbers, e-mail addresses and personal names masked."""
    if not text:
        return text
    text = text.translate(_FULL_WIDTH_DIGITS)  # so １３８… is caught like 138…
    text = _ID_CARD.sub(ID_TOKEN, text)
    text = _MOBILE.sub(MOBILE_TOKEN, text)
    text = _LANDLINE.sub(PHONE_TOKEN, text)
    text = _EMAIL.sub(EMAIL_TOKEN, text)
    text = _INTRODUCED.sub(lambda m: f"{m['cue']}{m['sep']}{NAME_TOKEN}", text)
    text = _RESIDENT.sub(lambda m: f"{m['cue']}{NAME_TOKEN}", text)
    text = _TITLED.sub(NAME_TOKEN, text)
    return text


def mask_series(values: pd.Series) -> pd.Series:
    """`mask_text` over a column, skipping cells that cannot hold anything to mask."""
    values = values.astype(object)
    # Digits (phones, IDs), @ (e-mail) or a Han character (names): anything else is left as is.
    candidates = values.str.contains(r"[\d@\u4e00-\u9fff]", regex=True).fillna(False).to_numpy(dtype=bool)
    if candidates.any():
        values = values.copy()
        values[candidates] = values[candidates].map(mask_text)
    return values
