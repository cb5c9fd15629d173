// threadlab's own pool, served with the workspace's @threadlab/node.
// (A --threadlab-from build gets a generated copy of this that imports its own dist/worker.js.)
import { expose } from "@threadlab/node/worker";
import { add, spin } from "./tasks.mjs";

expose({ add, spin });
