export { default } from "../../scripts/browser-tests.vitest.ts";
