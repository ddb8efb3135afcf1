// Prints the plain closing line CI reads ("N passed, N failed, N skipped"), which jest's own
// summary ("Tests: N passed, N total") does not give. A run that broke before its tests counts
// as a failure, so a broken run never reads as "0 failed".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests, numRuntimeErrorTestSuites, numPendingTests: skipped, success } = results;
    const failed = numFailedTests + numRuntimeErrorTestSuites || (success ? 0 : 1);
    process.stdout.write(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
