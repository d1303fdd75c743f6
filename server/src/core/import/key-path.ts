/** The key path of the value at an offset of a report's YAML: findings on an imported report name it. */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ReportDocument } from '../model/document';
import type { Path } from '../model/schema';

export function keyPathAt(document: ReportDocument, offset: number): Path {
  const path: (string | number)[] = [];
  let node = document.yaml.contents as Node | null;
  for (let depth = 0; node && depth < 16; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && within(p.key as Node | null, offset, p.value as Node | null));
      if (!pair) break;
      path.push(String(isScalar(pair.key) ? pair.key.value : pair.key));
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => within(item as Node, offset));
      if (i < 0) break;
      path.push(i);
      node = node.items[i] as Node;
    } else break;
  }
  return path;
}

/** Whether `offset` falls in the node (or from the key through the value of a pair). */
function within(first: Node | null, offset: number, last?: Node | null): boolean {
  const start = first?.range?.[0];
  const end = (last ?? first)?.range?.[2] ?? first?.range?.[2];
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}
