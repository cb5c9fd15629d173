// Bare comlink over a worker thread: what a pool adds on top of this is what the comlink-rr contender leaves out.
import { parentPort } from "node:worker_threads";
import { expose } from "comlink/dist/esm/comlink.mjs";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { add, spin } from "./tasks.mjs";

expose({ add, spin }, nodeEndpoint(parentPort));
