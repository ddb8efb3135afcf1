// Prints the plain closing line CI reads ("N passed, N failed, N skipped"), which jest's own
// summary ("Tests: N passed, N total") does not give. Suites that broke or never ran count as
// failures, so a broken run never reads as "0 failed".
class SummaryReporter {
  onRunComplete(_contexts, r) {
    const notRun = r.numTotalTestSuites - r.numPassedTestSuites - r.numFailedTestSuites - r.numPendingTestSuites;
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + Math.max(0, notRun);
    process.stdout.write(`jest: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
