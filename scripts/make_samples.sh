#!/usr/bin/env bash
# Rebuild the sample corpus: TXT/DOCX/src/golds (python-docx), then DOCX -> PDF (LibreOffice).
#   bash scripts/make_samples.sh [--shared DIR]
# LibreOffice runs with a private profile so that it never collides with another soffice.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
PROFILE="file:///tmp/lo_profile_samples"

if ! command -v soffice >/dev/null 2>&1; then
    echo "soffice not found: installing libreoffice-writer-nogui" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null
fi

"$PY" "$ROOT/scripts/make_samples.py" "$@"

# Group the jobs by export options: one soffice run per group is much faster than one per file.
tagged=()
plain=()
while IFS=$'\t' read -r is_tagged docx; do
    if [[ "$is_tagged" == "1" ]]; then tagged+=("$docx"); else plain+=("$docx"); fi
done < <("$PY" "$ROOT/scripts/make_samples.py" --pdf-jobs)

convert() {
    local filter="$1"
    shift
    [[ $# -gt 0 ]] || return 0
    soffice "-env:UserInstallation=$PROFILE" --headless --norestore \
        --convert-to "$filter" --outdir "$ROOT/samples" "$@" >/dev/null
}
convert 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}' "${tagged[@]}"
convert 'pdf:writer_pdf_Export' "${plain[@]}"

for docx in "${tagged[@]}" "${plain[@]}"; do
    pdf="${docx%.docx}.pdf"
    [[ -s "$pdf" ]] || { echo "missing PDF: $pdf" >&2; exit 1; }
done

if command -v pdfinfo >/dev/null 2>&1; then
    pages="$(pdfinfo "$ROOT/samples/synthetic_large__table_merged.pdf" | awk '/^Pages:/ {print $2}')"
    if (( pages < 30 )); then
        echo "synthetic_large__table_merged.pdf has only $pages pages (< 30)" >&2
        exit 1
    fi
fi

# README again, now with PDF page counts.
"$PY" "$ROOT/scripts/make_samples.py" --readme
echo "samples rebuilt in $ROOT/samples"
