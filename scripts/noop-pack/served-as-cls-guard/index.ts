import * as path from "path";
import { handOverToWorker } from "../../../src/worker";

// Started as cls-guard's pack is: the policy server runs in a worker thread (src/worker.ts).
handOverToWorker(path.join(__dirname, "serve.js"));
