import { adapterBuild } from "../../scripts/adapter-build.ts";

// The npm tarball's dist/. In the workspace Bun runs src/ as it is.
export default adapterBuild({ external: [/^bun:/] });
