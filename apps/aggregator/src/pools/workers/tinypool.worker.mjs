// Tinypool (a Piscina fork) calls the named export with the single task value.
import { add as addTask, spin as spinTask } from "./tasks.mjs";

export const add = ([a, b]) => addTask(a, b);
export const spin = ([us]) => spinTask(us);
