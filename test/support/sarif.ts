import { toBeValidSarifLog } from "@microsoft/jest-sarif";

/** `expect(log).toBeValidSarifLog()`: validation against the official SARIF 2.1.0 schema. */
expect.extend({ toBeValidSarifLog });

declare global {
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}
