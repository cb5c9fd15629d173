// workerpool spreads its params array over the registered function, like a normal call.
import workerpool from "workerpool";
import { add, spin } from "./tasks.mjs";

workerpool.worker({ add, spin });
