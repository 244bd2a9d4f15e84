"""Mask personal data in free text before anything is stored: the warehouse holds none.

Callers to 12345 often leave a phone number, an ID-card number or their name in the
request text. Every column of type text (诉求内容, the names and categories of every kind)
goes through `mask_series` before it is stored, and so do the values and reasons written
to `import_rejects`. Identifiers, codes, dates, numbers and fixed choices are not masked:
they are checked against their format instead. Exactly this is masked (`MASKED_FORMS`
holds the same list with examples, for docs/IMPORT.md):

- Mobile numbers → 【手机号已脱敏】: 11 digits starting 13–19, optionally after +86, (+86),
  0086 or 86.
- Landlines → 【电话已脱敏】: an area code 0xx or 0xxx (bracketed or not) and a 7- or 8-digit
  number; a bare 8-digit number starting 3–9, unless an amount unit follows (元, 块, 万, 亿,
  米, 平方, 平米, ㎡, %, ‰, 公里, 千米, 公斤, 吨) or it sits inside a run of dotted or dashed
  numbers; an extension after 转, 分机, ext, # or a hyphen goes with either.
- Any number of 5 or more digits after 电话, 手机, 座机, 固话, 联系方式, 号码, Tel, Phone, Mobile
  or Mob → 【手机号已脱敏】 when it is a mobile number, else 【电话已脱敏】.
- ID numbers → 【身份证号已脱敏】: 18 characters with a birth date 18xx–20xx (month 01–12, day
  01–31) and a last digit or X; the old 15 digits with a birth date; any 17 digits and an X;
  6 or more digits (after up to two letters, as in passports) after 身份证, 证件, 公民身份,
  护照, 通行证, 社保卡, 医保卡 or ID.
- Bank cards → 【银行卡号已脱敏】: 16–19 digits together or in groups of four; 16–19 digits
  starting 3–9 with separators anywhere (no run of dates starts so); 8 or more digits after
  银行卡, 银行账户, 银行账号, 储蓄卡, 信用卡, 借记卡, 卡号, 账号, 帐号, 账户 or 帐户.
- E-mail addresses → 【邮箱已脱敏】: a latin local part, @ (also (at), [at] or （at）, with
  spaces around) and a domain of one or more labels.
- Number plates → 【车牌号已脱敏】: a province's one-character name, a letter, then 5 or 6
  letters and digits (one digit at least) or 4 before 挂/学/警/港/澳/领/试/超; a space, hyphen or
  middle dot may follow the letter (京A12345, 京AD12345, 京A12345D, 京A·12345, 冀B1234挂).
- Rooms → 【门牌号已脱敏】: 3–5 digits (after up to one letter) before 室, 号房, 房间 or 房
  (not 房租, 房价 ...); 3–5 digits after 单元, 号楼, 楼, 栋, 幢, 座, 号院 or 层, unless a unit, a
  date or a decimal follows (楼2023年, 层1200平); building-unit-room such as 3-2-1502; the value
  after 门牌, 门牌号, 房号, 房间号, 室号 or 户号. Building and unit numbers stay.
- Accounts → 【社交账号已脱敏】: 5–12 digits after QQ, QQ号, QQ群; 6–40 letters, digits, _, - or
  . after 微信, 微信号, 威信, V信, 抖音, 快手, 微博, 钉钉, 支付宝, 飞书, 小红书, WeChat, Weixin, wx or
  vx (these latin cues may run straight into the account); anything starting wxid_.
- Numbers spelled in Chinese numerals, 7 or more of 〇零一二三四五六七八九幺 in a row →
  【手机号已脱敏】 (11 starting 一 or 幺), 【身份证号已脱敏】 (15 or 18), else 【电话已脱敏】.
- Names → 【姓名已脱敏】:
  - after 我叫, 我名叫, 名叫, 我的名字, 名字, 本人叫, 本人名叫, 本人姓名, 姓名, 联系人, 来电人,
    来访人, 反映人, 诉求人, 投诉人, 举报人, 当事人, 申请人, 报修人, 求助人 or 户主 (then any
    spaces, colon, 是, 为 or 叫): a compound surname and 1–2 characters; else up to 3 Han
    characters ending before a verb, a title, punctuation, a digit or the end, or else the
    next 2–3; or a latin name of up to four words (Zhang San, ZHANG San, zhangsan);
  - after 我是, 我就是 or 本人: a common surname (single or compound) and 1–2 characters that
    end before a verb, a title, punctuation, a digit, the end, or a word such as 今天, 多次,
    曾, 向, 和, 家住 (not 车主, 周边, 商户, 曾多次 ... and other words listed in the code); or a
    latin name. Without such an end (我是赵六路灯不亮) the name is not found;
  - the surname in 我姓王, 本人姓王;
  - after 市民, 居民, 业主, 村民, 群众, 租户, 住户, 商户, 患者, 家长, 网友 or 车主: a common surname and
    up to 2 characters before 反映, 来电, 投诉, 举报, 称, 说, 表示, 咨询, 求助, 要求 or 希望;
  - a common surname (single or compound), up to 2 characters and a title: 先生, 女士, 小姐,
    大爷, 大妈, 阿姨, 师傅, 老师, 大姐, 大哥, 叔叔, 奶奶, 爷爷, 同学, 老板, 经理 (the title is masked
    with the name).

Every form is found whatever its width and spelling. Matching runs on a working copy in
which full-width letters, digits and signs and other compatibility forms (NFKC), digits of
any script, every dash (—, –, －), every middle dot, every space and invisible character
(zero-width space) are replaced by their plain counterpart, one character for one, so a
position in the copy is the same position in the text. Between any two digits of a number
one separator may stand: 1–2 spaces, or a hyphen, dot or middle dot with a space on either
side or none. Letters and signs before a number do not hide it (Tel13812345678,
ID110101199003071234); a digit right before it does, since then it is part of a longer number.

Only the matched parts are replaced; the rest, full-width punctuation included, is kept as
written. A text masked twice is masked once (tokens are not taken for names). The rules lean
towards masking too much: a lost house number costs nothing, a leaked phone number does.
Dates (2023-05-01, 2023.5.1, 20230105), times, amounts (300元, 3000-5000元), counts (3次) and
the category names stay readable; tests/test_import_masking.py checks both sides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import pandas as pd

ID_TOKEN = "【身份证号已脱敏】"
MOBILE_TOKEN = "【手机号已脱敏】"
PHONE_TOKEN = "【电话已脱敏】"
EMAIL_TOKEN = "【邮箱已脱敏】"
NAME_TOKEN = "【姓名已脱敏】"
CARD_TOKEN = "【银行卡号已脱敏】"
PLATE_TOKEN = "【车牌号已脱敏】"
ROOM_TOKEN = "【门牌号已脱敏】"
ACCOUNT_TOKEN = "【社交账号已脱敏】"
TOKENS = (ID_TOKEN, MOBILE_TOKEN, PHONE_TOKEN, EMAIL_TOKEN, NAME_TOKEN, CARD_TOKEN, PLATE_TOKEN, ROOM_TOKEN, ACCOUNT_TOKEN)

# (what, examples, token) for docs/IMPORT.md; the module docstring is the precise statement.
MASKED_FORMS: list[tuple[str, str, str]] = [
    (
        "手机号：1 开头第二位 3–9 的 11 位号码，可带 +86、0086 或 86；任意两位数字之间可有空格、短横、长划、点或间隔号，可用全角数字",
        "13812345678、138－1234－5678、138—1234—5678、138.1234.5678、+86 139 1234 5678、Tel13812345678",
        MOBILE_TOKEN,
    ),
    (
        "座机：区号（0 开头 3–4 位，可带括号）加 7–8 位号码；3–9 开头的 8 位号码（后面紧跟“元”“万”“米”“平米”“%”等单位，或夹在用点、短横连起来的一串数字中间时除外，如 3000-5000元、2023.05.30-2023.06.30）；转、分机、ext、# 或短横之后的分机号一并遮盖",
        "010-65123456、(0311)8123456、6512 3456、65123456转8",
        PHONE_TOKEN,
    ),
    (
        "“电话”“手机”“座机”“固话”“联系方式”“号码”“Tel”“Phone”“Mobile”之后 5 位以上的任何号码（紧跟的日期除外）；数字间可有分隔",
        "电话：6512345、手机 138123456",
        f"{MOBILE_TOKEN}（1 开头 11 位）或 {PHONE_TOKEN}",
    ),
    (
        "身份证号：18 位（第 7–14 位像 18xx–20xx 年的出生日期，末位数字或 X、x、Ｘ）；带出生日期的 15 位旧号；任意 17 位数字加 X；任意两位之间可有分隔；前面的“ID”等字母不影响识别",
        "110101199003071234、11010119900307123Ｘ、110101 19900307 1234、ID110101199003071234",
        ID_TOKEN,
    ),
    (
        "“身份证”“证件”“公民身份”“护照”“通行证”“社保卡”“医保卡”“ID”之后 6 位以上的号码（可带两位以内的字母，如护照号）",
        "证件号：E12345678、身份证 1101011990",
        ID_TOKEN,
    ),
    (
        "银行卡号：16–19 位，连写、4 位一组，或 3–9 开头任意分隔；“银行卡”“卡号”“账号”“账户”“储蓄卡”“信用卡”“借记卡”之后 8 位以上的号码",
        "6222021234567890123、6222 0212 3456 7890、卡号：12345678",
        CARD_TOKEN,
    ),
    (
        "电子邮箱：@ 可为全角 ＠ 或写作 (at)、[at]，两边可有空格",
        "zhangsan@qq.com、zhangsan＠qq.com、zhang.san(at)example.com.cn",
        EMAIL_TOKEN,
    ),
    (
        "车牌号：省份简称 + 字母 + 5–6 位字母数字（含至少一位数字，含新能源车牌），或 4 位加“挂”“学”“警”“港”“澳”“领”“试”“超”；字母后可有空格、短横或间隔号；大小写、全角均可",
        "京A12345、京AD12345、京A12345D、京A·12345、冀B 1234挂",
        PLATE_TOKEN,
    ),
    (
        "门牌号：3–5 位数字（前面可有一个字母）加“室”“号房”“房间”“房”；“单元”“号楼”“楼”“栋”“幢”“座”“号院”“层”之后的 3–5 位数字（后跟单位、日期或小数时除外，如 楼2023年、层1200平）；楼-单元-室写法；“门牌”“门牌号”“房号”“房间号”“室号”“户号”之后的号码。楼号、单元号保留",
        "1502室、3单元1502、2号楼1502、3-2-1502、房号：B1502",
        ROOM_TOKEN,
    ),
    (
        "社交账号：“QQ”“QQ号”“QQ群”之后的 5–12 位号码；“微信”“微信号”“WeChat”“Weixin”“wx”“vx”“V信”“抖音”“快手”“微博”“钉钉”“支付宝”“飞书”“小红书”之后 6 位以上的账号（字母、数字、_ - .）；任何 wxid_ 开头的账号",
        "QQ号123456789、QQ：12345678、微信号 zhang_san88、wxid_abc123",
        ACCOUNT_TOKEN,
    ),
    (
        "用中文数字写的号码：连续 7 个以上的〇零一二三四五六七八九幺",
        "一三八一二三四五六七八",
        f"{MOBILE_TOKEN}、{ID_TOKEN} 或 {PHONE_TOKEN}",
    ),
    (
        "姓名：“我叫”“名叫”“姓名”“名字”“联系人”“来电人”“来访人”“反映人”“诉求人”“投诉人”“举报人”“当事人”“申请人”“报修人”“求助人”“户主”之后的中文姓名（含复姓，最多 4 字）或拼音、英文姓名",
        "我叫张三、我叫欧阳娜娜、姓名：李四、我叫Zhang San",
        NAME_TOKEN,
    ),
    (
        "姓名：“我是”“本人”之后以常见姓氏开头、后接标点、数字、文末或“反映”“来电”“今天”等词的姓名（“我是车主”“本人曾多次”等不算）；“我姓王”中的姓；“市民/居民/业主/村民张三反映”等",
        "我是赵六、本人孙七反映、我姓王、市民张三反映",
        NAME_TOKEN,
    ),
    (
        "姓名：常见姓氏（含复姓）、至多两个字再加“先生”“女士”“小姐”“师傅”“老师”“阿姨”“大爷”“大妈”“经理”等称呼（连称呼一并遮盖）",
        "李先生、欧阳女士、王师傅",
        NAME_TOKEN,
    ),
]

# --- the working copy ------------------------------------------------------------------------
# Everyday Chinese punctuation is left alone (the patterns accept both widths), so most cells
# need no working copy at all; anything that could hide a digit, a letter or a separator is mapped.
_LEFT_AS_IS = set("，：；！？（）\u3000")
_MIDDLE_DOTS = "・･•‧∙⋅"


def _working_table() -> dict[int, str]:
    """One character for one: what each character counts as when the text is matched."""
    table: dict[int, str] = {}
    for code in chain(range(0x80, 0xD800), range(0xE000, 0x10000), range(0x1D400, 0x1D800)):
        char = chr(code)
        if char in _LEFT_AS_IS:
            continue
        category = unicodedata.category(char)
        if category == "Nd":  # any script's digits, full-width and mathematical ones included
            target = str(unicodedata.decimal(char))
        elif category == "Pd" or char in "\u2212\ufe63\u2043":  # every dash: 138—1234—5678
            target = "-"
        elif category in ("Zs", "Zl", "Zp", "Cf"):  # odd spaces and invisible characters separate like a space
            target = " "
        elif char in _MIDDLE_DOTS:
            target = "·"
        else:
            normal = unicodedata.normalize("NFKC", char)
            if len(normal) != 1:  # a change of length would shift every position after it
                continue
            target = normal
        if target != char:
            table[code] = target
    return table


def _char_class(codes: list[int]) -> str:
    """A character class of sorted code points, as ranges: compiles fast and matches fast."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in runs) + "]"


_TABLE = _working_table()
# Two checks: a class with characters beyond U+FFFF cannot use the engine's fast bitmap.
_NEEDS_WORKING_COPY = re.compile(_char_class([code for code in sorted(_TABLE) if code < 0x10000]))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# --- building blocks, all matched against the working copy ---------------------------------
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SP = "[ \t\u3000]"
_SEP = rf"(?:{_SP}{{1,2}}|{_SP}?[-.·]{_SP}?)"  # one separator between digits: 138 1234、138-1234、138 - 1234
_S = f"{_SEP}?"
# Written right after a pattern's first character: the one before that is no digit.
_NB2 = "(?<![0-9].)"
_NA = "(?![0-9])"
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff]"
# After a cue word: spaces, a colon, 是 or 为.
_CUE_SEP = r"[ \t\u3000:：]*(?:是|为)?[ \t\u3000:：]*"
# A date straight after 电话/证件/微信 is about the call or the paper, not a number to hide.
_NOT_A_DATE = r"(?!(?:19|20)[0-9]{2}(?:[-./年]|[01][0-9][0-3][0-9](?![0-9])))"
# Units after which 8 digits are an amount or a size (3000-5000元), not a phone number: only
# those that cannot start the next words, as 人 can in 人行道.
_AMOUNT_UNITS = "元|块|万|亿|米|平方|平米|㎡|%|‰|公里|千米|公斤|吨"
# After 楼/单元/层, numbers that are a date, an amount or a count, not a room: 楼2023年, 层1200平.
_ROOM_UNITS = "元|块|万|亿|米|平|㎡|%|年|月|日|多|余|名|辆"
_EXTENSION = rf"(?:{_SP}?(?:转|分机|ext\.?|#|-){_SP}?[0-9]{{1,5}})?"


def _more(count: int | str) -> str:
    """`count` more digits (a number or "m,n"), each after an optional separator."""
    return f"(?:{_S}[0-9]){{{count}}}"


_YEAR = rf"(?:1{_S}[89]|2{_S}0){_more(2)}"
_MONTH = rf"(?:0{_S}[1-9]|1{_S}[0-2])"
_DAY = rf"(?:0{_S}[1-9]|[12]{_S}[0-9]|3{_S}[01])"

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
_COMPOUND_SURNAMES = "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 西门 南宫 独孤 百里 呼延".split()
_SURNAME = "(?:" + "|".join(_COMPOUND_SURNAMES) + f"|[{_SURNAMES}])"
_TITLES = "先生 女士 小姐 大爷 大妈 阿姨 师傅 老师 大姐 大哥 叔叔 奶奶 爷爷 同学 老板 经理".split()
# Where a name usually ends in a complaint: the next verb, a title, punctuation or a number.
_NAME_END = (
    "(?=反映|来电|投诉|举报|称|说|表示|电话|手机|联系|家住|住在|住|居住|身份证|微信|是|在|的|"
    + "|".join(_TITLES)
    + r"|[，,。.;；:：!！?？、\s（(\[【0-9]|$)"
)
# After 我是/本人, also the words that usually follow a name there: 我是赵六今天来电.
_WEAK_NAME_END = (
    _NAME_END[:-1]
    + "|今天|昨天|前天|近日|最近|现在|目前|多次|一直|已经|曾|于|向|和|与|也|都|因|对|从|想|希望|请|要求|等|今年|现年|男|女)"
)
# A name is not what stands right before a token: in 我的名字是【姓名已脱敏】, 是 is no name.
_NOT_BEFORE_TOKEN = "(?!【[^【】]{1,8}已脱敏】)"
# A latin name of up to four words, as a whole word; not a cue such as ID, QQ or Tel.
_LATIN_NAME = r"(?!(?i:id|qq|tel|vx|wx|wechat|email|e-mail)(?![A-Za-z]))[A-Za-z]+(?:[ ·.'-][A-Za-z]+){0,3}(?![A-Za-z0-9_]| ?@)"
_CN_DIGITS = "〇零一二三四五六七八九幺"


def _cues(words: list[str], latin: list[str] = (), glued: bool = False) -> tuple[str, str]:
    """(first characters, the rest): cue words for a branch that starts after its first character.

    Latin cues match in any case and not inside a word (Tel but not Hotel); `glued` lets a
    latin word run on into what follows (vxzhangsan88).
    """
    alternatives = [f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in sorted(words, key=len, reverse=True)]
    end = "" if glued else "(?![A-Za-z])"
    alternatives += [
        f"(?<![A-Za-z].)(?<=[{w[0].upper()}{w[0].lower()}])(?i:{w[1:]}){end}" for w in sorted(latin, key=len, reverse=True)
    ]
    firsts = "".join(w[0] for w in words) + "".join(w[0].upper() + w[0].lower() for w in latin)
    return firsts, "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class _Branch:
    """One form: a match starts with a character of `firsts`; `rest` follows it.

    `rest` holds one capturing group: the part to mask, or (when `whole`) the part after the
    first character, in which case the whole match is masked.
    """

    firsts: str
    rest: str
    token: str | Callable[[str], str]
    whole: bool = True


def _alternation(branches: list[_Branch]) -> tuple[re.Pattern[str], list[_Branch]]:
    """One pattern for many forms that starts by consuming one character of a set.

    Python's regex engine skips quickly to where such a pattern can start (a charset prefix),
    where an alternation of lookbehinds and groups would be tried at every position: with
    ~20 forms over millions of cells this is most of the cost of masking.
    """
    firsts = "".join(sorted(set("".join(b.firsts for b in branches))))
    alternatives = [f"(?<=[{re.escape(b.firsts)}]){b.rest}" for b in branches]
    pattern = re.compile(f"[{re.escape(firsts)}](?:" + "|".join(alternatives) + ")")
    assert pattern.groups == len(branches), "each form needs exactly one capturing group"
    return pattern, branches


def _number_kind(digits: str) -> str:
    """The token for a number spelled in Chinese numerals, by its length."""
    if len(digits) == 11 and digits[0] in "一幺":
        return MOBILE_TOKEN
    if len(digits) in (15, 18):
        return ID_TOKEN
    return PHONE_TOKEN


def _cued_number(text: str) -> str:
    """The token for a number after 电话/手机/Tel: a mobile's when it is one."""
    digits = re.sub("[^0-9]", "", text)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return MOBILE_TOKEN if len(digits) == 11 and digits[0] == "1" else PHONE_TOKEN


_PHONE_CUES = _cues(["电话", "手机", "座机", "固话", "联系方式", "号码"], ["tel", "phone", "mobile", "mob"])
_ID_CUES = _cues(["身份证", "证件", "公民身份", "护照", "通行证", "社保卡", "医保卡"], ["id"])
_CARD_CUES = _cues(["银行卡", "银行账户", "银行账号", "储蓄卡", "信用卡", "借记卡", "卡号", "账号", "帐号", "账户", "帐户"])
_QQ_CUES = _cues([], ["qq"])
_ACCOUNT_CUES = _cues(
    ["微信", "威信", "薇信", "V信", "v信", "抖音", "快手", "微博", "钉钉", "支付宝", "飞书", "小红书"],
    ["wechat", "weixin", "wx", "vx"],
    glued=True,
)
_ROOM_AFTER = _cues(["单元", "号楼", "楼", "栋", "幢", "座", "号院", "层"])
_ROOM_CUES = _cues(["门牌号码", "门牌号", "门牌", "房间号", "房号", "室号", "户号"])
_ROOM_SUFFIX = rf"{_SP}?(?:室|号房|房间|房(?![租价款源产屋子东主贷]))"

# Numbers, plates, rooms and accounts: everything but names and e-mail, in one pass.
_NUMBERS = _alternation(
    [
        # 18-digit ID with a birth date; any 17 digits and X; bank cards together, in fours, or
        # (3–9 first: a run of dates starts 1 or 2) spaced anyhow; the 15-digit ID. Longest first, so that the
        # first form to match at a place covers the whole number.
        _Branch("123456789", rf"({_NB2}{_more(5)}{_S}{_YEAR}{_S}{_MONTH}{_S}{_DAY}{_more(3)}{_S}[0-9Xx]{_NA})", ID_TOKEN),
        _Branch(_DIGITS, rf"({_NB2}{_more(16)}{_S}[Xx])", ID_TOKEN),
        _Branch(_DIGITS, rf"({_NB2}[0-9]{{15,18}}{_NA})", CARD_TOKEN),
        _Branch(_DIGITS, rf"({_NB2}[0-9]{{3}}(?:{_SEP}[0-9]{{4}}){{3}}(?:{_SEP}[0-9]{{1,4}})?{_NA})", CARD_TOKEN),
        _Branch("3456789", rf"({_NB2}{_more('15,18')}{_NA})", CARD_TOKEN),
        _Branch("123456789", rf"({_NB2}{_more(5)}{_more(2)}{_S}{_MONTH}{_S}{_DAY}{_more(3)}{_NA})", ID_TOKEN),
        # Mobiles, also after +86, (+86), 0086 or 86.
        _Branch("1", rf"({_NB2}{_S}[3-9]{_more(9)}{_NA})", MOBILE_TOKEN),
        _Branch("+", rf"({_SP}?86[)）]?{_S}1{_S}[3-9]{_more(9)}{_NA})", MOBILE_TOKEN),
        _Branch("(（", rf"({_SP}?(?:\+|00)?{_SP}?86{_SP}?[)）]{_S}1{_S}[3-9]{_more(9)}{_NA})", MOBILE_TOKEN),
        _Branch("0", rf"({_NB2}0{_S}8{_S}6{_S}1{_S}[3-9]{_more(9)}{_NA})", MOBILE_TOKEN),
        _Branch("8", rf"({_NB2}6{_S}1{_S}[3-9]{_more(9)}{_NA})", MOBILE_TOKEN),
        # Landlines with an area code, and bare 8-digit Beijing numbers: not 1 or 2 first, so that
        # dates such as 20230105 stay readable; not before a unit (3000-5000元 is an amount); not
        # inside a run of dotted or dashed numbers (2000.01.30-2000.01.30 is a date range).
        _Branch("0", rf"({_NB2}[1-9][0-9]{{1,2}}[)）]?{_S}[1-9]{_more('6,7')}{_EXTENSION}{_NA})", PHONE_TOKEN),
        _Branch("(（", rf"(0[1-9][0-9]{{1,2}}[)）]{_S}[1-9]{_more('6,7')}{_EXTENSION}{_NA})", PHONE_TOKEN),
        _Branch(
            "3456789",
            rf"({_NB2}(?<![0-9][-./·].){_more(7)}{_EXTENSION}{_NA}(?![-./·][0-9])(?!{_SP}?(?:{_AMOUNT_UNITS})))",
            PHONE_TOKEN,
        ),
        # Rooms: 1502室, B1502室, 3-2-1502; 3单元1502 and 2号楼1502 below.
        _Branch(_DIGITS, rf"((?<![0-9A-Za-z].)[0-9]{{2,4}}{_ROOM_SUFFIX})", ROOM_TOKEN),
        _Branch(_LETTERS, rf"((?<![0-9A-Za-z].){_S}[0-9]{{3,5}}{_ROOM_SUFFIX})", ROOM_TOKEN),
        _Branch(_DIGITS, rf"({_NB2}[0-9]{{0,2}}-[0-9]{{1,2}}-[0-9]{{3,4}}{_NA})", ROOM_TOKEN),
        # Number plates: 京A12345, 京AD12345, 京A12345D, 京A·12345.
        _Branch(
            _PROVINCES,
            rf"({_SP}?[A-Za-z]{_SP}?[-.·]?{_SP}?(?=[A-Za-z]{{0,5}}[0-9])(?:[A-Za-z0-9]{{4}}[挂学警港澳领试超]|[A-Za-z0-9]{{5,6}}[挂学警港澳领试超]?))",
            PLATE_TOKEN,
        ),
        # Numbers in Chinese numerals.
        _Branch(_CN_DIGITS, f"([{_CN_DIGITS}]{{6,}})", _number_kind),
        _Branch("wW", r"((?<![A-Za-z0-9].)(?i:xid)_[-_A-Za-z0-9]+)", ACCOUNT_TOKEN),
        # Values after a word that says what they are: only the value is masked.
        _Branch(
            _PHONE_CUES[0],
            rf"{_PHONE_CUES[1]}(?:号码|号|码)?{_CUE_SEP}{_NOT_A_DATE}([(（+]?[0-9](?:(?:{_SEP}|[()（）])?[0-9]){{4,}}{_EXTENSION})",
            _cued_number,
            whole=False,
        ),
        _Branch(
            _ID_CUES[0],
            rf"{_ID_CUES[1]}(?:号码|号|卡号)?{_CUE_SEP}{_NOT_A_DATE}([A-Za-z]{{0,2}}[0-9]{_more('5,')}(?:{_S}[Xx])?)",
            ID_TOKEN,
            whole=False,
        ),
        _Branch(
            _CARD_CUES[0], rf"{_CARD_CUES[1]}(?:号码|号)?{_CUE_SEP}{_NOT_A_DATE}([0-9]{_more('7,')})", CARD_TOKEN, whole=False
        ),
        _Branch(
            _QQ_CUES[0],
            rf"{_QQ_CUES[1]}(?:号码|号|账号|帐号|群)?{_CUE_SEP}([1-9]{_more('4,11')}){_NA}",
            ACCOUNT_TOKEN,
            whole=False,
        ),
        _Branch(
            _ACCOUNT_CUES[0],
            rf"{_ACCOUNT_CUES[1]}(?:号码|号|账号|帐号|{_SP}?(?i:id))?{_CUE_SEP}{_NOT_A_DATE}([A-Za-z0-9][-_.A-Za-z0-9]{{5,39}})",
            ACCOUNT_TOKEN,
            whole=False,
        ),
        _Branch(
            _ROOM_AFTER[0],
            rf"{_ROOM_AFTER[1]}{_SP}?-?{_SP}?((?:[A-Za-z]{_S})?[0-9]{{3,5}}{_NA}(?:{_ROOM_SUFFIX})?)(?![.][0-9])(?!{_SP}?(?:{_ROOM_UNITS}))",
            ROOM_TOKEN,
            whole=False,
        ),
        _Branch(_ROOM_CUES[0], rf"{_ROOM_CUES[1]}{_CUE_SEP}([A-Za-z0-9][-A-Za-z0-9]{{1,15}})", ROOM_TOKEN, whole=False),
    ]
)

_STRONG_CUES = _cues(
    "我叫 我名叫 名叫 我的名字 名字 本人叫 本人名叫 本人姓名 姓名 联系人 来电人 来访人 反映人 诉求人 投诉人 举报人 当事人 申请人 报修人 求助人 户主".split()
)
_WEAK_CUES = _cues(["我是", "我就是", "本人"])
_MY_SURNAME_CUES = _cues(["我姓", "本人姓"])
_RESIDENT_CUES = _cues("市民 居民 业主 村民 群众 租户 住户 商户 患者 家长 网友 车主".split())
# Words after 我是/本人 that start with a surname's character but are no name.
_NOT_NAMES = (
    "车主|车辆|房东|房主|房屋|房子|司机|党员|管理员|商户|单位|周边|高层|高龄|常年|常住|全家|时常|关于|成为|应该|"
    "江苏|江西|安徽|广东|广西|湖南|湖北|河南|河北|山东|山西|陕西|云南|贵州|四川|东北|外地|本地|"
    "曾经|曾多次|曾在|曾于|曾向|于今|于昨|于前|于近|于本|于上|于去|向有关|向相关|向物业|向社区|向街道|和家人|和邻居|和孩子"
)
_COMPOUND = "(?:" + "|".join(_COMPOUND_SURNAMES) + ")"

# Names after a word that introduces them: only the name is masked.
_NAMES = _alternation(
    [
        _Branch(
            _STRONG_CUES[0],
            rf"{_STRONG_CUES[1]}{_CUE_SEP}(?:叫)?({_COMPOUND}{_HAN}{{1,2}}|{_HAN}{{1,3}}{_NAME_END}|{_HAN}{{2,3}}|{_LATIN_NAME})"
            + _NOT_BEFORE_TOKEN,
            NAME_TOKEN,
            whole=False,
        ),
        _Branch(
            _WEAK_CUES[0],
            rf"{_WEAK_CUES[1]}{_SP}*((?!{_NOT_NAMES}){_SURNAME}{_HAN}{{1,2}}{_WEAK_NAME_END}|{_LATIN_NAME})" + _NOT_BEFORE_TOKEN,
            NAME_TOKEN,
            whole=False,
        ),
        _Branch(_MY_SURNAME_CUES[0], rf"{_MY_SURNAME_CUES[1]}{_SP}*({_SURNAME})", NAME_TOKEN, whole=False),
        _Branch(
            _RESIDENT_CUES[0],
            rf"{_RESIDENT_CUES[1]}({_SURNAME}{_HAN}{{0,2}}?)(?=反映|来电|投诉|举报|称|说|表示|咨询|求助|要求|希望)",
            NAME_TOKEN,
            whole=False,
        ),
    ]
)
# A surname, up to two characters and a title: 李先生, 欧阳女士, 王小明师傅.
_TITLED = _alternation(
    [
        _Branch(
            _SURNAMES + "".join(c[0] for c in _COMPOUND_SURNAMES),
            "((?:"
            + "|".join(f"(?<={c[0]}){c[1]}" for c in _COMPOUND_SURNAMES)
            + f"|(?<=[{_SURNAMES}])){_HAN}{{0,2}}?(?:"
            + "|".join(_TITLES)
            + "))",
            NAME_TOKEN,
        )
    ]
)
_TITLE_WORDS = re.compile("|".join(_TITLES))
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+{_SP}?(?:@|[(（\[]{_SP}?at{_SP}?[)）\]]){_SP}?"
    rf"[A-Za-z0-9-]+(?:{_SP}?[.。]{_SP}?[A-Za-z0-9-]+)*"
)
_EMAIL_SIGN = re.compile(r"@|[(（\[] ?at ?[)）\]]")
_TOKEN = re.compile("【[^【】]{1,8}已脱敏】")
_EMAIL_FORMS = (_EMAIL, [_Branch("", "", EMAIL_TOKEN)])
# A cell with none of these cannot hold anything masked: no digit of any script or width, no @,
# no Han character (names, plates, cue words), no latin account cue, no character in another form.
_MAYBE_PERSONAL = re.compile(
    r"[\d@\u3400-\u9fff\uf900-\ufaff\U00010000-\U0010ffff]|(?i:wxid|wechat|weixin|wx|vx)|" + _NEEDS_WORKING_COPY.pattern
)


def _find(forms: tuple[re.Pattern[str], list[_Branch]], work: str, spans: list[tuple[int, int, str]]) -> None:
    pattern, branches = forms
    for match in pattern.finditer(work):
        group = match.lastindex or 0
        branch = branches[group - 1] if group else branches[0]
        start = match.start() if branch.whole else match.start(group)
        end = match.end(group)
        if end > start:
            spans.append((start, end, branch.token if isinstance(branch.token, str) else branch.token(work[start:end])))


def mask_text(text: str) -> str:
    """The text with every form in `MASKED_FORMS` replaced by its token; everything else as written."""
    if not text:
        return text
    work = text.translate(_TABLE) if _NEEDS_WORKING_COPY.search(text) or _ASTRAL.search(text) else text
    spans: list[tuple[int, int, str]] = []
    # Three passes whose finds may overlap: a name next to a phone number, an e-mail made of digits.
    _find(_NUMBERS, work, spans)
    _find(_NAMES, work, spans)
    if _TITLE_WORDS.search(work):
        _find(_TITLED, work, spans)
    if _EMAIL_SIGN.search(work):
        _find(_EMAIL_FORMS, work, spans)
    if not spans:
        return text
    # Tokens already in the text (masked once before) are not masked again: 【姓名已脱敏】 is no name.
    tokens = [m.span() for m in _TOKEN.finditer(work)] if "已脱敏】" in work else []
    spans.sort(key=lambda span: (span[0], -span[1]))
    out: list[str] = []
    done = 0  # the original text is copied up to here
    start = end = 0
    token = ""
    for s, e, t in spans:
        if any(t_start <= s < t_end for t_start, t_end in tokens):
            continue
        if s < end:  # overlapping finds are masked as one, under the first one's token
            end = max(end, e)
            continue
        if end:
            out += [text[done:start], token]
            done = end
        start, end, token = s, e, t
    if end:
        out += [text[done:start], token]
        done = end
    out.append(text[done:])
    return "".join(out)


def mask_series(values: pd.Series) -> pd.Series:
    """`mask_text` over a column, skipping cells that cannot hold anything to mask."""
    values = values.astype(object)
    candidates = values.str.contains(_MAYBE_PERSONAL, regex=True).fillna(False).to_numpy(dtype=bool)
    if candidates.any():
        values = values.copy()
        values[candidates] = values[candidates].map(mask_text)
    return values
