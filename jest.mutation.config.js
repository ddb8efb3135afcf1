// Stryker's run: the suites that exercise the decision code in-process (the engine, CLI and stack
// suites drive compiled JavaScript in other processes, which mutants never reach). The oracle
// properties run fewer cases per mutant.
const base = require("./jest.config");
process.env.FC_RUNS = process.env.FC_RUNS || "25";
module.exports = { ...base, reporters: ["default"], roots: ["<rootDir>/test"], testMatch: ["<rootDir>/test/{model,shapes,verdict,policies,oracle}/**/*.test.ts"] };
