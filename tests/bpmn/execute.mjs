// Executes one gravity BPMN file with bpmn-engine 25 to its end event. Each service task is
// run through Girofle (`girofle gravity task FILE TASK --workdir DIR`), the worker a Camunda
// user would write; a failed expect task is the BPMN error gravity-expectation-failed, which
// the task's boundary event catches. Exits 0 only when the end event "Scenario passed" ran.
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { Engine } from 'bpmn-engine';

const [file, workdir] = process.argv.slice(2);
const girofle = process.env.GIROFLE_BINARY;
const source = await readFile(file, 'utf8');

function runTask(id) {
  return new Promise((resolve) => {
    execFile(girofle, ['gravity', 'task', file, id, '--workdir', workdir],
      (error, stdout, stderr) => resolve({ status: error ? error.code : 0, stdout, stderr }));
  });
}

const services = {
  async gravity(executionContext, callback) {
    const id = executionContext.content.id;
    const result = await runTask(id);
    process.stdout.write(result.stdout);
    if (result.status === 0) return callback(null, { id });
    const error = new Error(result.stderr.trim());
    error.code = 'gravity-expectation-failed';
    return callback(error);
  },
};

// Every service task calls the gravity service (the file names a Camunda external topic,
// which bpmn-engine does not run by itself).
const extensions = {
  gravity(activity) {
    if (activity.type !== 'bpmn:ServiceTask') return;
    activity.behaviour.Service = function Service() {
      return { execute: (executionContext, callback) => services.gravity(executionContext, callback) };
    };
  },
};

const engine = new Engine({ name: 'gravity', source, extensions, services });
const ended = [];
const listener = new (await import('node:events')).EventEmitter();
listener.on('activity.end', (api) => { if (api.type === 'bpmn:EndEvent') ended.push(api.id); });
try {
  const execution = await engine.execute({ listener });
  await new Promise((resolve, reject) => {
    if (execution.state === 'completed') return resolve();
    engine.once('end', resolve);
    engine.once('error', reject);
  });
} catch (error) {
  console.error(`${file}: execution failed: ${error.message}`);
  process.exit(1);
}
if (ended.length !== 1 || ended[0] !== 'EndEvent_1') {
  console.error(`${file}: ended at ${JSON.stringify(ended)}, not at EndEvent_1`);
  process.exit(1);
}
console.log(`${file}: executed to ${ended[0]}`);
