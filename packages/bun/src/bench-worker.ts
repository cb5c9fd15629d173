import { benchWorkerApi } from "@threadlab/core";
import { expose } from "./worker.ts";

expose(benchWorkerApi);
