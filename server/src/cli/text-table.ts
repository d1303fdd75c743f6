/**
 * The texts a run compares across agencies, as columns: a province's texts without an object each
 * (with their ranges and sketches they were most of what a run held per report). Rows are added as
 * files arrive, in any order; `inOrder` gives them in the files' order, which the across-agency rule
 * depends on (its buckets keep input order), as the core's `AgencyTexts`.
 */
import { fingerprintSimilarity, type AgencyReports, type AgencyTexts, type TextFacts } from '../core';

/** A file's texts, as the across-agency rule reads them: its place in the run, its agency and year. */
export interface TableFile {
  file: string;
  agency: string;
  year: number;
}

const SKETCH = 4;

export class TextTable {
  private size = 0;
  private capacity = 0;
  /** Per row: the file (its place in the run), the text's place in its facts' `texts`, length, label and key range. */
  private fileOf = new Int32Array(0);
  private indexOf = new Int32Array(0);
  private lengthOf = new Int32Array(0);
  private labelOf = new Int32Array(0);
  private startOf = new Int32Array(0);
  private endOf = new Int32Array(0);
  private digestOf = new Float64Array(0);
  /** SKETCH hashes a row; a sketch of fewer hashes leaves -1 (hashes are unsigned 32-bit). */
  private sketchOf = new Float64Array(0);
  /** Bigrams of the rows that have them (fetched for the texts compared that are not the same). */
  readonly shingles = new Map<number, Uint32Array>();
  /** Label strings, one copy each (a few dozen in a run). */
  private readonly labels: string[] = [];
  private readonly labelIds = new Map<string, number>();
  /** Per file (its place in the run): its rows, and what the rule reads of it. */
  private readonly rowsOf = new Map<number, { from: number; to: number }>();
  private readonly files = new Map<number, TableFile>();
  private readonly places = new Map<string, number>();

  /** Adds the sketched texts of the file at `place` (again: its new rows replace the old). */
  add(place: number, file: TableFile, texts: readonly TextFacts[]): void {
    const from = this.size;
    texts.forEach((text, index) => {
      if (!text.sketch) return;
      this.reserve(this.size + 1);
      const row = this.size++;
      this.fileOf[row] = place;
      this.indexOf[row] = index;
      this.lengthOf[row] = text.length;
      this.digestOf[row] = text.digest;
      this.startOf[row] = text.range.start;
      this.endOf[row] = text.range.end;
      let id = this.labelIds.get(text.label);
      if (id === undefined) {
        id = this.labels.push(text.label) - 1;
        this.labelIds.set(text.label, id);
      }
      this.labelOf[row] = id;
      for (let k = 0; k < SKETCH; k++) this.sketchOf[row * SKETCH + k] = text.sketch[k] ?? -1;
      if (text.shingles) this.shingles.set(row, text.shingles);
    });
    this.rowsOf.set(place, { from, to: this.size });
    this.files.set(place, file);
    this.places.set(file.file, place);
  }

  /** Sets the bigrams of the text at `index` of `file`'s texts (as the request named it). */
  setShingles(file: string, index: number, shingles: Uint32Array): void {
    const place = this.places.get(file);
    const rows = place === undefined ? undefined : this.rowsOf.get(place);
    if (!rows) return;
    for (let row = rows.from; row < rows.to; row++) if (this.indexOf[row] === index) this.shingles.set(row, shingles);
  }

  /** A row's text as the findings name it; `place`: its file's place in the run. */
  text(row: number): { place: number; index: number; label: string; range: { start: number; end: number }; digest: number; length: number } {
    return {
      place: this.fileOf[row]!, index: this.indexOf[row]!, label: this.labels[this.labelOf[row]!]!,
      range: { start: this.startOf[row]!, end: this.endOf[row]! }, digest: this.digestOf[row]!, length: this.lengthOf[row]!,
    };
  }

  /** The file at a place in the run (see add). */
  file(place: number): TableFile | undefined {
    return this.files.get(place);
  }

  /**
   * The rows in the order of the files' places (the order `copiesAmong` must see), as AgencyTexts
   * and AgencyReports; `rowOf` maps its text numbers back to rows. `missing`: told each row whose
   * bigrams a comparison needed.
   */
  inOrder(missing?: (row: number) => void): { texts: AgencyTexts; reports: AgencyReports; rowOf: (text: number) => number } {
    const places = [...this.rowsOf.keys()].sort((a, b) => a - b);
    const order = new Int32Array(places.reduce((n, p) => n + this.rowsOf.get(p)!.to - this.rowsOf.get(p)!.from, 0));
    let at = 0;
    for (const p of places) {
      const { from, to } = this.rowsOf.get(p)!;
      for (let row = from; row < to; row++) order[at++] = row;
    }
    const texts: AgencyTexts = {
      count: order.length,
      report: (i) => this.fileOf[order[i]!]!,
      sketch: (i, k) => {
        const h = this.sketchOf[order[i]! * SKETCH + k]!;
        return h < 0 ? undefined : h;
      },
      similarity: (a, b, threshold) => {
        const [x, y] = [order[a]!, order[b]!];
        const sx = this.shingles.get(x);
        const sy = this.shingles.get(y);
        const s = fingerprintSimilarity(this.digestOf[x]!, this.lengthOf[x]!, sx, this.digestOf[y]!, this.lengthOf[y]!, sy, threshold);
        if (s >= 0) return s;
        if (!sx) missing?.(x);
        if (!sy) missing?.(y);
        return 0;
      },
    };
    const reports: AgencyReports = {
      file: (place) => this.files.get(place)!.file,
      agency: (place) => this.files.get(place)!.agency,
      year: (place) => this.files.get(place)!.year,
    };
    return { texts, reports, rowOf: (i) => order[i]! };
  }

  /** Room for `rows` rows (doubling). */
  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, rows);
    const grow = <T extends Int32Array | Float64Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity * per);
      b.set(a);
      return b;
    };
    this.fileOf = grow(this.fileOf);
    this.indexOf = grow(this.indexOf);
    this.lengthOf = grow(this.lengthOf);
    this.labelOf = grow(this.labelOf);
    this.startOf = grow(this.startOf);
    this.endOf = grow(this.endOf);
    this.digestOf = grow(this.digestOf);
    this.sketchOf = grow(this.sketchOf, SKETCH);
    this.capacity = capacity;
  }
}
