import { known, partsFor, ranges, type Workload } from "./types.ts";

const PI = Math.PI;
const SOLAR_MASS = 4 * PI * PI;
const DAYS_PER_YEAR = 365.24;

type Body = [x: number, y: number, z: number, vx: number, vy: number, vz: number, mass: number];

function system(): Body[] {
  const d = DAYS_PER_YEAR;
  const m = SOLAR_MASS;
  const bodies: Body[] = [
    [0, 0, 0, 0, 0, 0, m],
    // Jupiter, Saturn, Uranus, Neptune
    [4.8414314424647209, -1.16032004402742839, -1.03622044471123109e-1, 1.66007664274403694e-3 * d, 7.69901118419740425e-3 * d, -6.90460016972063023e-5 * d, 9.54791938424326609e-4 * m],
    [8.34336671824457987, 4.12479856412430479, -4.03523417114321381e-1, -2.76742510726862411e-3 * d, 4.99852801234917238e-3 * d, 2.30417297573763929e-5 * d, 2.85885980666130812e-4 * m],
    [1.2894369562139131e1, -1.51111514016986312e1, -2.23307578892655734e-1, 2.96460137564761618e-3 * d, 2.3784717395948095e-3 * d, -2.96589568540237556e-5 * d, 4.36624404335156298e-5 * m],
    [1.53796971148509165e1, -2.59193146099879641e1, 1.79258772950371181e-1, 2.68067772490389322e-3 * d, 1.62824170038242295e-3 * d, -9.5159225451971587e-5 * d, 5.15138902046611451e-5 * m],
  ];
  // Offset the Sun's momentum so the system's total is zero.
  let px = 0;
  let py = 0;
  let pz = 0;
  for (const b of bodies) {
    px += b[3] * b[6];
    py += b[4] * b[6];
    pz += b[5] * b[6];
  }
  bodies[0]![3] = -px / m;
  bodies[0]![4] = -py / m;
  bodies[0]![5] = -pz / m;
  return bodies;
}

function energy(bodies: Body[]): number {
  let e = 0;
  for (let i = 0; i < bodies.length; i++) {
    const a = bodies[i]!;
    e += 0.5 * a[6] * (a[3] * a[3] + a[4] * a[4] + a[5] * a[5]);
    for (let j = i + 1; j < bodies.length; j++) {
      const b = bodies[j]!;
      const dx = a[0] - b[0];
      const dy = a[1] - b[1];
      const dz = a[2] - b[2];
      e -= (a[6] * b[6]) / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

function advance(bodies: Body[], dt: number): void {
  const n = bodies.length;
  for (let i = 0; i < n; i++) {
    const a = bodies[i]!;
    for (let j = i + 1; j < n; j++) {
      const b = bodies[j]!;
      const dx = a[0] - b[0];
      const dy = a[1] - b[1];
      const dz = a[2] - b[2];
      const d2 = dx * dx + dy * dy + dz * dz;
      const mag = dt / (d2 * Math.sqrt(d2));
      a[3] -= dx * b[6] * mag;
      a[4] -= dy * b[6] * mag;
      a[5] -= dz * b[6] * mag;
      b[3] += dx * a[6] * mag;
      b[4] += dy * a[6] * mag;
      b[5] += dz * a[6] * mag;
    }
  }
  for (const b of bodies) {
    b[0] += dt * b[3];
    b[1] += dt * b[4];
    b[2] += dt * b[5];
  }
}

interface Leg {
  /** The bodies, 7 numbers each, flat: a message carries them the same way whatever the transport. */
  state: Float64Array;
  steps: number;
}

const FIELDS = 7;

/** Fresh tuples from the flat state: packed double arrays, however the message rebuilt its input. */
function unpack(state: Float64Array): Body[] {
  const bodies: Body[] = [];
  for (let o = 0; o < state.length; o += FIELDS) {
    bodies.push([state[o]!, state[o + 1]!, state[o + 2]!, state[o + 3]!, state[o + 4]!, state[o + 5]!, state[o + 6]!]);
  }
  return bodies;
}

function pack(bodies: Body[]): Float64Array {
  const state = new Float64Array(bodies.length * FIELDS);
  bodies.forEach((b, i) => state.set(b, i * FIELDS));
  return state;
}

/** The system after `steps` more steps of 0.01: one leg of the journey. */
function leg({ state, steps }: Leg): Float64Array {
  const bodies = unpack(state);
  for (let i = 0; i < steps; i++) advance(bodies, 0.01);
  return pack(bodies);
}

/** Published outputs by step count. */
export const N_BODY: Record<number, string> = {
  1000: "-0.169075164\n-0.169087605",
  10_000: "-0.169075164\n-0.169016441",
  100_000: "-0.169075164\n-0.169079859",
  500_000: "-0.169075164\n-0.169096567",
  1_000_000: "-0.169075164\n-0.169086185",
  5_000_000: "-0.169075164\n-0.169083134",
  10_000_000: "-0.169075164\n-0.169077842",
  50_000_000: "-0.169075164\n-0.169059907",
};

export const nBody: Workload<string> = {
  name: "n-body",
  title: "N-body",
  description:
    "Five planets stepped through time: each step needs the one before, so it cannot be split. Workers add only overhead: the honest serial case.",
  kind: "cpu",
  sizes: { smoke: 1000, quick: 100_000, default: 1_000_000, full: 5_000_000 },
  kernels: { leg },
  async run(steps, exec) {
    // The journey in legs, each a kernel call that needs the one before: a
    // hot function called repeatedly in every strategy (not one long loop
    // entered once), and still no parallelism to be had.
    const start = system();
    const before = energy(start).toFixed(9);
    let state = pack(start);
    for (const [a, b] of ranges(steps, partsFor(exec, 1))) {
      const [next] = await exec.map<Leg, Float64Array>("leg", [{ state, steps: b - a }]);
      state = next!;
    }
    return `${before}\n${energy(unpack(state)).toFixed(9)}`;
  },
  verify(steps, output) {
    return known(N_BODY[steps] ?? "(no known answer)", output, "published Benchmarks Game output");
  },
};
