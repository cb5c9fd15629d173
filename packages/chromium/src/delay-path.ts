/**
 * The route on the page's own origin that answers after `?ms=N` milliseconds:
 * a page cannot start a server, so its loopback I/O (the async scenario) goes there.
 */
export const DELAY_PATH = "/__threadlab/delay";
