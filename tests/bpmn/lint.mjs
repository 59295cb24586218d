// bpmnlint 11 on one BPMN file with bpmnlint:recommended and the Camunda 7 compatibility
// rules (the execution platform version comes from the file's modeler attributes). Prints each
// report and exits 1 when there is any error or warning.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';

const require = createRequire(import.meta.url);
const file = process.argv[2];
const moddle = new BpmnModdle({ camunda: camundaModdle });
const { rootElement, warnings } = await moddle.fromXML(await readFile(file, 'utf8'));
if (warnings.length) {
  for (const warning of warnings) console.error(`${file}: moddle: ${warning.message}`);
  process.exit(1);
}
const linter = new Linter({
  config: { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-platform-7-21'] },
  resolver: new NodeResolver({ require }),
});
const reports = await linter.lint(rootElement);
let problems = 0;
for (const [rule, entries] of Object.entries(reports)) {
  for (const entry of entries) {
    problems += 1;
    console.error(`${file}: ${rule} (${entry.category}): ${entry.id || ''} ${entry.message}`);
  }
}
process.exit(problems ? 1 : 0);
