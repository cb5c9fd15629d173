// The benchmark kernels, served to the plan's pools from a module Web Worker.
import { benchWorkerApi } from "@threadlab/core";
import { expose } from "@threadlab/web/worker";

expose(benchWorkerApi);
