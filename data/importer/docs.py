"""docs/IMPORT.md, generated from the kinds' column lists so the documentation cannot drift from the code."""

from __future__ import annotations

from data.demo_cases import CATEGORY_TREE
from data.importer.columns import INTEGER_DIGITS, LENGTH_LIMITS, OTHER_LENGTH_LIMIT
from data.importer.kinds import KINDS
from data.importer.kinds.cases import RATING_DOC
from data.importer.masking import MASKED_FORMS
from data.importer.places import BORDER_TOLERANCE_DEG

# What masking.py masks, one row per form: generated, so that the list cannot drift from the code.
_MASKING_TABLE = "\n".join(
    ["| 内容 | 示例 | 替换为 |", "|---|---|---|"]
    + [f"| {what} | {examples} | {token} |" for what, examples, token in MASKED_FORMS]
)

INTRO = f"""# 导入真实数据 · Importing the office's data

由 `data/importer/docs.py` 生成（`python -m data dictionary`），请勿手工修改。

把各系统导出的 CSV 或 Excel 文件导入看板的数据仓库：

```bash
.venv/bin/python -m data import KIND FILE [--warehouse PATH] [--sheet NAME] [--json]
# 例：.venv/bin/python -m data import cases 12345工单导出.csv
```

`KIND` 是下列 {len(KINDS)} 种之一：{"、".join(f"`{k}`（{s.zh}）" for k, s in KINDS.items())}。每种都有示例文件在
`data/samples/KIND.csv`，可直接照着填写。

## 导入的承诺

每一次导入都做到：

1. **每一行都有交代。** `rows_read` 等于文件中的数据行数（完全空白的行除外），每一行要么导入（新增或更新），要么拒收并写明
   原因。格式坏了的行（例如一格以英文双引号开头却没有闭合）只拒收这一行，并指明引号从文件第几行开始；后面的行照常读取，
   绝不会把几行并成一行。
2. **坏行放在一边，写明原因。** 一行中只要有不合格的值（包括超出该列范围、无穷大、内容过长、读法不唯一的百分数），整行拒收，
   记入 `import_rejects`：文件、行号、列、原值（已脱敏）和中文原因；其余的行照常导入，退出码为 1。
3. **要么全部写入，要么完全不写。** 合格的行在仓库副本中用一个事务写入，完成后一次替换；出错、Ctrl-C 或 SIGTERM
   （`kill`）时仓库保持原样，副本被删除。整个文件被拒绝时（退出码 2），仓库文件一个字节也不变。
4. **总有一个答复。** 退出码只有 0、1、2。加 `--json` 时，无论结果如何——全部导入、部分拒收、整个文件被拒绝、仓库文件夹
   不存在、仓库不是 DuckDB 文件、未知的数据类型、命令行参数有误、被中断，还是导入程序内部出错——标准输出上都恰好有一个
   JSON 对象。所有信息都是中文，并写明原因。
5. **不留下临时副本。** 被 `kill -9` 或断电打断的导入会在仓库旁留下与仓库一样大的 `仓库文件名.tmp-import-进程号`。下一次
   导入（以及 `python -m data rollups`，看板启动时也会运行它）拿到导入锁后，确认留下副本的进程已不在运行，就删除它，并在
   结果的说明中列出；正在运行的导入的副本从不删除。
6. **文件名也脱敏。** 文件名（如 `王先生投诉_13812345678.csv`）按下文“个人信息”的规则脱敏后，才显示在屏幕和 `--json` 中、
   写入 `import_runs` 和 `import_rejects`。

## 导入时发生什么

1. **读文件。** CSV 的编码自动识别：UTF-8、带 BOM 的 UTF-8、GBK/GB18030（按 GB18030 读，它包含 GBK），以及 Excel
   “Unicode 文本”（UTF-16）；分隔符可为逗号、制表符、分号或竖线。XLSX 读第一个工作表，或 `--sheet` 指定的；只读单元格
   的值，公式不会被执行。旧版 `.xls` 请先另存为 `.xlsx` 或 CSV。表头之上若有一两行标题，会自动跳过。
2. **认列。** 列名可用源系统导出的中文名，也可用仓库的英文列名；比较时忽略全角/半角、空格、`*` 和“（必填）”。
   下面各表列出每列接受的全部列名。**文件中无法识别的列会被忽略，内容不会保存**（例如来电人姓名、联系电话列）；
   问题台账的「来电号码」列只保存加密哈希，号码本身不保存（见该列说明）。
3. **逐行校验。** 每一格先去掉首尾空白，代码和数字中的全角字符转为半角；然后按下面各表的规则检查。一行只要有一处不合格，
   整行不导入，放到 `import_rejects` 表中，写明文件、行号、列、原值和原因；其余的行照常导入。
4. **写入。** 合格的行写入仓库：编号不在仓库中的**新增**，编号已在仓库中的**更新**（只更新文件中有的列及由它们算出的列，
   文件中没有的列保留原值）。所以同一文件导入两次，数据不会变化，也不会重复。每次导入在 `import_runs` 记一行：文件名、
   文件的 SHA-256、类型、各项行数、开始和结束时间。

总是有 `rows_read = rows_loaded + rows_updated + rows_rejected`（读取 = 新增 + 更新 + 拒收）。完全空白的行不算作读取的行。

## 结果与退出码

| 退出码 | 含义 |
|---|---|
| 0 | 每一行都已导入（新增或更新） |
| 1 | 部分行被拒收：其余行已导入，拒收的行见 `import_rejects` |
| 2 | 整个文件被拒绝，仓库**没有任何改动**（连 `import_runs` 也不记）：文件不存在或读不出、编码无法识别、文件为空或只有表头、表头的引号有误、缺少必需的列、看起来是另一种类型的文件、同一含义的列出现两次、另一个导入正在进行、仓库文件或其所在文件夹不存在、仓库不是 DuckDB 文件或不是看板的仓库、未知的数据类型、命令行参数有误、导入被中断（Ctrl-C 或 SIGTERM）、导入程序内部出错 |

屏幕上的每条问题都指明文件、行号和列，例如：

```
cases.csv 第 12 行「受理时间」：日期“2031-01-01”晚于今天（2026-11-28）
```

**行号**是在 Excel 中打开文件时看到的行号：表头是第 1 行，第一条数据是第 2 行（表头上方有标题行时依次顺延；
空行也占行号）。修改后重新导入**整个文件**即可：已导入的行按编号更新，不会重复。

`--json` 在任何情况下都只输出一个 JSON 对象：`run_id`、`kind`、`file`、`exit_code`、`rows_read`、`rows_loaded`、`rows_updated`、
`rows_rejected`、`refused`（整个文件被拒绝时的原因，否则为 null）、`notes`（关于整个文件的说明，如被忽略的列），以及
`errors`：每处问题一项，含 `row`、`column`、`value`、`reason` 和完整的 `message`。文件被整个拒绝时 `run_id` 为 null，
`rows_rejected` 等于能数出的数据行数，`errors` 中只有一项，`row` 为 null。

查看某次导入的拒收明细：

```sql
select row_number, column_name, value, reason from import_rejects where run_id = '…' order by row_number;
select * from import_runs order by started_at desc;
```

一行有几处问题，`import_rejects` 中就有几行；`rows_rejected` 数的是被拒收的数据行。

## 通用规则

- **日期与时间**：接受 `2023-01-05 08:00`、`2023-01-05 08:00:00`、`2023/1/5 8:00`、`2023年1月5日`、`2023年1月5日 8时30分`、
  `2023.1.5`、`20230105` 以及 Excel 的日期单元格。不存在的日期（如 2 月 30 日）和早于 2000 年的日期不接受。标明“不能晚于今天”
  的列，以北京时间的今天为界（不是示例数据的截止日期）；整改期限、下次复查日期等可以是将来的日期。
- **区**：`110105`、`朝阳区`、`朝阳`、`北京市朝阳区`，全角或带空格均可。
- **街乡镇**：9 位代码（区代码 + 3 位序号；以 000 结尾的 12 位统计用代码也可），或所属区内的名称，带不带“街道/镇/乡/地区/办事处”
  均可。区留空时，可由街乡镇代码、或全市唯一的街乡镇名称确定。
- **坐标**：WGS-84 经纬度，经度、纬度同时填写或同时留空；须在北京市范围内，并在所属区内。区界是简化过的，离所属区边界约
  {round(BORDER_TOLERANCE_DEG * 100_000, -2):.0f} 米以内的点也算在区内。所属区留空时，按坐标所在的区填入；所属区与坐标不符时，整行拒收。
- **是/否**：是、否、有、无、Y、N、1、0、√、×、true、false。
- **整数与小数**：可带千位分隔逗号；百分数可带 `%`。每个数字列都有范围（见各表；未写明的，整数列按仓库中该列能存的
  位数为限：一般最多 {INTEGER_DIGITS["INTEGER"]} 位，编号类最多 {INTEGER_DIGITS["BIGINT"]} 位）。超出范围的数、`inf` 之类的无穷大、
  `1e400` 这样大到无法表示的数，整行拒收，原因中写明该列的范围。
- **百分数**：`97.35`、`97.35%` 都是 97.35%。Excel 中设为百分比格式的单元格（显示为 97.35%、存的是 0.9735）按显示的
  百分数读。不带 `%`、又在 0 和 1 之间的值（如 `0.9735`）既可能是比例（97.35%）也可能就是 0.9735%，无法确定，整行拒收，
  请写成 `97.35` 或 `97.35%`。
- **内容长度**：每一格都有长度上限——编号 {LENGTH_LIMITS["id"]} 个字符，名称等文本 {LENGTH_LIMITS["text"]} 个字符（诉求内容见其说明），日期、
  数字、区、街乡镇等 {OTHER_LENGTH_LIMIT} 个字符；更长的整行拒收，`import_rejects` 中只保存其开头。文件中不被识别的列不受此限（其内容不保存）。
- **引号**：CSV 中含逗号或换行的单元格用英文双引号括起（Excel 就是这样保存的），这样的单元格可以有多行。一格以英文双引号
  开头却没有闭合、或引号结束后还有内容时，只拒收这一行，原因中指明引号从文件第几行开始（用记事本等文本编辑器打开时的
  行号；前面有多行单元格时，它可能大于表格中的行号），后面的行照常读取。表头的引号有误时，整个文件被拒绝。
- **编号**：以字母或数字开头，只含字母、数字和 `- _ . / #`，最长 64 位。同一文件中同一编号出现多次时，第一条合格的导入，
  后面的拒收并指明与第几行重复。
- **像公式的文本**：文本列中以 `=`、`+`、`-`、`@` 开头的值（可能被 Excel 当作公式执行，即“CSV 注入”）在前面加上一个 `'`
  后保存，原样显示、不会执行；看板导出的 CSV/XLSX 也因此是安全的。编号、日期、数字等列中这样的值本来就不合格，整行拒收。
  SQL 之类的文本只作为数据保存，从不拼入 SQL 语句。

## 个人信息脱敏

仓库中不保存个人信息。文本列（诉求内容，以及各类数据的名称和类别）在保存之前脱敏，下表是被遮盖的全部形式。全角与半角、
各种短横和长划（－ — –）、点、间隔号、空格和零宽字符都不妨碍识别，号码前的“Tel”“ID”“电话”等字样也不妨碍：识别在一份把这些
字符逐个换成普通半角字符的副本上进行。原文中只有被遮盖的部分被替换，其余照原样保存；已脱敏的文本再脱敏一次不会改变。

{_MASKING_TABLE}

规则宁可多遮不可漏遮：日期（2023-05-01、2023.5.1、20230105）、时间、金额（300元、3000-5000元）、次数（3次）和问题类别
不受影响，但偶尔会多遮一个门牌号或一个像姓名的词。“我是”“本人”之后的姓名，须后接标点、数字、文末或“反映”“来电”“今天”等词
才能识别（“我是赵六路灯不亮”识别不出）。编号、代码、日期、数字和选项列按各自的格式检查，不做脱敏。`import_rejects` 中的原值和
原因同样脱敏。文件中的其他列（如来电人、联系电话）因不被识别而不保存。

## 导入后

- 写入是原子的：导入在仓库文件旁的副本中进行，在一个事务中写完、做检查点，然后用一次文件替换（`os.replace`）换上新仓库。
  正在运行的看板看到的要么是旧仓库，要么是完整的新仓库；它按仓库文件的修改时间发现新数据，无需重启。导入失败或被中断
  （包括 Ctrl-C 和 SIGTERM）时，副本被删除，仓库保持原样。副本需要与仓库同样大小的磁盘空间。进程被强行终止（`kill -9`）
  时来不及删除副本，下一次导入或 `python -m data rollups` 会在确认该进程已不在运行后删除它。
- 同一仓库同时只能有一个导入：导入期间持有 `仓库文件名.import.lock` 上的锁，另一个导入会立即被拒绝（退出码 2，
  “另一个导入正在进行”），请稍后再试。锁文件本身留在原处，无需删除。
- 导入问题台账、街巷或街巷检查记录后，看板读取的汇总表（`agg_*`）在同一事务中由明细重新计算。由旧版本生成、缺少某个汇总表的仓库，在下一次导入时补齐；也可以随时运行 `python -m data rollups`（写法与导入相同；`scripts/run_dashboard.sh` 启动时会自动补齐缺少的汇总表）。
- 导入的问题台账、检查记录或督办记录的日期超出仓库的数据期间时，`warehouse_info` 中的 `data_start`/`data_end` 和
  `calendar_months` 随之扩展，看板的时间筛选因此包含新的月份。
- **示例数据标志**：在示例仓库中导入后，仓库中既有合成数据也有真实数据，而行上没有区分二者的标记，所以 `is_demo` 保持
  `true`，看板继续标明“示例数据”。`warehouse_info` 另记 `imported_rows`（累计导入新增与更新的行数）、`last_import_run` 和
  `last_import_at`。在不是示例的仓库中（`is_demo` 不为 `true`），导入不改变这个标志。
- 导入街乡镇后，`districts.street_count` 按街乡镇表重新计数。

## 导入顺序

检查记录和挂牌督办引用街巷，志愿服务项目引用村（社区），各类数据都按名称匹配街乡镇，所以建议顺序为：
街乡镇（streets）→ 背街小巷（alleys）→ 检查记录（alley_inspections）、挂牌督办（alley_supervisions）→
村（社区）（villages）→ 志愿服务项目（volunteer_projects）；问题台账（cases）和满意度调查（satisfaction）随时可导入。
创城抽查问题的督办环节（spot_check_stages）引用问题台账中的问题，在问题之后导入；同一问题的环节按时间顺序导入
（交办 → 整改 → 复查 → 销号），例如先导入交办和整改记录，再导入复查结果。
"""  # noqa: S608 - documentation text, never executed


def _required(f, spec) -> str:
    if f.required:
        return "必需"
    groups = [g for g in spec.one_of if f.name in g]
    if groups:
        others = ["、".join(spec.field(n).zh for n in group) for group in spec.one_of if group not in groups]
        return "二选一（或" + "；".join(others) + "）"
    return "可选"


def _kind_section(spec) -> list[str]:
    out = [
        f"## `{spec.kind}` — {spec.zh}",
        "",
        spec.doc,
        "",
        f"写入表 `{spec.table}`；按 {'、'.join(f'`{k}`' for k in spec.key)} 判断新增或更新。",
        "",
    ]
    if spec.depends_on:
        out += ["须先导入：" + "、".join(f"`{d}`（{KINDS[d].zh}）" for d in spec.depends_on) + "。", ""]
    out += ["| 中文列名 | 英文列名 | 也接受 | 必需 | 格式与规则 | 示例 |", "|---|---|---|---|---|---|"]
    for f in spec.fields:
        aliases = "、".join(f.aliases) or "—"
        out.append(f"| {f.zh} | `{f.name}` | {aliases} | {_required(f, spec)} | {_rule(f)} | {f.example} |")
    out.append("")
    return out


def _rule(f) -> str:
    """The field's own words, and its range where they do not already give it (every number field has one)."""
    if f.type not in ("int", "float", "percent"):
        return f.doc
    bounds = "–".join(str(int(b)) if float(b).is_integer() else f"{b:g}" for b in (f.minimum, f.maximum))
    return f.doc if bounds in f.doc or "位" in f.doc else f"{f.doc}；范围 {bounds}"


def _categories() -> list[str]:
    out = [
        "### 问题类别与子类",
        "",
        "问题子类必须是下列之一；问题类别可留空，由子类确定。",
        "",
        "| 问题类别 | 问题子类 |",
        "|---|---|",
    ]
    out += [f"| {category} | {'、'.join(sub for sub, *_ in subs)} |" for category, (_, subs) in CATEGORY_TREE.items()]
    out += ["", "### 满意度", "", RATING_DOC, ""]
    return out


def markdown() -> str:
    out = [INTRO]
    for spec in KINDS.values():
        out += _kind_section(spec)
        if spec.kind == "cases":
            out += _categories()
    return "\n".join(out).rstrip() + "\n"
