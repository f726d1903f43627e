#!/usr/bin/env node
// Runs Doyensec Electronegativity over the Electron layer and fails on any HIGH or MEDIUM finding.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'report.csv');
const electronVersion = JSON.parse(fs.readFileSync('package.json', 'utf8')).optionalDependencies.electron.replace(/^[^\d]*/, '');
execFileSync(process.execPath, ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', 'main', '-r', '-o', out, '-e', electronVersion], { stdio: 'ignore' });
const rows = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).filter(Boolean);
const serious = rows.filter((r) => /,"(HIGH|MEDIUM)",/.test(r));
for (const r of rows) console.log(`  ${r.split(',').slice(0, 5).join(' ')}`);
if (serious.length) {
  console.error(`Electronegativity: ${serious.length} high/medium finding(s) in main/. Fix them (see the URLs in ${out}).`);
  process.exit(1);
}
console.log(`Electronegativity: no high or medium findings (${rows.length} low/informational).`);
