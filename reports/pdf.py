"""The brief as PDF, converted by LibreOffice (headless) when it is installed.

Debian: `apt-get install libreoffice-writer-nogui` (scripts/setup_browser.sh does it on CI).
Each conversion runs with a profile of its own in a temporary folder, so conversions can run
side by side and nothing is written to the user's LibreOffice profile.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("soffice", "libreoffice")


class PdfUnavailable(RuntimeError):
    """No LibreOffice on this machine, or the conversion failed."""


def converter() -> str | None:
    """The path of LibreOffice's `soffice`, or None when it is not installed."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    return converter() is not None


def docx_to_pdf(docx: bytes, timeout: float = 180) -> bytes:
    program = converter()
    if program is None:
        raise PdfUnavailable("未安装 LibreOffice（soffice），无法生成 PDF；Word 文件不受影响。")
    with tempfile.TemporaryDirectory(prefix="brief-pdf-") as folder:
        work = Path(folder)
        source = work / "brief.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒）。") from error
        target = work / "brief.pdf"
        if result.returncode != 0 or not target.exists():
            raise PdfUnavailable(f"LibreOffice 未能转换 PDF：{(result.stderr or result.stdout).strip()[:300]}")
        return target.read_bytes()
