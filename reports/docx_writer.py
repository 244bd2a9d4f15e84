"""The brief as an editable Word document (python-docx), in the form of the office's briefs.

A4, a red masthead (title, 第N期, 总第N期, office and date over a red rule), the section tag,
the headline, the body with 一是/二是 paragraphs, the charts as pictures with captions, the
tables, notes, the department, and the footer block (责编/核稿/电话 … 报/送/发) whose blanks are
highlighted fields to fill. Body text is a Chinese serif (宋体-like), headings a sans (黑体-like):
Noto CJK when this machine has it, else SimSun/SimHei; the East Asian font is set explicitly
(w:eastAsia) on every run and in the document defaults, with the language zh-CN.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.content import BLANK, Brief, Table

RED = RGBColor(0xC0, 0x00, 0x00)
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.0), "bottom": Cm(2.6), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6  # 15.6 cm
PICTURE_WIDTH = Cm(15.4)
BODY_SIZE = Pt(14)  # 四号
BODY_LINE = Pt(26)  # exact line pitch of the body, as on the office's grid


@functools.cache
def _installed_families() -> frozenset[str]:
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


@functools.cache
def fonts() -> tuple[str, str]:
    """(serif for the body, sans for headings): Noto CJK SC if installed, else SimSun / SimHei."""
    families = _installed_families()
    serif = "Noto Serif CJK SC" if "Noto Serif CJK SC" in families else "SimSun"
    sans = "Noto Sans CJK SC" if "Noto Sans CJK SC" in families else "SimHei"
    return serif, sans


def _set_fonts(rpr_parent, family: str) -> None:
    """Name the font for Latin, East Asian and complex scripts alike (no theme fonts)."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(theme)) is not None:
            del rfonts.attrib[qn(theme)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), family)


def _run(paragraph, text: str, *, size=None, bold=False, font=None, color=None, highlight_blanks=True):
    """Add text; the blanks to fill (＿＿) become highlighted runs of their own."""
    serif, _ = fonts()
    parts = [text] if not highlight_blanks or BLANK[0] not in text else _split_blanks(text)
    runs = []
    for part in parts:
        if not part:
            continue
        run = paragraph.add_run(part)
        _set_fonts(run._element, font or serif)
        if size is not None:
            run.font.size = size
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        if part[0] == BLANK[0]:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        runs.append(run)
    return runs


def _split_blanks(text: str) -> list[str]:
    parts, current, in_blank = [], "", False
    for ch in text:
        is_blank = ch == BLANK[0]
        if is_blank != in_blank and current:
            parts.append(current)
            current = ""
        current += ch
        in_blank = is_blank
    parts.append(current)
    return parts


def _paragraph(doc_or_cell, *, align=None, before=0, after=0, line=None, first_indent=None, keep_next=False):
    paragraph = doc_or_cell.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    if align is not None:
        paragraph.alignment = align
    if first_indent is not None:
        fmt.first_line_indent = first_indent
    fmt.keep_with_next = keep_next
    fmt.widow_control = True
    return paragraph


_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _border(paragraph, side: str, size_eighths: int, color: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:  # in schema order: Word rejects a pPr whose children are out of sequence
        borders = ppr.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_PBDR)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), "4")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _setup(document) -> None:
    serif, _ = fonts()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.footer_distance = Cm(1.4)

    # Document defaults: our fonts instead of the template's theme fonts, Chinese language, no spacing.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), serif)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element, serif)

    # Page number at the foot of every page: — 1 —
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", size=Pt(12))
    _field(footer, "PAGE")
    _run(footer, " —", size=Pt(12))


def _field(paragraph, instruction: str) -> None:
    serif, _ = fonts()
    run = paragraph.add_run()
    _set_fonts(run._element, serif)
    run.font.size = Pt(12)
    begin, text, separate, value, end = (
        OxmlElement(tag) for tag in ("w:fldChar", "w:instrText", "w:fldChar", "w:t", "w:fldChar")
    )
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate.set(qn("w:fldCharType"), "separate")
    value.text = "1"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, value, end):
        run._element.append(element)


def _masthead(document, brief: Brief) -> None:
    _, sans = fonts()
    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=10)
    _run(title, brief.title, size=Pt(28), bold=True, color=RED)
    issue = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _run(issue, brief.issue_no, size=Pt(16))
    total = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=14)
    _run(total, brief.total_no, size=Pt(14))
    line = _paragraph(document, after=16)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    _run(line, f"{brief.office}\t{brief.date_text}", size=Pt(14))
    _border(line, "bottom", 18, "C00000")
    if brief.is_demo:
        demo = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
        _run(demo, "【示例数据，仅供演示，不是真实记录】", size=Pt(12), bold=True, font=sans, color=RED)


def _body(document, lead: str, text: str) -> None:
    _, sans = fonts()
    paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, line=BODY_LINE, first_indent=Pt(BODY_SIZE.pt * 2))
    if lead:
        _run(paragraph, lead, size=BODY_SIZE, bold=True, font=sans)
    _run(paragraph, text, size=BODY_SIZE)


def _picture(document, png: bytes, caption: str, number: int) -> None:
    _, sans = fonts()
    holder = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=8, keep_next=True)
    holder.add_run().add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
    label = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=10)
    _run(label, f"图 {number}　{caption}", size=Pt(10.5), font=sans)


def _cell_shading(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _table(document, table: Table, size: Pt) -> None:
    _, sans = fonts()
    caption = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=10, after=4, keep_next=True)
    _run(caption, table.caption, size=Pt(12), bold=True, font=sans)

    columns = len(table.header)
    grid = document.add_table(rows=1 + len(table.rows), cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    if table.widths:
        widths = [Cm(width) for width in table.widths]
    else:
        rest = (TEXT_WIDTH_CM - table.first_column_width) / (columns - 1)
        widths = [Cm(table.first_column_width)] + [Cm(rest)] * (columns - 1)
    for i, column in enumerate(grid.columns):
        column.width = widths[i]

    tbl_pr = grid._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "45")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")

    header_row = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    for r, values in enumerate([table.header, *table.rows]):
        row = grid.rows[r]
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = Pt(0.5)
            paragraph.paragraph_format.space_after = Pt(0.5)
            # Keep the table on one page when it fits (Word and LibreOffice honour keep-with-next in rows).
            paragraph.paragraph_format.keep_with_next = r < len(table.rows)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 and r > 0 else WD_ALIGN_PARAGRAPH.CENTER
            if r > 0 and c > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c in table.text_columns else WD_ALIGN_PARAGRAPH.RIGHT
            is_header = r == 0
            bold = is_header or (r - 1) in table.bold_rows
            _run(paragraph, str(value), size=size, bold=bold, font=sans if is_header else None)
            if is_header:
                _cell_shading(cell, "E7E6E6")
            elif (r - 1) in table.shaded_rows:
                _cell_shading(cell, "FFF2CC")


def _notes(document, notes: Sequence[str]) -> None:
    _, sans = fonts()
    head = _paragraph(document, before=10, after=2, keep_next=True)
    _run(head, "说明：", size=Pt(10.5), bold=True, font=sans)
    for i, note in enumerate(notes, start=1):
        paragraph = _paragraph(document, after=1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.left_indent = Pt(21)
        paragraph.paragraph_format.first_line_indent = Pt(-21)
        _run(paragraph, f"{i}. ", size=Pt(10.5))
        _run(paragraph, note, size=Pt(10.5))


def _footer_block(document, brief: Brief) -> None:
    department = _paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, before=12, after=18)
    _run(department, f"（{brief.department}）" if brief.department else f"（{BLANK}）", size=BODY_SIZE)

    fields = brief.footer_fields
    first = _paragraph(document, before=6, after=2, keep_next=True)
    _border(first, "top", 8, "000000")
    _run(first, "　　".join(f"{label}：{value}" for label, value in fields[:2]), size=Pt(12))
    second = _paragraph(document, after=6, keep_next=True)
    _run(second, "　　".join(f"{label}：{value}" for label, value in fields[2:]), size=Pt(12))
    for i, (label, value) in enumerate(brief.distribution):
        paragraph = _paragraph(document, after=2, keep_next=i < len(brief.distribution) - 1)
        paragraph.paragraph_format.left_indent = Pt(36)
        paragraph.paragraph_format.first_line_indent = Pt(-36)
        if i == 0:
            _border(paragraph, "top", 4, "000000")
        if i == len(brief.distribution) - 1:
            _border(paragraph, "bottom", 8, "000000")
        _run(paragraph, f"{label}：", size=Pt(12), bold=True)
        _run(paragraph, value, size=Pt(12))


def write(brief: Brief, pictures: Sequence[tuple[str, str, bytes]]) -> bytes:
    """The .docx bytes. `pictures`: (chart key, caption, PNG) in document order."""
    _, sans = fonts()
    document = Document()
    _setup(document)
    _masthead(document, brief)

    tag = _paragraph(document, before=6, after=6)
    _run(tag, brief.tag, size=Pt(14), bold=True, font=sans)
    headline = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=14, line=Pt(30))
    _run(headline, brief.headline, size=Pt(18), bold=True, font=sans)
    _body(document, "", brief.intro)
    if brief.lead_table is not None:
        _table(document, brief.lead_table, Pt(10))

    by_key = {key: (caption, png) for key, caption, png in pictures}
    number = 0
    for section in brief.sections:
        heading = _paragraph(document, before=12, after=4, line=BODY_LINE, keep_next=True)
        _run(heading, section.title, size=Pt(15), bold=True, font=sans)
        for paragraph in section.paragraphs:
            _body(document, paragraph.lead, paragraph.text)
        for key in section.charts:
            if key in by_key:
                number += 1
                caption, png = by_key[key]
                _picture(document, png, caption, number)
        for table in section.tables:
            _table(document, table, Pt(9))

    _table(document, brief.appendix_table, Pt(8))
    _notes(document, brief.notes)
    _footer_block(document, brief)

    properties = document.core_properties
    properties.title = brief.headline
    properties.subject = brief.title
    properties.author = brief.office
    properties.keywords = "创城+；简报"
    properties.comments = "由“创城+”工作看板根据数据仓库生成的初稿，发出前请核对文字。"
    properties.language = "zh-CN"
    properties.created = properties.modified = datetime.now().replace(microsecond=0)
    properties.last_modified_by = brief.office

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
