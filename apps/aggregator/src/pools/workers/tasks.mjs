// The work every contender runs, shared so only the pool differs between them.

export function add(a, b) {
  return a + b;
}

// Busy-waits on the clock rather than counting iterations, so ~us µs of CPU
// means the same on every machine; the loop count is returned so the work
// cannot be optimised away and the answer is a positive number.
export function spin(us) {
  const end = performance.now() + us / 1000;
  let loops = 0;
  while (performance.now() < end) loops++;
  return loops + 1;
}
