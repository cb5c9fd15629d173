// threadlab's own pool in the bun race, served with the workspace's @threadlab/bun.
import { expose } from "@threadlab/bun/worker";
import { add, spin } from "./tasks.mjs";

expose({ add, spin });
