"""Personal data in free text is masked before anything is stored; ordinary text is left alone."""

from __future__ import annotations

import pandas as pd
import pytest

from data.importer.masking import mask_series, mask_text

MASKED = [
    ("联系人王先生13812345678", "联系人【姓名已脱敏】先生【手机号已脱敏】"),
    ("电话：138-1234-5678，另 +86 139 1234 5678", "电话：【手机号已脱敏】，另 【手机号已脱敏】"),
    ("手机１３８１２３４５６７８", "手机【手机号已脱敏】"),
    ("座机010-65123456或65123456转8", "座机【电话已脱敏】或【电话已脱敏】"),
    ("身份证110105199001011234", "身份证【身份证号已脱敏】"),
    ("证件号11010519900101123X。", "证件号【身份证号已脱敏】。"),
    ("我叫张三，住在三楼", "我叫【姓名已脱敏】，住在三楼"),
    ("我叫王小明今天下午来电", "我叫【姓名已脱敏】今天下午来电"),
    ("姓名：李四 反映噪音", "姓名：【姓名已脱敏】 反映噪音"),
    ("联系人赵六反映路灯不亮", "联系人【姓名已脱敏】反映路灯不亮"),
    ("投诉人：钱七", "投诉人：【姓名已脱敏】"),
    ("李先生来电反映停车难", "【姓名已脱敏】来电反映停车难"),
    ("欧阳女士称门前堆物", "【姓名已脱敏】称门前堆物"),
    ("市民张三反映井盖缺失", "市民【姓名已脱敏】反映井盖缺失"),
    ("邮箱 someone@example.com 回复", "邮箱 【邮箱已脱敏】 回复"),
]
UNCHANGED = [
    "胡同口堆放建筑垃圾",
    "2023年1月5日 8:00 巡查发现",
    "工单20230105的后续",
    "该先生称楼下有人占道",
    "这位女士反映小区停车乱",
    "市民反映问题已解决",
    "本人住在三号楼",
    "编号12345678的路灯",
    "",
]


@pytest.mark.parametrize("text, expected", MASKED)
def test_personal_data_is_masked(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_is_left_alone(text):
    assert mask_text(text) == text


def test_series_masking_matches_text_masking():
    values = pd.Series([t for t, _ in MASKED] + UNCHANGED + ["abc"], dtype=object)
    assert list(mask_series(values)) == [e for _, e in MASKED] + UNCHANGED + ["abc"]
