// threadlab's own pool in the deno race, served with the workspace's @threadlab/deno.
import { expose } from "@threadlab/deno/worker";
import { add, spin } from "./tasks.mjs";

expose({ add, spin });
