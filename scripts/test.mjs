#!/usr/bin/env node
// `npm test`: the whole suite. Type-checks and lints, then runs the unit and integration tests, the collector
// tests against a real local Bluesky network, and the end-to-end tests in a real VS Code. Test tools that are
// not installed yet are installed on first use (test/tools/*/ensure.mjs); a suite whose tools cannot be set up
// on this machine is reported as skipped, with why, and the run fails only on failing tests.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);

/** Runs a command with output shown and kept; resolves with its exit code and output. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (stream, sink) => stream.on('data', (d) => { out += d; sink.write(d); });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  { name: 'unit and integration', cmd: ['npx', 'mocha'] },
  { name: 'collectors', script: 'test:collectors', ensure: 'test/tools/bsky/ensure.mjs' },
  { name: 'end-to-end', script: 'test:e2e', ensure: 'test/tools/vscode/ensure.mjs' },
];

let passed = 0, failed = 0, pending = 0;
const failures = [];
const skipped = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name.split(' ')[0])) continue;
  console.log(`\n=== ${step.name} ===`);
  if (step.script && !pkg.scripts[step.script]) {
    skipped.push(`${step.name}: no "${step.script}" script in package.json`);
    continue;
  }
  if (step.ensure && existsSync(join(root, step.ensure))) {
    const setup = await run(process.execPath, [step.ensure]);
    if (setup.code !== 0) {
      skipped.push(`${step.name}: its test tools could not be set up on this machine (${step.ensure} exited ${setup.code}; its output above says why)`);
      continue;
    }
  }
  const r = await run(...(step.script ? ['npm', ['run', '--silent', step.script]] : [step.cmd[0], step.cmd.slice(1)]));
  const count = (word) => [...r.out.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
  const p = count('passing'), f = count('failing'), k = count('pending');
  passed += p; failed += f; pending += k;
  if (r.code !== 0) {
    failures.push(`${step.name} (exit ${r.code})`);
    if (f === 0) failed++; // a step that failed without a failing test (type errors, lint, a crash) counts once
  } else if (!step.script && !step.cmd[0].includes('mocha') && p === 0) {
    passed++; // typecheck and lint count as one check each
  }
}

console.log('\n=== summary ===');
for (const s of skipped) console.log(`SKIPPED ${s}`);
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed, ${pending + skipped.length} skipped`);
process.exit(failures.length ? 1 : 0);
