#!/usr/bin/env bash
# Regenerates the binary import fixtures of test/fixtures/corpus/ from the published pages saved there (*.html):
#   NAME.docx            LibreOffice Writer's Word export of the page (as an office's Word draft would be)
#   NAME.lo.pdf          LibreOffice's PDF export of that .docx (a PDF exported by an office suite)
#   NAME.chromium.pdf    the page printed by Chromium (a PDF saved from the website)
#   scanned.pdf          an image-only PDF (a scan: no text layer), from a rasterised page of a Chromium PDF
# The outputs are committed; run this only to remake them (the tests read the committed files, they never
# convert). Needs: libreoffice-writer, chromium, poppler-utils and fonts-noto-cjk (Chinese glyphs:
# without a CJK font Chromium prints boxes and its text layer is lost); installed from apt when missing.
# usage: scripts/make-import-fixtures.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR="$ROOT/test/fixtures/corpus"
log() { echo "[make-import-fixtures] $*" >&2; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
need=()
for p in libreoffice-writer chromium poppler-utils fonts-noto-cjk; do installed "$p" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  log "apt: installing ${need[*]}"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# a profile of our own: never touch the user's LibreOffice settings, and no clash with a running instance
LO=(soffice "-env:UserInstallation=file://$WORK/lo-profile" --headless --norestore)

for html in "$DIR"/*.html; do
  name=$(basename "$html" .html)
  log "$name"
  # Open the page in Writer (not Writer/Web, whose export has no Word filter) and save it as Word 2007+.
  "${LO[@]}" --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' --outdir "$WORK" "$html" >&2
  cp "$WORK/$name.docx" "$DIR/$name.docx"
  "${LO[@]}" --convert-to pdf --outdir "$WORK" "$WORK/$name.docx" >&2
  cp "$WORK/$name.pdf" "$DIR/$name.lo.pdf"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --user-data-dir="$WORK/chromium-profile" --no-pdf-header-footer \
    --print-to-pdf="$DIR/$name.chromium.pdf" "file://$html" >&2 2>/dev/null
done

# A scan: the first page of a printed report as a JPEG picture, wrapped in a one-page PDF with no text at all
# (written by hand: ImageMagick's default policy refuses to write PDF).
first=$(ls "$DIR"/*.chromium.pdf | head -n 1)
pdftoppm -r 60 -f 1 -l 1 -gray -jpeg -singlefile "$first" "$WORK/scan"
node - "$WORK/scan.jpg" "$DIR/scanned.pdf" <<'JS'
const fs = require('node:fs');
const [jpgPath, out] = process.argv.slice(2);
const jpg = fs.readFileSync(jpgPath);
// width and height from the JPEG's SOF marker
let i = 2, w = 0, h = 0;
while (i < jpg.length) {
  const marker = jpg[i + 1], len = jpg.readUInt16BE(i + 2);
  if (marker >= 0xc0 && marker <= 0xc3) { h = jpg.readUInt16BE(i + 5); w = jpg.readUInt16BE(i + 7); break; }
  i += 2 + len;
}
const pw = 595, ph = Math.round((595 * h) / w);
const content = `q ${pw} 0 0 ${ph} 0 0 cm /Im0 Do Q`;
const objs = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`,
  null, // the image: binary stream
  `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
];
const parts = [Buffer.from('%PDF-1.4\n')];
const offsets = [];
let at = parts[0].length;
objs.forEach((body, n) => {
  offsets.push(at);
  const chunk = body === null
    ? Buffer.concat([Buffer.from(`${n + 1} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpg.length} >>\nstream\n`), jpg, Buffer.from('\nendstream\nendobj\n')])
    : Buffer.from(`${n + 1} 0 obj\n${body}\nendobj\n`);
  parts.push(chunk);
  at += chunk.length;
});
const xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
fs.writeFileSync(out, Buffer.concat(parts));
JS
if pdftotext "$DIR/scanned.pdf" - | grep -q '[^[:space:]]'; then log "scanned.pdf has text: not a scan"; exit 1; fi
log "done: $(cd "$DIR" && ls ./*.docx ./*.pdf | tr '\n' ' ')"
