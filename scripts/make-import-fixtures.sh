#!/usr/bin/env bash
# Regenerates the binary import fixtures of test/fixtures/corpus/ from the published pages saved there (*.html):
#   NAME.docx            LibreOffice Writer's Word export of the page (as an office's Word draft would be), with a
#                        running header (the title) and page numbers "— N —" added
#   NAME.lo.pdf          LibreOffice's PDF export of that .docx (a PDF exported by an office suite)
#   NAME.chromium.pdf    the page printed by Chromium with its default header and footer (date, title, address,
#                        "1/6"): a PDF printed from the website
#   shuyang-fgj-2023.turned.pdf   its LibreOffice PDF with every page turned by /Rotate 90 (the content drawn
#                        upright, shown sideways), as some printers to PDF save landscape pages
#   ../import/unruled-table.pdf   a small table without ruling lines, printed by Chromium
#   scanned.pdf          an image-only PDF (a scan: no text layer), from a rasterised page of a Chromium PDF
# The outputs are committed; run this only to remake them (the tests read the committed files, they never
# convert). Needs: libreoffice-writer, chromium, poppler-utils, qpdf and fonts-noto-cjk (Chinese glyphs:
# without a CJK font Chromium prints boxes and its text layer is lost); installed from apt when missing.
# usage: scripts/make-import-fixtures.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR="$ROOT/test/fixtures/corpus"
log() { echo "[make-import-fixtures] $*" >&2; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
need=()
for p in libreoffice-writer chromium poppler-utils qpdf fonts-noto-cjk; do installed "$p" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  log "apt: installing ${need[*]}"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# a profile of our own: never touch the user's LibreOffice settings, and no clash with a running instance
LO=(soffice "-env:UserInstallation=file://$WORK/lo-profile" --headless --norestore)

# Gives a .docx the running header and the page numbers "— N —" of an official document (GB/T 9704), as
# offices' files have them: the readers must leave both out of the text.
add_header_footer() {
  (cd "$ROOT" && node - "$1" "$2") <<'JS'
const fs = require('node:fs');
const { unzipSync, zipSync, strToU8, strFromU8 } = require('fflate');
const [input, title] = process.argv.slice(2);
const files = unzipSync(new Uint8Array(fs.readFileSync(input)));
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const run = (t) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
files['word/header1.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:hdr ${W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>${run(title)}</w:p></w:hdr>`);
files['word/footer1.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:ftr ${W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>${run('— ')}<w:fldSimple w:instr=" PAGE ">${run('1')}</w:fldSimple>${run(' —')}</w:p></w:ftr>`);
const rels = 'word/_rels/document.xml.rels';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
files[rels] = strToU8(strFromU8(files[rels]).replace('</Relationships>', `<Relationship Id="rIdGovH1" Type="${R}/header" Target="header1.xml"/><Relationship Id="rIdGovF1" Type="${R}/footer" Target="footer1.xml"/></Relationships>`));
const types = '[Content_Types].xml';
const CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
files[types] = strToU8(strFromU8(files[types]).replace('</Types>', `<Override PartName="/word/header1.xml" ContentType="${CT}.header+xml"/><Override PartName="/word/footer1.xml" ContentType="${CT}.footer+xml"/></Types>`));
const doc = strFromU8(files['word/document.xml']);
const at = doc.lastIndexOf('<w:sectPr>');
if (at < 0) throw new Error('no section properties in word/document.xml');
const refs = '<w:headerReference w:type="default" r:id="rIdGovH1"/><w:footerReference w:type="default" r:id="rIdGovF1"/>';
files['word/document.xml'] = strToU8(doc.slice(0, at + 10) + refs + doc.slice(at + 10).replace(/w:header="0"/, 'w:header="567"').replace(/w:footer="0"/, 'w:footer="567"'));
fs.writeFileSync(input, zipSync(files));
JS
}

for html in "$DIR"/*.html; do
  name=$(basename "$html" .html)
  log "$name"
  title=$(grep -o '<title>[^<]*' "$html" | head -n 1 | sed 's/<title>//')
  # Open the page in Writer (not Writer/Web, whose export has no Word filter) and save it as Word 2007+,
  # then give it a header and page numbers, and export that to PDF as an office would.
  "${LO[@]}" --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' --outdir "$WORK" "$html" >&2
  add_header_footer "$WORK/$name.docx" "$title"
  cp "$WORK/$name.docx" "$DIR/$name.docx"
  "${LO[@]}" --convert-to pdf --outdir "$WORK" "$WORK/$name.docx" >&2
  cp "$WORK/$name.pdf" "$DIR/$name.lo.pdf"
  # Chromium prints its default header (date, title) and footer (address, "1/6") on every page, as a
  # page printed from a browser has them. The page is printed from a neutral folder: the address is printed.
  mkdir -p "$WORK/report"
  cp "$html" "$WORK/report/$name.html"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --user-data-dir="$WORK/chromium-profile" \
    --print-to-pdf="$DIR/$name.chromium.pdf" "file://$WORK/report/$name.html" >&2 2>/dev/null
done

qpdf --rotate=+90 "$DIR/shuyang-fgj-2023.lo.pdf" "$DIR/shuyang-fgj-2023.turned.pdf"

# A table drawn without lines (test/fixtures/import/unruled-table.html), printed without header and footer.
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$WORK/chromium-profile" --no-pdf-header-footer \
  --print-to-pdf="$ROOT/test/fixtures/import/unruled-table.pdf" "file://$ROOT/test/fixtures/import/unruled-table.html" >&2 2>/dev/null

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
