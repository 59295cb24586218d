// Writes an HTML page that imports one BPMN file into bpmn-js (the viewer bundle) and puts
// the import's outcome, as JSON, into <pre id="result"> for chromium --dump-dom to print.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const [file, page] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const viewer = path.join(here, 'node_modules/bpmn-js/dist/bpmn-viewer.production.min.js');
const xml = await readFile(file, 'utf8');
await writeFile(page, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><script src="file://${viewer}"></script></head>
<body><div id="canvas" style="width:1600px;height:900px"></div><pre id="result">pending</pre>
<script>
const xml = ${JSON.stringify(xml)};
const result = document.getElementById('result');
const viewer = new BpmnJS({ container: '#canvas' });
viewer.importXML(xml).then(({ warnings }) => {
  const shapes = viewer.get('elementRegistry').getAll().length;
  result.textContent = JSON.stringify({ ok: true, warnings: warnings.map(w => w.message), elements: shapes });
}).catch((error) => {
  result.textContent = JSON.stringify({ ok: false, error: error.message, warnings: (error.warnings || []).map(w => w.message) });
});
</script></body></html>
`);
