/**
 * The browser globals pdf.js expects when its module loads. In Node it borrows them from the optional
 * native `@napi-rs/canvas` package, which a bundle does not carry (nor should: it is 30 MB of native code
 * for drawing pages, and the reader only reads text and lines). DOMMatrix is used for real (a few
 * transforms of glyph outlines), so it gets a small faithful implementation; Path2D and ImageData are
 * only for drawing, so they get inert stand-ins that keep pdf.js from warning on every load.
 */
type Init = ArrayLike<number> | undefined;

class Matrix2D {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
  constructor(init?: Init) {
    if (init && init.length >= 6) {
      const [a, b, c, d, e, f] = Array.from(init);
      Object.assign(this, { a, b, c, d, e, f });
    }
  }
  get is2D(): boolean {
    return true;
  }
  get isIdentity(): boolean {
    return this.a === 1 && this.b === 0 && this.c === 0 && this.d === 1 && this.e === 0 && this.f === 0;
  }
  multiplySelf(o: { a: number; b: number; c: number; d: number; e: number; f: number }): this {
    const { a, b, c, d, e, f } = this;
    this.a = a * o.a + c * o.b;
    this.b = b * o.a + d * o.b;
    this.c = a * o.c + c * o.d;
    this.d = b * o.c + d * o.d;
    this.e = a * o.e + c * o.f + e;
    this.f = b * o.e + d * o.f + f;
    return this;
  }
  preMultiplySelf(o: { a: number; b: number; c: number; d: number; e: number; f: number }): this {
    const m = new Matrix2D([o.a, o.b, o.c, o.d, o.e, o.f]).multiplySelf(this);
    Object.assign(this, { a: m.a, b: m.b, c: m.c, d: m.d, e: m.e, f: m.f });
    return this;
  }
  multiply(o: Matrix2D): Matrix2D {
    return this.clone().multiplySelf(o);
  }
  translateSelf(tx = 0, ty = 0): this {
    return this.multiplySelf(new Matrix2D([1, 0, 0, 1, tx, ty]));
  }
  translate(tx = 0, ty = 0): Matrix2D {
    return this.clone().translateSelf(tx, ty);
  }
  scaleSelf(sx = 1, sy = sx): this {
    return this.multiplySelf(new Matrix2D([sx, 0, 0, sy, 0, 0]));
  }
  scale(sx = 1, sy = sx): Matrix2D {
    return this.clone().scaleSelf(sx, sy);
  }
  invertSelf(): this {
    const { a, b, c, d, e, f } = this;
    const det = a * d - b * c;
    if (!det) {
      Object.assign(this, { a: NaN, b: NaN, c: NaN, d: NaN, e: NaN, f: NaN });
      return this;
    }
    Object.assign(this, { a: d / det, b: -b / det, c: -c / det, d: a / det, e: (c * f - d * e) / det, f: (b * e - a * f) / det });
    return this;
  }
  inverse(): Matrix2D {
    return this.clone().invertSelf();
  }
  transformPoint(p: { x?: number; y?: number } = {}): { x: number; y: number; z: number; w: number } {
    const x = p.x ?? 0;
    const y = p.y ?? 0;
    return { x: this.a * x + this.c * y + this.e, y: this.b * x + this.d * y + this.f, z: 0, w: 1 };
  }
  clone(): Matrix2D {
    return new Matrix2D([this.a, this.b, this.c, this.d, this.e, this.f]);
  }
  get m11() { return this.a; }
  get m12() { return this.b; }
  get m21() { return this.c; }
  get m22() { return this.d; }
  get m41() { return this.e; }
  get m42() { return this.f; }
}

/** Drawing-only classes: constructible (pdf.js may probe them), useless for drawing, which the reader never does. */
class InertPath2D {
  addPath(): void {}
  moveTo(): void {}
  lineTo(): void {}
  bezierCurveTo(): void {}
  quadraticCurveTo(): void {}
  rect(): void {}
  closePath(): void {}
}
class InertImageData {
  readonly data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(Math.max(0, width * height * 4));
  }
}

/** Defines what is missing (never replaces a real implementation, e.g. in a browser or Electron renderer). */
export function installPdfGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= Matrix2D;
  g.Path2D ??= InertPath2D;
  g.ImageData ??= InertImageData;
}
