"""Personal data in free text is masked before anything is stored; ordinary text is left alone.

Three kinds of test: exact outputs for hand-written texts; every form named in issue 16, one
row each; and properties: numbers, ids, cards, plates, accounts, e-mails and names generated
in every spelling (full-width, dotted, dashed, em-dashed, spaced, prefixed) inside random
Chinese sentences never survive `mask_text`, while dates, times, amounts and counts always do.
Last, a cases file holding every form goes through the importer and none survives anywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_import_helpers import CASE_HEADER, copy_warehouse, csv_bytes, good_case, query, run_import, write

from data.demo_cases import CATEGORY_TREE
from data.importer.masking import (
    ACCOUNT_TOKEN,
    CARD_TOKEN,
    EMAIL_TOKEN,
    ID_TOKEN,
    MASKED_FORMS,
    MOBILE_TOKEN,
    NAME_TOKEN,
    PHONE_TOKEN,
    PLATE_TOKEN,
    ROOM_TOKEN,
    TOKENS,
    mask_series,
    mask_text,
)

# Fast and the same on every run: hypothesis draws from a fixed seed and keeps no database.
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)


@functools.cache
def pick(items: tuple | str) -> st.SearchStrategy:
    """`st.sampled_from`, built once per list: building strategies anew for every example is slow."""
    return st.sampled_from(items)


@functools.cache
def between(low: int, high: int) -> st.SearchStrategy:
    return st.integers(low, high)


MASKED = [
    ("联系人王先生13812345678", f"联系人{NAME_TOKEN}{MOBILE_TOKEN}"),
    ("电话：138-1234-5678，另 +86 139 1234 5678", f"电话：{MOBILE_TOKEN}，另 {MOBILE_TOKEN}"),
    ("手机１３８１２３４５６７８", f"手机{MOBILE_TOKEN}"),
    ("座机010-65123456或65123456转8", f"座机{PHONE_TOKEN}或{PHONE_TOKEN}"),
    ("身份证110105199001011234", f"身份证{ID_TOKEN}"),
    ("证件号11010519900101123X。", f"证件号{ID_TOKEN}。"),
    ("我叫张三，住在三楼", f"我叫{NAME_TOKEN}，住在三楼"),
    ("我叫王小明今天下午来电", f"我叫{NAME_TOKEN}今天下午来电"),
    ("姓名：李四 反映噪音", f"姓名：{NAME_TOKEN} 反映噪音"),
    ("联系人赵六反映路灯不亮", f"联系人{NAME_TOKEN}反映路灯不亮"),
    ("投诉人：钱七", f"投诉人：{NAME_TOKEN}"),
    ("李先生来电反映停车难", f"{NAME_TOKEN}来电反映停车难"),
    ("欧阳女士称门前堆物", f"{NAME_TOKEN}称门前堆物"),
    ("市民张三反映井盖缺失", f"市民{NAME_TOKEN}反映井盖缺失"),
    ("邮箱 someone@example.com 回复", f"邮箱 {EMAIL_TOKEN} 回复"),
    # Only the masked part changes: full-width punctuation, dashes and spaces elsewhere stay as written.
    ("请回电１３８－１２３４－５６７８——谢谢！", f"请回电{MOBILE_TOKEN}——谢谢！"),
    ("住3号楼2单元1502室，车牌京A·12345。", f"住3号楼2单元{ROOM_TOKEN}，车牌{PLATE_TOKEN}。"),
    ("卡号：6222 0212 3456 7890 123，QQ：12345678", f"卡号：{CARD_TOKEN}，QQ：{ACCOUNT_TOKEN}"),
    ("我是赵六，本人孙七反映", f"我是{NAME_TOKEN}，本人{NAME_TOKEN}反映"),
    ("我姓王，微信号 zhang_san88", f"我姓{NAME_TOKEN}，微信号 {ACCOUNT_TOKEN}"),
    # A text masked twice is masked once: 【姓名已脱敏】 holds the cue 姓名 but is no name.
    (f"姓名{NAME_TOKEN}，电话{MOBILE_TOKEN}", f"姓名{NAME_TOKEN}，电话{MOBILE_TOKEN}"),
]

# Every form issue 16 found stored unmasked or not covered: (text, what must be gone, token).
ISSUE_FORMS = [
    ("电话138－1234－5678", "13812345678", MOBILE_TOKEN),
    ("电话138—1234—5678", "13812345678", MOBILE_TOKEN),
    ("Tel13812345678", "13812345678", MOBILE_TOKEN),
    ("138.1234.5678", "13812345678", MOBILE_TOKEN),
    ("11010119900307123Ｘ", "11010119900307123X", ID_TOKEN),
    ("110101 19900307 1234", "110101199003071234", ID_TOKEN),
    ("ID110101199003071234", "110101199003071234", ID_TOKEN),
    ("zhangsan＠qq.com", "zhangsan", EMAIL_TOKEN),
    ("我叫Zhang San", "Zhang", NAME_TOKEN),
    ("我叫Zhang San", "San", NAME_TOKEN),
    ("我叫欧阳娜娜", "娜", NAME_TOKEN),
    ("6222021234567890123", "6222021234567890123", CARD_TOKEN),
    ("6222 0212 3456 7890", "6222021234567890", CARD_TOKEN),
    ("6222-0212-3456-7890-123", "6222021234567890123", CARD_TOKEN),
    ("京A12345", "A12345", PLATE_TOKEN),
    ("京AD12345", "AD12345", PLATE_TOKEN),
    ("京A12345D", "A12345D", PLATE_TOKEN),
    ("京A·12345", "12345", PLATE_TOKEN),
    ("京A 12345", "12345", PLATE_TOKEN),
    ("1502室", "1502", ROOM_TOKEN),
    ("3单元1502", "1502", ROOM_TOKEN),
    ("2号楼1502", "1502", ROOM_TOKEN),
    ("QQ号123456789", "123456789", ACCOUNT_TOKEN),
    ("QQ：12345678", "12345678", ACCOUNT_TOKEN),
    ("微信 wxid_abc123", "abc123", ACCOUNT_TOKEN),
    ("微信号 zhang_san88", "zhang_san88", ACCOUNT_TOKEN),
    ("WeChat: zhangsan88", "zhangsan88", ACCOUNT_TOKEN),
    ("我是赵六", "赵六", NAME_TOKEN),
    ("本人孙七", "孙七", NAME_TOKEN),
]

# Subcategory and category words, and the sample file's texts without personal data.
CATEGORY_WORDS = [category for category in CATEGORY_TREE] + [sub for _, subs in CATEGORY_TREE.values() for sub, *_ in subs]
UNCHANGED = [
    "胡同口堆放建筑垃圾",
    "2023年1月5日 8:00 巡查发现",
    "工单20230105的后续",
    "该先生称楼下有人占道",
    "这位女士反映小区停车乱",
    "市民反映问题已解决",
    "本人住在三号楼",
    "编号12345678的路灯",
    "2023-05-01至2023-05-31，每晚22:30后施工",
    "2023/5/1 8:00 与 2023.05.03 17:30:00 两次巡查",
    "罚款300元，已反映3次，涉及50户居民，持续2周",
    "预算3000-5000元，面积1200平米，占道约3米",
    "满意率95%，较上期提高2.5个百分点",
    "12345热线转来，110已出警",
    "3号楼门口，5层楼道，2单元门口",
    "我是车主，门口被堵",
    "我是周边居民，希望尽快处理",
    "市民文明行为宣传",
    "",
]


@pytest.mark.parametrize("text, expected", MASKED)
def test_personal_data_is_masked(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize("text, secret, token", ISSUE_FORMS)
def test_every_form_from_the_issue_is_masked(text, secret, token):
    # Glued to the text before it, and followed by punctuation (after 我是/本人 a name needs a visible end).
    for sentence in (text, f"胡同口堆放杂物，{text}，请尽快处理。", f"门前三包不落实{text}。"):
        masked = mask_text(sentence)
        assert token in masked, (sentence, masked)
        assert secret.lower() not in _plain(masked).lower(), (sentence, masked)


@pytest.mark.parametrize("text", UNCHANGED + CATEGORY_WORDS)
def test_ordinary_text_is_left_alone(text):
    assert mask_text(text) == text


@pytest.mark.parametrize("what, examples, token", MASKED_FORMS, ids=[f"form{i}" for i in range(len(MASKED_FORMS))])
def test_documented_examples_are_masked(what, examples, token):
    for example in examples.split("、"):
        masked = mask_text(example)
        assert any(t in masked for t in TOKENS), (what, example, masked)
        assert not _surviving_runs(_digits_of(example), masked), (example, masked)


def test_series_masking_matches_text_masking():
    texts = [t for t, _ in MASKED] + UNCHANGED + ["abc", "wechat: zhangsan", "ｗｘｉｄ_ａｂｃ１２３"]
    values = pd.Series([*texts, None], dtype=object)
    masked = list(mask_series(values))
    assert masked[:-1] == [mask_text(t) for t in texts]
    assert masked[-1] is None
    assert ACCOUNT_TOKEN in masked[-3] and ACCOUNT_TOKEN in masked[-2]


def test_names_in_the_demo_warehouse_are_left_alone(sql):
    """Street, alley, village and project names, categories: none looks like personal data."""
    names = sql(
        "select name from streets union select name from alleys union select name from villages "
        "union select name from volunteer_projects union select category from volunteer_projects "
        "union select category from cases union select subcategory from cases"
    )["name"].dropna()
    masked = mask_series(names)
    changed = names[masked != names]
    assert changed.empty, list(zip(changed, masked[masked != names], strict=True))[:10]


# --- properties ------------------------------------------------------------------------------

DIGITS = "0123456789"
FULL_WIDTH = str.maketrans(
    DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠",
)
# Between digits: spaces (also the ideographic one and a zero-width one), hyphens, dashes, dots.
SEPARATORS = [" ", "  ", "-", "－", "—", "–", "‐", ".", "．", "·", "・", "\u3000", "\u200b", "\u00a0", " - ", "—"]
FILLER = [
    "胡同口堆放建筑垃圾",
    "楼道里贴满小广告",
    "夜间施工噪声很大",
    "路灯坏了很久没人修",
    "希望有关部门尽快处理",
    "请相关部门核实",
    "已经反映过多次",
    "门前堆放杂物影响通行",
    "人行道违停严重",
    "小区垃圾没人清运",
    "感谢工作人员",
    "情况属实",
    "下水道堵塞返味",
    "共享单车乱停乱放",
]
FILLER_CHARS = set("".join(FILLER))
JOINERS = ["", "，", "。", " ", "；", "！", "：", "\n"]


def _plain(text: str) -> str:
    """The text as a reader would take it: NFKC, without separators between digits."""
    return re.sub(r"[\s\-.·\u200b]", "", unicodedata.normalize("NFKC", text).replace("—", "").replace("–", ""))


def _digits_of(text: str) -> str:
    return re.sub("[^0-9]", "", unicodedata.normalize("NFKC", text))


def _surviving_runs(secret_digits: str, masked: str, size: int = 4) -> list[str]:
    """Runs of `size` digits of the secret still in the masked text (read without separators)."""
    left = _digits_of(masked)
    return [secret_digits[i : i + size] for i in range(len(secret_digits) - size + 1) if secret_digits[i : i + size] in left]


@st.composite
def sentence(draw, secret: str) -> str:
    """The secret inside a random Chinese sentence; filler holds no digit and no latin letter."""
    before = draw(st.lists(pick(tuple(FILLER)), max_size=2))
    after = draw(st.lists(pick(tuple(FILLER)), max_size=2))
    parts = [*before, secret, *after]
    joiners = draw(st.lists(pick(tuple(JOINERS)), min_size=len(parts) - 1, max_size=len(parts) - 1))
    return "".join(p + j for p, j in zip(parts, [*joiners, ""], strict=True))


@st.composite
def spelled(draw, digits: str, groups: tuple[int, ...] | None = None) -> str:
    """Digits as people write them: together, in the usual groups, or apart; any separator; any width."""
    style = draw(pick(("together", "groups", "every", "random") if groups else ("together", "every", "random")))
    if style == "together":
        cuts = []
    elif style == "groups":
        cuts = [sum(groups[: i + 1]) for i in range(len(groups) - 1)]
    elif style == "every":
        cuts = list(range(1, len(digits)))
    else:
        cuts = sorted(draw(st.sets(between(1, len(digits) - 1), max_size=4)))
    separator = draw(pick(tuple(SEPARATORS)))
    pieces = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    text = separator.join(pieces)
    width = draw(pick(("half", "full", "mixed")))
    if width == "full":
        text = text.translate(FULL_WIDTH)
    elif width == "mixed":
        text = "".join(c.translate(FULL_WIDTH) if draw(st.booleans()) else c for c in text)
    return text


@functools.cache
def text_of(alphabet: str, low: int, high: int) -> st.SearchStrategy:
    return st.text(alphabet=alphabet, min_size=low, max_size=high)


def random_digits(draw, count: int) -> str:
    return draw(text_of(DIGITS, count, count))


def check_numbers_gone(text: str, secret_digits: str, token: str | None = None) -> None:
    masked = mask_text(text)
    assert not _surviving_runs(secret_digits, masked), (text, masked)
    if token is not None:
        assert token in masked, (text, masked)
    assert mask_text(masked) == masked, (text, masked)  # masking twice changes nothing


@st.composite
def mobiles(draw):
    digits = "1" + draw(pick("3456789")) + random_digits(draw, 9)
    prefix = draw(
        pick(
            (
                "",
                "Tel",
                "TEL:",
                "tel：",
                "电话",
                "电话：",
                "手机",
                "手机号",
                "手机号码：",
                "联系电话 ",
                "+86 ",
                "+86",
                "0086",
                "86-",
                "(+86)",
                "联系方式是",
            )
        )
    )
    return digits, prefix + draw(spelled(digits, (3, 4, 4)))


@PROPERTY
@given(st.data())
def test_mobile_numbers_never_survive(data):
    digits, written = data.draw(mobiles())
    check_numbers_gone(data.draw(sentence(written)), digits, MOBILE_TOKEN)


@st.composite
def landlines(draw):
    area = draw(pick(("010", "021", "022", "020", "0311", "0512", "0755")))
    length = 8 if len(area) == 3 else draw(pick((7, 8)))
    number = draw(pick("3456789")) + random_digits(draw, length - 1)
    style = draw(pick(("area", "brackets", "bare")))
    if style == "bare":  # a Beijing number without its area code
        number = draw(pick("3456789")) + random_digits(draw, 7)
        written, digits = draw(spelled(number, (4, 4))), number
    else:
        separator = draw(pick(("-", " ", "－", "—", "", " - ")))
        body = draw(spelled(number, (4, length - 4)))
        written = f"({area}){body}" if style == "brackets" else f"{area}{separator}{body}"
        digits = area + number
    extension = draw(pick(("", "转8", "转 801", "-8021", "分机123")))
    prefix = draw(pick(("", "座机", "电话：", "固话 ", "Tel ", "联系电话")))
    return digits + _digits_of(extension), prefix + written + extension


@PROPERTY
@given(st.data())
def test_landlines_never_survive(data):
    digits, written = data.draw(landlines())
    check_numbers_gone(data.draw(sentence(written)), digits)


def id_check_character(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@st.composite
def id_numbers(draw):
    region = draw(pick(("110101", "110105", "110108", "310104", "440305", "130102", "510107", "650102", "622801")))
    born = draw(st.dates(date(1930, 1, 1), date(2015, 12, 31)))
    first17 = region + born.strftime("%Y%m%d") + random_digits(draw, 3)
    check = id_check_character(first17)
    if check == "X":
        check = draw(pick(("X", "x", "Ｘ")))
    digits = first17 + check
    if draw(between(0, 9)) == 0:  # the old 15-digit form: two-digit year, no check character
        digits = region + born.strftime("%y%m%d") + random_digits(draw, 3)
        written = draw(spelled(digits, (6, 6, 3)))
    else:
        written = draw(spelled(digits, draw(pick(((6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2), (3, 3, 4, 4, 4))))))
    prefix = draw(pick(("", "ID", "ID:", "身份证", "身份证号：", "身份证号码是", "证件号码 ", "公民身份号码")))
    return _digits_of(digits), prefix + written


@PROPERTY
@given(st.data())
def test_id_numbers_never_survive(data):
    digits, written = data.draw(id_numbers())
    text = data.draw(sentence(written))
    check_numbers_gone(text, digits)
    assert re.search(f"{digits[-4:-1]}[Xx]", _plain(mask_text(text))) is None


@st.composite
def bank_cards(draw):
    start = draw(pick(("62", "622202", "6228", "9558", "4", "51", "52", "53", "54", "55", "35", "37")))
    length = draw(between(16, 19))
    digits = start + random_digits(draw, length - len(start))
    prefix = draw(pick(("", "银行卡", "银行卡号：", "卡号 ", "账号：", "储蓄卡", "信用卡号")))
    return digits, prefix + draw(spelled(digits, (4,) * (length // 4) + ((length % 4,) if length % 4 else ())))


@PROPERTY
@given(st.data())
def test_bank_cards_never_survive(data):
    digits, written = data.draw(bank_cards())
    check_numbers_gone(data.draw(sentence(written)), digits)


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@st.composite
def plates(draw):
    letter = draw(pick(tuple(PLATE_LETTERS)))
    kind = draw(pick(("regular", "energy-front", "energy-back")))
    if kind == "regular":
        chars = [draw(pick(DIGITS + PLATE_LETTERS if i in (0, 1) else DIGITS)) for i in range(5)]
        body = "".join(draw(st.permutations(chars)))
        if not any(c.isdigit() for c in body):
            body = body[:-1] + "7"
    elif kind == "energy-front":
        body = draw(pick("DF")) + draw(pick(PLATE_LETTERS + DIGITS)) + random_digits(draw, 4)
    else:
        body = random_digits(draw, 5) + draw(pick("DF"))
    separator = draw(pick(("", "", "·", " ", "-", "•", "・")))
    plate = letter + separator + body
    if draw(st.booleans()):
        plate = plate.lower()
    if draw(st.booleans()):
        plate = plate.translate(FULL_WIDTH)
    prefix = draw(pick(("", "车牌", "车牌号：", "一辆", "车辆")))
    return letter + body, prefix + draw(pick(tuple(PROVINCES))) + plate


@PROPERTY
@given(st.data())
def test_number_plates_never_survive(data):
    plate, written = data.draw(plates())
    text = data.draw(sentence(written))
    masked = mask_text(text)
    assert plate.lower() not in _plain(masked).lower(), (text, masked)
    assert not _surviving_runs(_digits_of(plate), masked, size=3), (text, masked)
    assert PLATE_TOKEN in masked


@st.composite
def rooms(draw):
    room = draw(pick("123456789")) + random_digits(draw, draw(between(2, 3)))
    building, unit = draw(between(1, 30)), draw(between(1, 8))
    written = [
        f"{room}室",
        f"{room} 室",
        f"{room}房间",
        f"{unit}单元{room}",
        f"{building}号楼{room}",
        f"{building}号楼{unit}单元{room}",
        f"{building}号楼{unit}单元{room}室",
        f"{building}栋{room}",
        f"{building}-{unit}-{room}",
        f"房号{room}",
        f"门牌号：{room}",
    ][draw(between(0, 10))]
    if draw(st.booleans()):
        written = written.translate(FULL_WIDTH)
    prefix = draw(pick(("", "住", "家住", "住在", "本小区")))
    return room, prefix + written


@PROPERTY
@given(st.data())
def test_room_numbers_never_survive(data):
    room, written = data.draw(rooms())
    text = data.draw(sentence(written))
    masked = mask_text(text)
    assert room not in _digits_of(masked), (text, masked)
    assert ROOM_TOKEN in masked


@st.composite
def social_accounts(draw):
    kind = draw(pick(("qq", "wechat", "wxid")))
    if kind == "qq":
        account = draw(pick("123456789")) + random_digits(draw, draw(between(4, 10)))
        cue = draw(pick(("QQ", "QQ号", "QQ号码：", "qq ", "QQ：", "QQ:", "ＱＱ", "QQ群")))
        return account, cue + draw(spelled(account))
    if kind == "wxid":
        account = "wxid_" + "".join(draw(text_of("abcdefghijkmnpqrstuvwxyz0123456789", 6, 14)))
        cue = draw(pick(("", "微信", "微信：", "微信号 ", "WeChat: ")))
        return account, cue + account
    head = draw(pick("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"))
    account = head + "".join(draw(text_of("abcdefghijkmnpqrstuvwxyz0123456789_-", 5, 19)))
    cue = draw(pick(("微信", "微信号", "微信号：", "微信号 ", "微信：", "WeChat:", "wechat ", "VX:", "vx", "V信", "微信ID ")))
    return account, cue + account


@PROPERTY
@given(st.data())
def test_qq_and_wechat_accounts_never_survive(data):
    account, written = data.draw(social_accounts())
    text = data.draw(sentence(written))
    masked = mask_text(text)
    assert account.lower() not in _plain(masked).lower(), (text, masked)
    assert not _surviving_runs(_digits_of(account), masked), (text, masked)


@st.composite
def emails(draw):
    local = draw(pick("abcdefghijkmnpqrstuvwxyz")) + "".join(draw(text_of("abcdefghijkmnpqrstuvwxyz0123456789._", 2, 12)))
    local = local.rstrip("._") or "a"
    domain = draw(pick(("qq.com", "163.com", "126.com", "gmail.com", "example.com.cn", "sina.cn", "bjgov.org")))
    at = draw(pick(("@", "＠", " @ ", "(at)", "[at]", "（at）")))
    written = local + at + domain
    if draw(between(0, 4)) == 0:
        written = written.translate(FULL_WIDTH)
    prefix = draw(pick(("", "邮箱", "邮箱：", "Email: ", "电子邮件 ", "邮箱是")))
    return local, prefix + written


@PROPERTY
@given(st.data())
def test_email_addresses_never_survive(data):
    local, written = data.draw(emails())
    text = data.draw(sentence(written))
    masked = mask_text(text)
    assert local.lower() not in _plain(masked).lower(), (text, masked)
    assert EMAIL_TOKEN in masked


SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤常温康"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "夏侯", "司徒", "尉迟", "公孙"]
CUE_CHARS = set("我叫是本人姓名字联系来电访投诉举报当事申请修求助户主市民居业村群众先生女士小姐已脱敏反映称说表示家住在的")
GIVEN_NAME_CHARS = [
    c
    for c in "伟芳娜静丽强磊洋艳杰娟涛超秀霞刚桂英华玉兰萍鹏飞琳欣怡婷雪梅琴莉晶浩宇轩涵睿博俊峰嘉颖倩瑶璐"
    if c not in FILLER_CHARS | CUE_CHARS
]
STRONG = [
    "我叫",
    "姓名：",
    "姓名",
    "联系人",
    "联系人：",
    "来电人",
    "投诉人：",
    "举报人",
    "我的名字是",
    "本人姓名：",
    "名字叫",
    "当事人",
    "申请人 ",
]
WEAK = ["我是", "本人", "我就是"]
AFTER_WEAK = ["，", "。", "反映", "来电", "家住", " ", "的", "！", "投诉", "称"]
TITLES = ["先生", "女士", "小姐", "师傅", "老师", "阿姨", "大爷"]


@st.composite
def chinese_names(draw):
    """(the name as a reader would see it, its given name, the text holding it, whether the text ends there)."""
    surname = draw(pick(tuple(COMPOUND_SURNAMES)) if draw(between(0, 3)) == 0 else pick(tuple(SURNAMES)))
    given = draw(text_of("".join(GIVEN_NAME_CHARS), 1, 2))
    form = draw(pick(("strong", "weak", "titled", "resident")))
    if form == "strong":
        return surname + given, given, draw(pick(tuple(STRONG))) + surname + given, False
    if form == "weak":
        # After 我是/本人 a name is taken only where it visibly ends: at a verb, punctuation or the text's end.
        end = draw(pick(("", *AFTER_WEAK)))
        return surname + given, given, draw(pick(tuple(WEAK))) + surname + given + end, not end
    if form == "titled":  # 李先生, 王小明师傅: with a title the name is masked with it
        if draw(st.booleans()):
            given = ""
        title = draw(pick(tuple(TITLES)))
        return surname + given + title, given, surname + given + title, False
    cue = draw(pick(("市民", "居民", "业主", "村民")))
    return surname + given, given, cue + surname + given + draw(pick(("反映", "来电", "投诉", "称"))), False


@PROPERTY
@given(st.data())
def test_chinese_names_never_survive(data):
    name, given, written, at_the_end = data.draw(chinese_names())
    text = data.draw(pick(tuple(FILLER))) + "，" + written if at_the_end else data.draw(sentence(written))
    masked = mask_text(text)
    assert name not in masked, (text, masked)
    assert not set(given) & set(masked), (text, masked)
    assert NAME_TOKEN in masked
    assert mask_text(masked) == masked


@st.composite
def latin_names(draw):
    syllables = ["zhang", "wang", "li", "liu", "chen", "san", "si", "wei", "na", "ming", "hua", "ouyang", "xiaoming", "jing"]
    words = draw(st.lists(pick(tuple(syllables)), min_size=1, max_size=3))
    case = draw(pick(("title", "upper", "lower", "surname-upper")))
    if case == "title":
        words = [w.title() for w in words]
    elif case == "upper":
        words = [w.upper() for w in words]
    elif case == "surname-upper":
        words = [words[0].upper()] + [w.title() for w in words[1:]]
    name = draw(pick((" ", "", "·", "-"))).join(words)
    cue = draw(pick(("我叫", "我是", "本人", "姓名：", "姓名", "我叫 ", "联系人")))
    return [w for w in words if len(w) > 1], cue + name


@PROPERTY
@given(st.data())
def test_latin_names_never_survive(data):
    words, written = data.draw(latin_names())
    text = data.draw(sentence(written))
    masked = mask_text(text)
    for word in words:
        assert word.lower() not in masked.lower(), (text, masked)


def _date_templates(day: date, later: date, hour: int, minute: int) -> list[str]:
    return [
        day.isoformat(),
        f"{day:%Y/%m/%d}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day:%Y.%m.%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
        f"{day.isoformat()} {hour:02d}:{minute:02d}",
        f"{day.isoformat()} {hour:02d}:{minute:02d}:00",
        f"{day.isoformat()}至{later.isoformat()}",
        f"{day:%Y.%m.%d}-{later:%Y.%m.%d}",
        f"{day.year}年{day.month}月{day.day}日{hour}时{minute}分",
        f"{hour}:{minute:02d}",
        f"每晚{hour}点后",
    ]


# Amounts, counts and sizes: (template, low, high) for one number, or two for a range.
QUANTITIES = [
    ("{}元", 1, 99999),
    ("{}次", 1, 99),
    ("{}户", 1, 999),
    ("{}个", 1, 99),
    ("{}周", 1, 52),
    ("{}%", 1, 100),
    ("{}号楼", 1, 30),
    ("{}层", 1, 30),
    ("第{}期", 1, 50),
    ("{}.50元", 1, 9999),
    ("1,{}元", 100, 999),
    ("{}-8000元", 100, 7999),
    ("{}平米", 10, 99999),
]


@st.composite
def ordinary_numbers(draw):
    """Dates, times, amounts, counts, percentages and category words, as a complaint writes them."""
    kind = draw(pick(("date", "quantity", "word")))
    if kind == "date":
        day = draw(DAYS)
        later = day + timedelta(days=draw(between(0, 60)))
        templates = _date_templates(day, later, draw(between(0, 23)), draw(between(0, 59)))
        return templates[draw(between(0, len(templates) - 1))]
    if kind == "quantity":
        template, low, high = draw(pick(tuple(QUANTITIES)))
        return template.format(draw(between(low, high)))
    return draw(pick((*CATEGORY_WORDS, "12345热线", "110")))


DAYS = st.dates(date(2000, 1, 1), date(2030, 12, 31))


@PROPERTY
@given(st.data())
def test_dates_times_amounts_and_counts_are_left_alone(data):
    parts = data.draw(st.lists(ordinary_numbers(), min_size=1, max_size=3))
    text = data.draw(sentence("，".join(parts)))
    assert mask_text(text) == text


# --- end to end: nothing survives the importer ------------------------------------------------

# Personal data in every form from the issue, in 诉求内容; and in columns whose rows are rejected.
E2E_SECRETS = {
    "138－1234－5678": "13812345678",
    "138—1234—5678": "13812345678",
    "Tel13812345678": "13812345678",
    "138.1234.5678": "13812345678",
    "11010119900307123Ｘ": "11010119900307123",
    "110101 19900307 1234": "110101199003071234",
    "ID110101199003071234": "110101199003071234",
    "zhangsan＠qq.com": "zhangsan",
    "我叫Zhang San": "Zhang",
    "我叫欧阳娜娜": "娜娜",
    "卡号6222 0212 3456 7890 123": "6222021234567890123",
    "6228480402564890018": "6228480402564890018",
    "京A12345停在门口": "A12345",
    "京AD12345": "AD12345",
    "京A·54321": "54321",
    "住1502室": "1502",
    "3单元2603": "2603",
    "2号楼3704": "3704",
    "QQ号123456789": "123456789",
    "QQ：87654321": "87654321",
    "微信号 zhang_san88": "zhang_san88",
    "wxid_abc123": "abc123",
    "我是赵六": "赵六",
    "本人孙七": "孙七",
}


def test_no_form_survives_an_import(warehouse_path, tmp_path):
    warehouse = copy_warehouse(warehouse_path, tmp_path)
    rows = [good_case(f"PII-{i:03d}", 诉求内容=f"胡同口堆放杂物，{text}，请尽快处理") for i, text in enumerate(E2E_SECRETS)]
    # Rejected rows: their values and the reasons quoting them go to import_rejects.
    rows.append(good_case("PII-R01", 所属区="138－1234－5678", 诉求内容="我叫欧阳娜娜"))
    rows.append(good_case("PII-R02", 受理时间="ID110101199003071234"))
    rows.append(good_case("PII-R03", 满意度="zhangsan＠qq.com"))
    path = write(tmp_path / "cases_masking.csv", csv_bytes(CASE_HEADER, rows))
    result = run_import("cases", path, warehouse)
    assert result.rows_loaded == len(E2E_SECRETS) and result.rows_rejected == 3

    stored = {
        "cases": query(warehouse, "select * from cases where case_id like 'PII-%'"),
        "import_rejects": query(warehouse, "select * from import_rejects where run_id = $id", {"id": result.run_id}),
        # run_id and file_sha256 are made by the importer from the clock, randomness and a hash: no input in them.
        "import_runs": query(
            warehouse, "select * exclude (run_id, file_sha256) from import_runs where run_id = $id", {"id": result.run_id}
        ),
    }
    assert len(stored["cases"]) == len(E2E_SECRETS) and len(stored["import_rejects"]) == 3
    for table, frame in stored.items():
        dump = frame.astype(str).to_csv(index=False)
        for written, secret in E2E_SECRETS.items():
            assert written not in dump, (table, written)
            assert secret.lower() not in _plain(dump).lower(), (table, written)
    masked = stored["cases"].set_index("case_id")["description"]
    assert masked["PII-000"] == f"胡同口堆放杂物，{MOBILE_TOKEN}，请尽快处理"
    assert {e["value"] for e in result.errors} >= {MOBILE_TOKEN, f"ID{ID_TOKEN}", EMAIL_TOKEN}


def test_the_run_log_holds_no_personal_data_from_headings_sheet_names_or_ids(warehouse_path, tmp_path):
    """Found after the masking work: a column heading the importer does not know is echoed in the
    run's notes, an XLSX sheet name is logged, and an id may be a phone number. None may be stored."""
    import io

    import openpyxl

    from data.importer import import_file
    from tests.test_import_helpers import CASE_HEADER, copy_warehouse, good_case, query

    warehouse = copy_warehouse(warehouse_path, tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "王先生13812345678"
    sheet.append([*CASE_HEADER, "联系人13912345678"])
    sheet.append([*(good_case("A-00001")[h] for h in CASE_HEADER), "x"])
    sheet.append([*(good_case("13712345678")[h] for h in CASE_HEADER), "x"])  # a phone number typed as the case id
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "export.xlsx"
    path.write_bytes(buffer.getvalue())
    result = import_file("cases", path, warehouse, sheet="王先生13812345678")
    assert (result.rows_loaded, result.rows_rejected) == (1, 1), result.errors
    assert any("个人信息" in e["reason"] for e in result.errors)
    logged = query(warehouse, f"select * from import_runs where run_id = '{result.run_id}'").astype(str).to_string()
    rejected = query(warehouse, f"select * from import_rejects where run_id = '{result.run_id}'").astype(str).to_string()
    cases = query(warehouse, "select case_id from cases where case_id = '13712345678'")
    for secret in ("13812345678", "13912345678", "13712345678"):
        assert secret not in logged and secret not in rejected
    assert cases.empty
