#!/usr/bin/env bash
# Rebuild the layout matrix: TXT/DOCX/reportlab PDFs and golds (generate.py), then the
# LibreOffice PDFs from their DOCX, with pinned metadata.
#   bash bench/matrix/generate.sh
# LibreOffice runs with a private profile so that it never collides with another soffice.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
PROFILE="file:///tmp/lo_profile_matrix"

if ! command -v soffice >/dev/null 2>&1; then
    echo "soffice not found: installing libreoffice-writer-nogui" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null
fi

cd "$ROOT"
"$PY" "$HERE/generate.py"

mapfile -t jobs < <("$PY" "$HERE/generate.py" --lo-jobs)
soffice "-env:UserInstallation=$PROFILE" --headless --norestore \
    --convert-to pdf:writer_pdf_Export --outdir "$HERE/docs" "${jobs[@]}" >/dev/null

pdfs=()
for docx in "${jobs[@]}"; do
    pdf="${docx%.docx}.pdf"
    [[ -s "$pdf" ]] || { echo "missing PDF: $pdf" >&2; exit 1; }
    pdfs+=("$pdf")
done
"$PY" "$HERE/generate.py" --fix-pdf "${pdfs[@]}"
echo "layout matrix rebuilt in $HERE" >&2
