"""简报: the 2023 Q3 brief written from the demo warehouse carries the office's own figures, in its
text and its table, with its charts as pictures; a district brief ranks the district; the
command refuses what does not fit; the document opens (python-docx, and LibreOffice when present)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

import queries
from reports import brief, charts, content, pdf
from reports.figures import Targets, collect, rank_frame
from reports.period import PeriodError, Quarter, check_in_data, complete_quarters

ROOT = Path(__file__).resolve().parents[1]


def _text(docx: bytes) -> tuple[str, list[list[list[str]]]]:
    """All paragraph text (body, then footers) and every table as rows of cell texts."""
    document = Document(io.BytesIO(docx))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [p.text for section in document.sections for p in section.footer.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return "\n".join(paragraphs), tables


@pytest.fixture(scope="session")
def city_brief(con) -> brief.Generated:
    """The city brief for 2023 Q3 with its charts, drawn once per session (Chromium is slow to start)."""
    options = content.Options(issue_no=16, total_no=2228)
    return brief.generate(con, "2023Q3", options=options, charts_optional=True)


@pytest.fixture(scope="session")
def city_document(city_brief) -> tuple[str, list[list[list[str]]]]:
    return _text(city_brief.docx)


@pytest.fixture(scope="session")
def district_brief(con) -> brief.Generated:
    return brief.generate(con, "2023Q3", "110105", with_charts=False)


def test_the_text_carries_the_briefs_figures(city_document):
    text, _ = city_document
    for figure in ("97.35%", "91.7%", "5,393 条背街小巷", "首都文明街巷 762 条", "乡情村史陈列室 685 个", "宣传视屏 1,226 块"):
        assert figure in text, figure
    assert "由 2020 年的 91.7% 上升到 2023 年第三季度的 97.35%" in text
    assert "下降 30.6%" in text  # the campaigns' effect on 12345 intake, as the brief words it


def test_the_district_table_carries_them_too(city_document):
    _, tables = city_document
    appendix = tables[-1]
    header, city = appendix[0], appendix[-1]
    assert len(appendix) == 1 + 16 + 1, "header, sixteen districts, the city"
    row = dict(zip(header, city, strict=True))
    assert row["区"] == "全市"
    assert row["群众满意度（%）"] == "97.35"
    assert row["背街小巷（条）"] == "5,393"
    assert row["文明街巷（条）"] == "762"
    assert row["村史陈列室（个）"] == "685"
    assert row["宣传视屏（块）"] == "1,226"
    # The city row is the sum of the district rows for the counts.
    for column in ("背街小巷（条）", "文明街巷（条）", "村史陈列室（个）", "宣传视屏（块）", "问题数（件）"):
        i = header.index(column)
        assert sum(int(r[i].replace(",", "")) for r in appendix[1:-1]) == int(city[i].replace(",", ""))


def test_the_masthead_and_the_footer_fields(city_document):
    text, _ = city_document
    for part in ("首都精神文明建设情况简报", "第 16 期", "（总第 2228 期）", "首都精神文明办", "【数据简报】"):
        assert part in text
    for label in ("责编：", "核稿：", "电话：", "报：", "送：", "发：", "（精神文明创建活动指导处）"):
        assert label in text
    assert f"责编：{content.BLANK}" in text, "footer names are blanks to fill, never personal data"
    assert "示例数据" in text, "a brief from the demo warehouse says so"
    for line in ("一、“创城+热线+网格”", "二、“创城+街巷治理”", "三、“创城+乡村振兴”"):
        assert line in text


def test_the_headline_follows_the_data(city_brief):
    headline = city_brief.brief.headline
    assert headline.startswith("2023 年第三季度全市“创城+”工作")
    assert "群众满意度升至 97.35%" in headline  # 97.00% the quarter before
    assert "下降 30.6%" in headline


def test_the_charts_are_pictures_in_the_document(city_brief):
    if city_brief.warning:
        pytest.skip(f"no Chromium to draw the charts: {city_brief.warning}")
    document = Document(io.BytesIO(city_brief.docx))
    assert 2 <= len(document.inline_shapes) <= 4
    with zipfile.ZipFile(io.BytesIO(city_brief.docx)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert 2 <= len(media) <= 4
        for name in media:
            image = Image.open(io.BytesIO(package.read(name)))
            assert image.format == "PNG"
            assert image.width >= 1600, "drawn at scale 2 for print"
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            assert colours is not None and len(colours) > 50, f"{name} looks blank"
    captions = [p.text for p in document.paragraphs if p.text.startswith("图 ")]
    assert len(captions) == len(media)
    assert any("群众对创建成效的满意度" in c for c in captions)


@pytest.mark.parametrize("period", ["2020Q2", "2022Q2", "2023Q1", "2023Q3"])
@pytest.mark.parametrize("district", [None, "110107", "110119"], ids=["city", "shijingshan", "yanqing"])
def test_every_brief_has_two_to_four_charts_to_draw(con, period, district):
    """Early quarters have no campaign or monthly alley scores yet; the brief still has its charts."""
    numbers = collect(con, Quarter.parse(period), district)
    draft = content.compose(numbers)
    built = charts.build(numbers, [key for section in draft.sections for key in section.charts])
    assert 2 <= len(built) <= 4, [c.key for c in built]
    text = draft.headline + "".join(p.text for section in draft.sections for p in section.paragraphs)
    for junk in ("nan", "None", "NaN", "—%", "，，", "，。", "。满意率。", "。解决率。"):
        assert junk not in text, junk


def test_a_district_brief_sets_the_district_against_the_city(con, district_brief):
    text, tables = _text(district_brief.docx)
    assert "朝阳区" in district_brief.brief.headline
    assert "现将 2023 年第三季度朝阳区" in text
    comparison = tables[0]
    assert comparison[0] == ["指标", "朝阳区", "全市", "在 16 个区中排名"]
    # The rank in the text is the district's place among the sixteen, computed here independently.
    measures = rank_frame(
        queries.run(
            con,
            "district_measures",
            districts=[],
            start=Quarter(2023, 3).start,
            end=Quarter(2023, 3).end,
            as_of=Quarter(2023, 3).last_day,
        )
    ).set_index("district_code")
    rank = int(measures.at["110105", "rank_resolution_rate"])
    tied = (measures["resolution_rate"] == measures.at["110105", "resolution_rate"]).sum() > 1
    expected = {1: "第一", 16: "最后（第 16 位）"}.get(rank, f"第 {rank} 位")
    assert f"在 16 个区中排名{'并列' if tied else ''}{expected}" in text
    rows = {row[0]: row for row in comparison[1:]}
    assert rows["解决率（%）"][2] == f"{district_brief.figures.city.resolution_rate.current:.1f}"
    # The sixteen-district table marks the district's row.
    appendix = tables[-1]
    assert [r[0] for r in appendix[1:-1]].count("朝阳区") == 1
    assert district_brief.brief.appendix_table.shaded_rows == {[r[0] for r in appendix[1:-1]].index("朝阳区")}


def test_periods_and_districts_that_do_not_fit_are_refused(con):
    for text in ("2023Q5", "2023-3", "Q3", ""):
        with pytest.raises(PeriodError, match="格式不对"):
            Quarter.parse(text)
    with pytest.raises(PeriodError, match="超出数据范围"):
        brief.generate(con, "2023Q4", with_charts=False)
    with pytest.raises(ValueError, match="区划代码"):
        brief.generate(con, "2023Q3", "110100", with_charts=False)


def test_quarter_arithmetic():
    q = Quarter.parse("2023q1")
    assert (q.previous.code, q.year_before.code, q.start.isoformat(), q.end.isoformat()) == (
        "2022Q4",
        "2022Q1",
        "2023-01-01",
        "2023-03-01",
    )
    assert Quarter(2023, 3).as_of(Quarter(2023, 3).last_day.replace(day=20)).day == 20, "capped at the data's end"
    from datetime import date

    check_in_data(Quarter(2020, 1), date(2020, 1, 1), date(2023, 9, 30))
    with pytest.raises(PeriodError, match="2020Q1 至 2023Q3"):
        check_in_data(Quarter(2019, 4), date(2020, 1, 1), date(2023, 9, 30))
    months = [date(2023, m, 1) for m in range(1, 9)]
    assert [x.code for x in complete_quarters(months)] == ["2023Q1", "2023Q2"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2023Q5"], "格式不对"),
        (["--period", "2024Q1"], "超出数据范围"),
        (["--period", "2023Q3", "--district", "999999"], "区划代码"),
        (["--period", "2023Q3", "--issue-no", "-1"], "参数错误"),
        (["--period", "2023Q3", "--target-satisfaction", "120"], "参数错误"),
    ],
    ids=["bad-period", "outside-data", "bad-district", "bad-issue-no", "bad-target"],
)
def test_the_command_exits_2_and_writes_nothing(warehouse_path, tmp_path, capsys, args, message):
    out = tmp_path / "简报.docx"
    try:
        code = brief.main([*args, "--warehouse", str(warehouse_path), "--no-charts", "--out", str(out)])
    except SystemExit as stop:  # argparse's own refusals
        code = stop.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_a_district_brief(warehouse_path, tmp_path):
    out = tmp_path / "out" / "朝阳.docx"
    done = subprocess.run(
        [sys.executable, "-m", "reports.brief", "--period", "2023Q3", "--district", "110105", "--issue-no", "3",
         "--date", "2023-11-03", "--warehouse", str(warehouse_path), "--no-charts", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout
    text, _ = _text(out.read_bytes())
    assert "第 3 期" in text and "2023 年 11 月 3 日" in text and "朝阳区" in text
    assert [p.name for p in out.parent.iterdir()] == ["朝阳.docx"], "no partial file left behind"


def test_targets_are_configurable(con):
    strict = brief.generate(con, "2023Q3", targets=Targets(survey_satisfaction=98.0, resolution_rate=90.0), with_charts=False)
    text, _ = _text(strict.docx)
    assert "低于 98% 的目标 0.65 个百分点" in text
    assert "高于 90% 的目标" in text


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
def test_libreoffice_converts_the_brief_to_pdf(city_brief, tmp_path):
    document = pdf.docx_to_pdf(city_brief.docx)
    assert document.startswith(b"%PDF")
    assert len(document) > 50_000
    if shutil.which("pdftotext"):  # poppler-utils: check the Chinese text came through intact
        path = tmp_path / "brief.pdf"
        path.write_bytes(document)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "首都精神文明建设情况简报" in text
        assert "97.35%" in text and "5,393" in text
