import * as path from "path";
import { handOverToWorker } from "../../../src/worker";

// cls-guard's pack serves from a worker thread with a larger young generation; this baseline does
// the same, so that the difference is cls-guard's own work and not the heap's configuration.
handOverToWorker(path.join(__dirname, "../as-many/index.js"));
