// poolifier-web-worker passes one data value to the task function named in execute(), as poolifier does.
import { ThreadWorker } from "poolifier-web-worker";
import { add, spin } from "./tasks.mjs";

export default new ThreadWorker({
  add: ([a, b]) => add(a, b),
  spin: ([us]) => spin(us),
});
