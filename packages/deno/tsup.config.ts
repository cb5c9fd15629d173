import { adapterBuild } from "../../scripts/adapter-build.ts";

// The npm tarball's dist/. In the workspace and on JSR, Deno runs src/ as it is.
export default adapterBuild();
