// The service page's pool worker: the spin kernel, served with the workspace's @threadlab/web.
import { spin } from "@threadlab/core";
import { expose } from "@threadlab/web/worker";

expose({ spin });
