// harness.js: the few lines every node test here shares: named checks, a summary, the exit code.
// Writes to stdout directly: tests capture console.*.
'use strict';

let passed = 0, failed = 0;

// Runs one named check; a thrown error fails it and is printed, the run goes on.
function check(name, fn) {
  try {
    fn();
    passed++;
  } catch (e) {
    failed++;
    process.stdout.write('FAIL ' + name + '\n  ' + String((e && e.stack) || e).split('\n').slice(0, 6).join('\n  ') + '\n');
  }
}

// Prints the summary line and sets the exit code: any failure, or no check at all, fails.
function done() {
  process.stdout.write(passed + ' passed, ' + failed + ' failed\n');
  process.exitCode = failed || !passed ? 1 : 0;
}

module.exports = { check, done };
