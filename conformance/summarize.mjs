// Classifies a cache-tests CLI result file with the suite's own determineTestResult (dependencies
// honoured, as cache-tests.fyi shows them) and prints the counts with the failing ids.
// usage: node summarize.mjs SUITE_DIR RESULTS_JSON LABEL [SUMMARY_JSON_OUT]
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [suiteDir, resultsFile, label, summaryOut] = process.argv.slice(2)
const engine = await import(pathToFileURL(path.join(suiteDir, 'test-engine/lib/results.mjs')))
const suites = (await import(pathToFileURL(path.join(suiteDir, 'tests/index.mjs')))).default
const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'))

const names = new Map(Object.entries(engine.resultTypes).map(([name, type]) => [type, name]))
const byType = {}
for (const suite of suites) {
  for (const test of suite.tests) {
    const type = names.get(engine.determineTestResult(suites, test.id, results))
    const detail = Array.isArray(results[test.id]) ? results[test.id].join(': ') : ''
    ;(byType[type] ||= []).push({ id: test.id, detail })
  }
}

const count = type => (byType[type] || []).length
const rows = [
  ['required', 'fail'], ['optional', 'optional_fail'], ['dependency', 'dependency_fail'],
  ['setup', 'setup_fail'], ['harness', 'harness_fail'], ['retry', 'retry']
]
console.log(`== ${label}: ${count('pass')} pass / ${count('fail')} required / ${count('optional_fail')} optional` +
  ` / ${count('dependency_fail')} dependency / ${count('setup_fail')} setup failures` +
  ` (harness ${count('harness_fail')}, retry ${count('retry')}; checks: ${count('yes')} yes, ${count('no')} no;` +
  ` not run here: ${count('untested')})`)
for (const [title, type] of rows) {
  for (const { id, detail } of byType[type] || []) {
    console.log(`   ${title.padEnd(10)} ${id}${detail ? '  -- ' + detail : ''}`)
  }
}
if (summaryOut) {
  const summary = Object.fromEntries(Object.entries(byType).map(([type, tests]) => [type, tests.map(t => t.id)]))
  fs.writeFileSync(summaryOut, JSON.stringify(summary, null, 2))
}
// Required and harness failures fail the run; setup failures are listed for a reader to judge (some are ours by design).
process.exitCode = count('fail') + count('harness_fail') > 0 ? 1 : 0
