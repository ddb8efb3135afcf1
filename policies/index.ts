import * as path from "path";
import { handOverToWorker } from "../src/worker";

// The pack's entry: the engine runs this module. The policy server (serve.ts) runs in a worker
// thread with a larger young generation (src/worker.ts says why), where it decodes, judges and
// answers a large stack with far less garbage collection; its output, the port first, and its exit
// code are this process's. Everything else lives in modules that are safe to import.
handOverToWorker(path.join(__dirname, "serve.js"));
