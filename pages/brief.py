"""简报: the office's briefing written from the data, as an editable Word draft (and PDF).

Pick a quarter, the city or one district (the shared filter's district by default) and the issue
numbers; the page runs reports.brief.generate and offers the .docx, and the .pdf when LibreOffice
is installed. The draft's wording follows the figures; the officer edits it before sending.
"""

from functools import partial

import pandas as pd
import streamlit as st

import queries
from data import warehouse_path
from reports import brief, content, figures, pdf
from reports.period import PeriodError, complete_quarters, quarter_of
from ui import components, draw, gate, link_params, text
from ui.data import query
from ui.filters import current, district_names

filters = current()
names = district_names()
components.page_header(
    "简报", "由数据生成《首都精神文明建设情况简报》Word 初稿，下载后只需修改文字", "范围：全市或一个区　时段：一个季度"
)

quarters = complete_quarters(query("months")["month_start"].dt.date)
if not quarters:
    components.empty_state("数据仓库中没有完整的季度，暂不能生成简报。")
    st.stop()
codes = ["", *names]
wanted = quarter_of(filters.end)
left, middle, right = st.columns(3)
quarter = left.selectbox(
    "季度", quarters, index=quarters.index(wanted) if wanted in quarters else len(quarters) - 1, format_func=lambda q: q.label
)
district = middle.selectbox(
    "范围",
    codes,
    index=codes.index(filters.districts[0]) if len(filters.districts) == 1 else 0,
    format_func=lambda c: names.get(c, "全市"),
    help="默认取侧栏所选的区（只选了一个区时）。区的简报与全市对比并给出在 16 个区中的排名。",
)
# A text box rather than st.date_input, whose empty box reads "YYYY/MM/DD" in English.
issued_text = right.text_input("印发日期", placeholder="如 2023-11-03，可留空", help="留空则在文中留出待填位置。", max_chars=10)
issued_on = link_params.day(issued_text)
if issued_text.strip() and issued_on is None:
    right.caption(text.md(f"“{text.clip(issued_text)}”不是日期（应写作 2023-11-03），简报中将留出待填位置。"))
left, middle, right, last = st.columns(4)
issue_no = left.number_input("期号（第 N 期）", min_value=1, value=None, step=1, placeholder="留空待填")
total_no = middle.number_input("总期号（总第 N 期）", min_value=1, value=None, step=1, placeholder="留空待填")
defaults = figures.Targets()
target_survey = right.number_input("群众满意度目标（%）", 80.0, 100.0, defaults.survey_satisfaction, 0.5, "%.1f")
target_resolution = last.number_input("12345 解决率目标（%）", 50.0, 100.0, defaults.resolution_rate, 0.5, "%.1f")

choice = (quarter, district, issued_on, issue_no, total_no, target_survey, target_resolution)
if st.button("生成简报", type="primary", icon=":material/description:"):
    con = queries.connect(warehouse_path())
    try:
        with st.spinner("正在汇总数据、绘制图表、排版 Word ……"):
            result = brief.generate(
                con,
                quarter,
                district or None,
                options=content.Options(issue_no=issue_no, total_no=total_no, issued_on=issued_on),
                targets=figures.Targets(survey_satisfaction=target_survey, resolution_rate=target_resolution),
                charts_optional=True,
                # The lists of warnings and overdue items are records: the reader's own remit.
                remit=gate.scope(),
                remit_name=gate.describe(gate.scope()),
            )
        st.session_state["brief_result"] = (choice, result)
        gate.brief_generated(quarter.code, district or None)  # the audit trail: who wrote which 简报
    except (PeriodError, figures.DistrictError) as error:
        st.error(text.md(str(error)))
    finally:
        con.close()

if "brief_result" not in st.session_state:
    st.info("选好季度和范围后点击“生成简报”。图表在本机的无界面浏览器中绘制，约需 5 秒。", icon=":material/info:")
    st.stop()
made_for, result = st.session_state["brief_result"]
if made_for != choice:
    st.warning("上面的选项已改变，下面仍是上次生成的简报；请重新生成。", icon=":material/refresh:")
if result.warning:
    st.warning(text.md(result.warning), icon=":material/image_not_supported:")
left, right = st.columns(2)
docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
stem = result.file_stem
left.download_button(
    "下载 Word（.docx）", result.docx, f"{stem}.docx", docx_type, type="primary", icon=":material/download:", on_click="ignore"
)
if pdf.available():
    to_pdf = partial(pdf.docx_to_pdf, result.docx)  # converted only when asked for
    right.download_button(
        "下载 PDF", to_pdf, f"{stem}.pdf", "application/pdf", icon=":material/picture_as_pdf:", on_click="ignore"
    )
else:
    right.caption("本机未安装 LibreOffice，暂不能生成 PDF（见 README“简报（Word）”）。")

st.subheader(text.md(result.brief.headline))
pictures = {key: (caption, png) for key, caption, png in result.pictures}
for section in result.brief.sections:
    st.markdown(text.bold(section.title))
    for paragraph in section.paragraphs:
        st.markdown(text.bold(paragraph.lead.rstrip("。") + "。") + text.md(paragraph.text))
    for caption, png in (pictures[key] for key in section.charts if key in pictures):
        st.image(png, caption=caption)
    for number, table in enumerate(section.tables):
        # The document's own cells, already written as the dashboard writes them: shown as they are.
        st.caption(text.md(table.caption))
        draw.table(pd.DataFrame(table.rows, columns=table.header), key=f"brief_table_{section.title}_{number}", fit=True)
