#!/usr/bin/env bash
# Makes the Python environment for tools/finetune (train.py, export.py, check_base.py), outside the repo.
#   bash tools/finetune/make-venv.sh [VENV_DIR]        (default: ../venv-finetune next to the repository)
# torch from PyPI is large (~1 GB with its CUDA libraries, which the CPU run never loads).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-$here/../../../venv-finetune}"
python3 -m venv "$venv"
"$venv/bin/pip" install --upgrade pip
"$venv/bin/pip" install -r "$here/requirements.txt"
echo "ready: $venv/bin/python tools/finetune/train.py --help"
