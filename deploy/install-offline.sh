#!/usr/bin/env bash
# Install the dashboard from an offline bundle (python -m deploy.bundle build), with no network:
#   bash install.sh /opt/chuangcheng [--scale N] [--no-demo]
# Checks the bundle's SHA-256 sums, unpacks the app, makes TARGET/.venv from the bundle's wheels only
# (pip --no-index), and builds the demo warehouse unless TARGET/data/warehouse.duckdb exists or --no-demo.
# Needs Python 3.11 with venv (Debian 12: python3, python3-venv); nginx, chromium, fonts-noto-cjk and
# (for PDF) libreoffice-writer-nogui come from the office's Debian mirror, see README.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target=""
scale="1"
demo=1
while [ $# -gt 0 ]; do
    case "$1" in
        --scale) scale="$2"; shift 2 ;;
        --no-demo) demo=0; shift ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "未知选项：$1" >&2; exit 2 ;;
        *) target="$1"; shift ;;
    esac
done
if [ -z "$target" ]; then
    echo "用法：bash install.sh 安装目录 [--scale N] [--no-demo]" >&2
    exit 2
fi

python_bin="${PYTHON:-$(command -v python3.11 || command -v python3 || true)}"
wanted="$(sed -n 's/.*"python": "\([0-9.]*\)".*/\1/p' "$here/MANIFEST.json")"
if [ -z "$python_bin" ] || [ "$("$python_bin" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$wanted" ]; then
    echo "需要 Python $wanted（离线包中的 wheel 只适用于该版本）；可用环境变量 PYTHON 指定解释器" >&2
    exit 1
fi

echo "校验离线包……"
if ! (cd "$here" && sha256sum --quiet --strict -c SHA256SUMS); then
    echo "离线包文件校验失败：文件缺失或已损坏，请重新拷贝离线包" >&2
    exit 1
fi

echo "解压程序到 $target ……"
mkdir -p "$target"
tar -xf "$here/app.tar" -C "$target"

echo "安装 Python 依赖（仅使用离线包中的 wheel）……"
"$python_bin" -m venv "$target/.venv"
"$target/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$here/wheels" -r "$target/requirements.txt"

if [ "$demo" = 1 ] && [ ! -e "$target/data/warehouse.duckdb" ]; then
    echo "生成示例数据仓库（规模 $scale）……"
    (cd "$target" && .venv/bin/python -m data build --scale "$scale" >/dev/null)
    echo
fi

echo "安装完成：$target"
echo "本机试用：cd $target && .venv/bin/python serve.py    内网部署：见 README“内网部署”与 deploy/systemd/"
