// poolifier passes one data value to the task function named in execute().
import { ThreadWorker } from "poolifier";
import { add, spin } from "./tasks.mjs";

export default new ThreadWorker({
  add: ([a, b]) => add(a, b),
  spin: ([us]) => spin(us),
});
