// threadlab's own pool in the Chromium race (bundled into the page), served with the workspace's @threadlab/web.
import { expose } from "@threadlab/web/worker";
import { add, spin } from "./tasks.mjs";

expose({ add, spin });
