// analyze() skips a check when every rule it declares (CHECKS[i].codes) is off: a check that reported
// an undeclared rule would lose that finding then. Each check, run alone over the inputs of the
// equivalence test, reports only the rules it declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../server/src/core';
import { CHECKS } from '../../server/src/core/checks/analyze';
import { inputs } from './analyze-inputs';

test('every check reports only the rules it declares', () => {
  const reported = CHECKS.map(() => new Set<string>());
  let checked = 0;
  for (const input of inputs()) {
    const document = parseReport(input.text, input.options.lang ?? 'zh');
    const data = document.data;
    if (document.syntax.length > 0 || data === null || typeof data !== 'object' || Array.isArray(data)) continue;
    checked++;
    CHECKS.forEach((check, i) => {
      for (const d of check.run(document, input.options.lang ?? 'zh', input.options)) {
        assert.ok(check.codes.includes(d.code), `check ${i} (${check.codes.join(', ')}) reports ${d.code} for ${input.name}`);
        reported[i]!.add(d.code);
      }
    });
  }
  assert.ok(checked > 400, `only ${checked} inputs reach the checks`);
  // and each check reports something, so that this test sees it at work
  reported.forEach((codes, i) => assert.ok(codes.size > 0, `check ${i} reports nothing over the inputs`));
});
