"""The offline bundle: everything a server with no internet needs to install the dashboard.

    python -m deploy.bundle build --out DIR [--ref HEAD] [--wheel-cache DIR]
    bash DIR/install.sh /opt/chuangcheng [--scale N] [--no-demo]        # on the offline server

The bundle holds the app as `git archive` of a commit (app.tar: the code, the nginx template, the demo
data generator, the systemd examples), wheels for the pinned requirements.txt and all they depend on,
downloaded by pip for this Python and platform (wheels only, so nothing compiles on the server), the
install script (deploy/install-offline.sh), a MANIFEST.json and SHA256SUMS that the install checks.
The build resolves the wheel set once more with `--no-index` before it finishes, so a bundle that
builds is one that installs offline.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
import sysconfig
from datetime import datetime
from pathlib import Path

from ui.cli import Parser

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PACKAGES = {
    "required": ["python3 (3.11)", "python3-venv", "nginx"],
    "简报图表": ["chromium", "fonts-noto-cjk"],
    "简报 PDF（可选）": ["libreoffice-writer-nogui"],
}


class BundleError(RuntimeError):
    """The bundle cannot be built; the message is Chinese."""


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BundleError(f"pip {args[0]} 失败：\n{result.stderr[-3000:]}")


def build(out: Path, ref: str = "HEAD", wheel_cache: Path | None = None) -> dict:
    """Write the bundle into `out` (new or empty); its manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BundleError(f"输出目录 {out} 不是空目录")
    try:
        commit = _git("rev-parse", "--verify", f"{ref}^{{commit}}").strip()
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        raise BundleError(f"无法读取 git 提交 {ref}（需要在项目的 git 仓库中运行）") from error
    if ref == "HEAD" and _git("status", "--porcelain", "--untracked-files=no").strip():
        print("注意：工作区有未提交的改动，离线包只含已提交的内容（HEAD）。", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    wheels = out / "wheels"
    wheels.mkdir()

    _git("archive", "--format=tar", "-o", str(out / "app.tar"), commit)
    requirements = out / "requirements.txt"
    requirements.write_text(_git("show", f"{commit}:requirements.txt"), encoding="utf-8")
    install = out / "install.sh"
    install.write_text(_git("show", f"{commit}:deploy/install-offline.sh"), encoding="utf-8")
    install.chmod(0o755)

    binary = ["--only-binary=:all:", "-r", str(requirements)]
    if wheel_cache is not None:
        # Download into a lasting cache (a second build fetches only what changed), then take from it,
        # offline, exactly the files this requirements.txt needs.
        Path(wheel_cache).mkdir(parents=True, exist_ok=True)
        _pip("download", "--quiet", "--dest", str(wheel_cache), *binary)
        _pip("download", "--quiet", "--no-index", "--find-links", str(wheel_cache), "--dest", str(wheels), *binary)
    else:
        _pip("download", "--quiet", "--dest", str(wheels), *binary)
    # The proof that the set is complete: resolve every requirement from these files alone.
    _pip("install", "--quiet", "--dry-run", "--ignore-installed", "--no-index", "--find-links", str(wheels), *binary)

    manifest = {
        "commit": commit,
        "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "implementation": sys.implementation.name,
        "platform": sysconfig.get_platform(),
        "libc": "-".join(platform.libc_ver()),
        "wheels": sorted(path.name for path in wheels.iterdir()),
        "debian_packages": DEBIAN_PACKAGES,
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files = ["app.tar", "requirements.txt", "install.sh", "MANIFEST.json", *(f"wheels/{name}" for name in manifest["wheels"])]
    (out / "SHA256SUMS").write_text("".join(f"{_sha256(out / name)}  {name}\n" for name in files), encoding="ascii")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m deploy.bundle", description="制作离线安装包：程序、依赖的 wheel、安装脚本。")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="命令")
    make = commands.add_parser("build", help="制作离线安装包（需要能访问 PyPI）")
    make.add_argument("--out", type=Path, required=True, help="输出目录（新建或空目录）")
    make.add_argument("--ref", default="HEAD", help="打包的 git 提交，默认 HEAD")
    make.add_argument("--wheel-cache", type=Path, help="wheel 缓存目录（再次制作时只下载有变化的部分）")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.out, args.ref, args.wheel_cache)
    except BundleError as error:
        print(f"制作失败：{error}", file=sys.stderr)
        return 2
    size = sum(path.stat().st_size for path in args.out.rglob("*") if path.is_file()) / 2**20
    print(
        f"离线包已生成：{args.out}（提交 {manifest['commit'][:10]}，Python {manifest['python']} {manifest['platform']}，"
        f"{len(manifest['wheels'])} 个 wheel，共 {size:.0f} MB）"
    )
    print(f"在目标服务器上：bash {args.out}/install.sh /opt/chuangcheng")
    return 0


if __name__ == "__main__":
    sys.exit(main())
