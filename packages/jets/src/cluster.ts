import { JetsError } from './errors.js';
import { fastjetRapidity, MAX_RAPIDITY, type Particles, toColumns } from './kinematics.js';

/**
 * The sequential recombination algorithms: the pp family d_ij = min(pt_i^2p, pt_j^2p) ΔR²/R²,
 * d_iB = pt_i^2p with p = −1 (anti-kt), 1 (kt), 0 (Cambridge/Aachen), and e+e− Durham (`ee_kt`),
 * d_ij = 2 min(E_i², E_j²)(1 − cos θ_ij), which merges everything into one jet.
 */
export type JetAlgorithm = 'antikt' | 'kt' | 'cambridge' | 'ee_kt';

/** What to cluster with. */
export interface JetDefinition {
  /** The algorithm. */
  readonly algorithm: JetAlgorithm;
  /**
   * The jet radius in (y, φ); ignored by `ee_kt`.
   * @defaultValue 0.4
   */
  readonly R?: number;
}

/**
 * The parents recorded for an input particle in the history (FastJet's `InexistentParent`).
 * @example `seq.parent1[0] === NO_PARENT` for any sequence with at least one particle.
 */
export const NO_PARENT = -2;
/**
 * The second parent of a history step in which a jet merged with the beam (FastJet's `BeamJet`).
 * @example `seq.parent2[2 * seq.nParticles - 1] === BEAM`: the last step is always a beam merge.
 */
export const BEAM = -1;

/**
 * The complete result of a clustering, FastJet's `ClusterSequence` as plain typed arrays.
 *
 * @remarks
 * Jets are numbered: 0 … n−1 are the input particles in input order, n, n+1, … the jets made by
 * each pairwise recombination in turn. The history has 2n entries: n for the particles, then one
 * per clustering step, in order (a pairwise merge, or a jet declared final by merging with the
 * beam), exactly as FastJet's `history()`.
 */
export interface ClusterSequence {
  /** The algorithm used. */
  readonly algorithm: JetAlgorithm;
  /** The radius used (4 for `ee_kt`, as in FastJet). */
  readonly R: number;
  /** Number of input particles. */
  readonly nParticles: number;
  /** Number of jets made (particles plus pairwise merges). */
  readonly nJets: number;
  /** x components of every jet, GeV (length ≥ nJets). */
  readonly px: Float64Array;
  /** y components of every jet, GeV. */
  readonly py: Float64Array;
  /** z components of every jet, GeV. */
  readonly pz: Float64Array;
  /** Energies of every jet, GeV. */
  readonly e: Float64Array;
  /** History index at which each jet was made. */
  readonly historyOfJet: Int32Array;
  /** First parent (history index) of each history entry; −2 for particles. */
  readonly parent1: Int32Array;
  /** Second parent (history index); −1 ({@link BEAM}) for a beam recombination, −2 for particles. */
  readonly parent2: Int32Array;
  /** Jet made by each history entry; −1 for a beam recombination. */
  readonly jetOfHistory: Int32Array;
  /** The distance d_ij (or d_iB) of each step, normalised as FastJet's `dij` (0 for particles). */
  readonly dij: Float64Array;
  /** The largest `dij` of this and all earlier steps. */
  readonly maxDijSoFar: Float64Array;
  /** Total energy of the input particles, GeV (FastJet's `Q()`). */
  readonly qTotal: number;
}

function momentumPower(algorithm: JetAlgorithm): number {
  switch (algorithm) {
    case 'kt':
      return 1;
    case 'cambridge':
      return 0;
    case 'antikt':
      return -1;
    default:
      return 1;
  }
}

/**
 * Clusters particles with a sequential recombination algorithm in the E-scheme, exactly as FastJet.
 *
 * @param particles - four-vectors (such as `FourVector` from `@apemen/fourvec`) or a structure of
 *   arrays; their order numbers the constituents
 * @param definition - algorithm and radius
 * @returns the full clustering sequence; read jets from it with `inclusiveJets`, `exclusiveJets`
 * @throws {@link JetsError} `JETS_BAD_PARTICLE` for a non-finite momentum,
 *   `JETS_BAD_PARAMETER` for R ≤ 0 or R not finite
 * @remarks
 * Distances are FastJet's to the last bit: rapidity from {@link fastjetRapidity}, φ in [0, 2π),
 * ΔR² = Δy² + Δφ², anti-kt weight 1/pt² (10³⁰⁰ for pt² ≤ 10⁻³⁰⁰). Pairs with ΔR² ≥ R² never merge.
 * Exact ties are broken as FastJet's N2Plain strategy breaks them (lowest slot of its compacted
 * jet table, which this code keeps the same way), so even tie-laden events give FastJet's history.
 * The search for nearest neighbours uses tiles of side ≥ R in (y, φ), so each step looks at the
 * 3×3 tiles around the jets that changed: O(N²) in the worst case with a small constant, and no
 * allocation per step. Durham (`ee_kt`) uses one tile: every pair is a candidate.
 * @example
 * ```ts
 * const seq = cluster([FourVector.fromPxPyPzE(10, 0, 0, 10), FourVector.fromPxPyPzE(0, 10, 0, 10)],
 *                     { algorithm: 'antikt', R: 0.4 });
 * inclusiveJets(seq).length; // 2 (the two are π/2 apart in φ)
 * ```
 * @see M. Cacciari, G. P. Salam, G. Soyez, "FastJet user manual", Eur. Phys. J. C72 (2012) 1896
 */
export function cluster(particles: Particles, definition: JetDefinition): ClusterSequence {
  const algorithm = definition.algorithm;
  const ee = algorithm === 'ee_kt';
  const R = ee ? 4 : (definition.R ?? 0.4);
  if (!ee && !(R > 0 && Number.isFinite(R))) {
    throw new JetsError('JETS_BAD_PARAMETER', `R must be a finite number > 0, got ${R}`);
  }
  const cols = toColumns(particles, (n) => Math.max(2 * n, 1));
  const n = cols.n;
  const { px, py, pz, e } = cols;
  const size = Math.max(2 * n, 1);
  const parent1 = new Int32Array(size);
  const parent2 = new Int32Array(size);
  const jetOfHistory = new Int32Array(size);
  const dij = new Float64Array(size);
  const maxDijSoFar = new Float64Array(size);
  const historyOfJet = new Int32Array(size);
  let qTotal = 0;
  for (let i = 0; i < n; i++) {
    parent1[i] = NO_PARENT;
    parent2[i] = NO_PARENT;
    jetOfHistory[i] = i;
    historyOfJet[i] = i;
    qTotal += e[i] as number;
  }
  const state: Sequencer = {
    n,
    px,
    py,
    pz,
    e,
    parent1,
    parent2,
    jetOfHistory,
    dij,
    maxDijSoFar,
    historyOfJet,
    nJets: n,
  };
  if (n > 0) run(state, ee, momentumPower(algorithm), R);
  return {
    algorithm,
    R,
    nParticles: n,
    nJets: state.nJets,
    px,
    py,
    pz,
    e,
    historyOfJet,
    parent1,
    parent2,
    jetOfHistory,
    dij,
    maxDijSoFar,
    qTotal,
  };
}

interface Sequencer {
  n: number;
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  e: Float64Array;
  parent1: Int32Array;
  parent2: Int32Array;
  jetOfHistory: Int32Array;
  dij: Float64Array;
  maxDijSoFar: Float64Array;
  historyOfJet: Int32Array;
  nJets: number;
}

/** Most tiles along the rapidity axis; beyond this tiles just get wider. */
const MAX_RAPIDITY_TILES = 512;

/**
 * The clustering loop, FastJet's N2Plain bookkeeping with a tiled neighbour search.
 *
 * Jets are identified by their index in the momentum columns. The "slot" table is FastJet's
 * compacted array of live jets: a pairwise merge puts the new jet in the lower of the two slots
 * and moves the last live jet into the upper one; a beam merge moves the last into the freed slot.
 * Scans for the smallest d_ij go in slot order with a strict `<`, and a jet's nearest neighbour
 * among equally near candidates is the lowest slot unless it already had one of them, as FastJet.
 */
function run(s: Sequencer, ee: boolean, power: number, R: number): void {
  const n = s.n;
  const { px, py, pz, e, parent1, parent2, jetOfHistory, dij, maxDijSoFar, historyOfJet } = s;
  const size = 2 * n;
  const R2 = R * R;
  const invR2 = ee ? 1 : 1 / R2;
  const PI = Math.PI;
  const TWO_PI = 2 * PI;

  // Per jet: coordinates for the distance (rapidity and φ, or the unit vector for e+e−),
  // momentum weight, nearest neighbour, tile and its links. Per slot: the jet there, its d_ij
  // (unnormalised, as FastJet's diJ table) and its place in the heap. Every entry is written
  // before it is read, so the arrays are reused from call to call.
  const w = workArrays(size);
  const { rap, phi, nz, weight, nn, nnDist, slotOf, tileOf, nextInTile, prevInTile } = w;
  const { slotJet, diJ, heap, heapPos } = w;

  const setCoordinates = (j: number): void => {
    const x = px[j] as number;
    const y = py[j] as number;
    const z = pz[j] as number;
    const en = e[j] as number;
    if (ee) {
      const norm2 = x * x + y * y + z * z;
      if (norm2 > 0) {
        const inv = 1 / Math.sqrt(norm2);
        rap[j] = inv * x;
        phi[j] = inv * y;
        nz[j] = inv * z;
      } else {
        rap[j] = 0;
        phi[j] = 0;
        nz[j] = 1;
      }
      weight[j] = en * en;
      return;
    }
    const kt2 = x * x + y * y;
    let f = kt2 === 0 ? 0 : Math.atan2(y, x);
    if (f < 0) f += TWO_PI;
    if (f >= TWO_PI) f -= TWO_PI;
    phi[j] = f;
    rap[j] = fastjetRapidity(x, y, z, en);
    if (power === 1) weight[j] = kt2;
    else if (power === 0) weight[j] = 1;
    else weight[j] = kt2 > 1e-300 ? 1 / kt2 : 1e300;
  };

  // In e+e− mode rap/phi/nz hold the unit vector (nx, ny, nz).
  const distance = (a: number, b: number): number => {
    if (ee) {
      return (
        (1 -
          (rap[a] as number) * (rap[b] as number) -
          (phi[a] as number) * (phi[b] as number) -
          (nz[a] as number) * (nz[b] as number)) *
        2
      );
    }
    let dphi = Math.abs((phi[a] as number) - (phi[b] as number));
    if (dphi > PI) dphi = TWO_PI - dphi;
    const drap = (rap[a] as number) - (rap[b] as number);
    return dphi * dphi + drap * drap;
  };

  for (let j = 0; j < n; j++) setCoordinates(j);

  // Tiles: side ≥ max(R, 0.1) in both directions so that any pair closer than R lies in the same
  // or adjacent tiles; rapidities beyond the edges go to the edge tiles.
  let nRap = 1;
  let nPhi = 1;
  let rapMin = 0;
  let rapWidth = 1;
  let phiWidth = TWO_PI;
  if (!ee) {
    // The factor 1 + 1e-9 keeps tile sides ≥ R after rounding of the divisions below.
    const side = Math.max(R, 0.1) * (1 + 1e-9);
    nPhi = Math.max(3, Math.floor(TWO_PI / side));
    phiWidth = TWO_PI / nPhi;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      const y = rap[j] as number;
      if (Math.abs(y) < MAX_RAPIDITY) {
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
    if (lo < hi) {
      nRap = Math.max(1, Math.min(MAX_RAPIDITY_TILES, Math.floor((hi - lo) / side)));
      rapMin = lo;
      rapWidth = Math.max(side, (hi - lo) / nRap);
    }
  }
  const nTiles = nRap * nPhi;
  const { neighbours, neighbourCount, tileRow, tileColumn } = tileLayout(nRap, nPhi);
  const tiles = tileArrays(nTiles, nRap);
  const { tileHead, tileStamp } = tiles;
  tileHead.fill(-1, 0, nTiles);
  tileStamp.fill(0, 0, nTiles);
  // Tile edges: the outer rapidity rows reach to ±∞.
  const { rowLow, rowHigh } = tiles;
  for (let iy = 0; iy < nRap; iy++) {
    rowLow[iy] = iy === 0 ? Number.NEGATIVE_INFINITY : rapMin + iy * rapWidth;
    rowHigh[iy] = iy === nRap - 1 ? Number.POSITIVE_INFINITY : rapMin + (iy + 1) * rapWidth;
  }
  // A lower bound on ΔR² from jet j to any point of tile t, shaded down by 1e-12 so that rounding
  // never skips a tile holding a jet at exactly the current best distance (a tie).
  const tileLowerBound = (j: number, t: number): number => {
    if (ee) return 0;
    const iy = tileRow[t] as number;
    const ip = tileColumn[t] as number;
    const y = rap[j] as number;
    const low = rowLow[iy] as number;
    const high = rowHigh[iy] as number;
    const dy = y < low ? low - y : y > high ? y - high : 0;
    const f = phi[j] as number;
    const a = ip * phiWidth;
    const b = ip === nPhi - 1 ? TWO_PI : a + phiWidth;
    let dphi = 0;
    if (f < a || f > b) {
      let da = Math.abs(f - a);
      if (da > PI) da = TWO_PI - da;
      let db = Math.abs(f - b);
      if (db > PI) db = TWO_PI - db;
      dphi = Math.min(da, db);
    }
    return (dy * dy + dphi * dphi) * (1 - 1e-12);
  };
  const tileIndex = (j: number): number => {
    if (ee) return 0;
    let iy = Math.floor(((rap[j] as number) - rapMin) / rapWidth);
    if (!(iy >= 0)) iy = 0;
    else if (iy >= nRap) iy = nRap - 1;
    let ip = Math.floor((phi[j] as number) / phiWidth);
    if (ip >= nPhi) ip = nPhi - 1;
    return iy * nPhi + ip;
  };
  const addToTile = (j: number): void => {
    const t = tileIndex(j);
    tileOf[j] = t;
    const head = tileHead[t] as number;
    nextInTile[j] = head;
    prevInTile[j] = -1;
    if (head >= 0) prevInTile[head] = j;
    tileHead[t] = j;
  };
  const removeFromTile = (j: number): void => {
    const prev = prevInTile[j] as number;
    const next = nextInTile[j] as number;
    if (prev >= 0) nextInTile[prev] = next;
    else tileHead[tileOf[j] as number] = next;
    if (next >= 0) prevInTile[next] = prev;
  };

  // Nearest neighbour of j among live jets within R, ties to the lowest slot.
  const findNeighbour = (j: number): void => {
    let best = R2;
    let bestJet = -1;
    const t = tileOf[j] as number;
    const count = neighbourCount[t] as number;
    const yj = rap[j] as number;
    const fj = phi[j] as number;
    for (let k = 0; k < count; k++) {
      const u = neighbours[t * 9 + k] as number;
      if (k > 0 && ((tileHead[u] as number) < 0 || tileLowerBound(j, u) > best)) continue;
      for (let i = tileHead[u] as number; i >= 0; ) {
        if (i !== j) {
          let d: number;
          if (ee) {
            d = distance(j, i);
          } else {
            // distance(j, i) written out: this is the hottest loop.
            let dphi = Math.abs(fj - (phi[i] as number));
            if (dphi > PI) dphi = TWO_PI - dphi;
            const drap = yj - (rap[i] as number);
            d = dphi * dphi + drap * drap;
          }
          if (
            d < best ||
            (d === best && bestJet >= 0 && (slotOf[i] as number) < (slotOf[bestJet] as number))
          ) {
            best = d;
            bestJet = i;
          }
        }
        i = nextInTile[i] as number;
      }
    }
    nn[j] = bestJet;
    nnDist[j] = best;
  };
  const jetDiJ = (j: number): number => {
    let w = weight[j] as number;
    const k = nn[j] as number;
    if (k >= 0) {
      const wk = weight[k] as number;
      if (wk < w) w = wk;
    }
    return (nnDist[j] as number) * w;
  };

  for (let j = 0; j < n; j++) {
    slotJet[j] = j;
    slotOf[j] = j;
    addToTile(j);
  }
  for (let j = 0; j < n; j++) findNeighbour(j);
  for (let j = 0; j < n; j++) diJ[j] = jetDiJ(j);

  // A binary heap of slots ordered by (diJ, slot): its top is what FastJet's linear scan with a
  // strict `<` finds, the smallest d_ij and among equals the lowest slot, in O(log N).
  let heapSize = n;
  const before = (a: number, b: number): boolean => {
    const da = diJ[a] as number;
    const db = diJ[b] as number;
    return da < db || (da === db && a < b);
  };
  const siftUp = (k: number): number => {
    const slot = heap[k] as number;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const above = heap[parent] as number;
      if (!before(slot, above)) break;
      heap[k] = above;
      heapPos[above] = k;
      k = parent;
    }
    heap[k] = slot;
    heapPos[slot] = k;
    return k;
  };
  const siftDown = (k: number): void => {
    const slot = heap[k] as number;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= heapSize) break;
      let child = left;
      const right = left + 1;
      if (right < heapSize && before(heap[right] as number, heap[left] as number)) child = right;
      const below = heap[child] as number;
      if (!before(below, slot)) break;
      heap[k] = below;
      heapPos[below] = k;
      k = child;
    }
    heap[k] = slot;
    heapPos[slot] = k;
  };
  const heapUpdate = (slot: number): void => {
    siftDown(siftUp(heapPos[slot] as number));
  };
  const heapRemove = (slot: number): void => {
    const k = heapPos[slot] as number;
    heapSize--;
    if (k === heapSize) return;
    const last = heap[heapSize] as number;
    heap[k] = last;
    heapPos[last] = k;
    siftDown(siftUp(k));
  };
  for (let k = 0; k < n; k++) {
    heap[k] = k;
    heapPos[k] = k;
  }
  for (let k = (n >> 1) - 1; k >= 0; k--) siftDown(k);

  const tilesToVisit = new Int32Array(27);
  let stamp = 0;
  let nVisit = 0;
  const markAround = (j: number): void => {
    const t = tileOf[j] as number;
    const count = neighbourCount[t] as number;
    for (let k = 0; k < count; k++) {
      const u = neighbours[t * 9 + k] as number;
      if (tileStamp[u] !== stamp) {
        tileStamp[u] = stamp;
        tilesToVisit[nVisit++] = u;
      }
    }
  };
  // Frees a slot the way FastJet compacts its table: the last live jet moves into it.
  const freeSlot = (slot: number, last: number): void => {
    heapRemove(last);
    if (slot !== last) {
      const moved = slotJet[last] as number;
      slotJet[slot] = moved;
      slotOf[moved] = slot;
      diJ[slot] = diJ[last] as number;
      heapUpdate(slot);
    }
  };

  let live = n;
  let history = n;
  let nextJet = n;
  while (live > 0) {
    const minSlot = heap[0] as number;
    const minDiJ = diJ[minSlot] as number;
    let jetA = slotJet[minSlot] as number;
    let jetB = nn[jetA] as number;
    const dStep = minDiJ * invR2;
    const previousMax = history > 0 ? (maxDijSoFar[history - 1] as number) : 0;
    let jetC = -1;
    stamp++;
    nVisit = 0;
    let nearC = 0;
    if (jetB >= 0) {
      if ((slotOf[jetA] as number) < (slotOf[jetB] as number)) {
        const swap = jetA;
        jetA = jetB;
        jetB = swap;
      }
      const slotA = slotOf[jetA] as number;
      const slotB = slotOf[jetB] as number;
      jetC = nextJet++;
      px[jetC] = (px[jetA] as number) + (px[jetB] as number);
      py[jetC] = (py[jetA] as number) + (py[jetB] as number);
      pz[jetC] = (pz[jetA] as number) + (pz[jetB] as number);
      e[jetC] = (e[jetA] as number) + (e[jetB] as number);
      const hA = historyOfJet[jetA] as number;
      const hB = historyOfJet[jetB] as number;
      parent1[history] = Math.min(hA, hB);
      parent2[history] = Math.max(hA, hB);
      jetOfHistory[history] = jetC;
      historyOfJet[jetC] = history;
      removeFromTile(jetA);
      removeFromTile(jetB);
      slotOf[jetA] = -1;
      slotOf[jetB] = -1;
      setCoordinates(jetC);
      addToTile(jetC);
      // C's own tile and its neighbours first: they hold C's nearest neighbour.
      markAround(jetC);
      nearC = nVisit;
      markAround(jetA);
      markAround(jetB);
      // The heap keeps B's stale d_ij in slotB until C's is known at the end of this step; the
      // step reads no d_ij before then, and the heap stays consistent with the stored values.
      slotJet[slotB] = jetC;
      slotOf[jetC] = slotB;
      live--;
      freeSlot(slotA, live);
    } else {
      parent1[history] = historyOfJet[jetA] as number;
      parent2[history] = BEAM;
      jetOfHistory[history] = -1;
      markAround(jetA);
      removeFromTile(jetA);
      const slotA = slotOf[jetA] as number;
      slotOf[jetA] = -1;
      live--;
      freeSlot(slotA, live);
    }
    dij[history] = dStep;
    maxDijSoFar[history] = Math.max(dStep, previousMax);
    history++;

    let bestC = R2;
    let bestCJet = -1;
    for (let v = 0; v < nVisit; v++) {
      const u = tilesToVisit[v] as number;
      if ((tileHead[u] as number) < 0) continue;
      // No jet of this tile is closer to C than this bound: skip C wherever the jet's own
      // neighbour and C's best so far are both nearer.
      const bound = v < nearC ? tileLowerBound(jetC, u) : Number.POSITIVE_INFINITY;
      for (let i = tileHead[u] as number; i >= 0; ) {
        if (i !== jetC) {
          let changed = false;
          const k = nn[i] as number;
          if (k === jetA || (k === jetB && k >= 0)) {
            findNeighbour(i);
            changed = true;
          }
          if (bound <= bestC || bound <= (nnDist[i] as number)) {
            const d = distance(i, jetC);
            if (d < (nnDist[i] as number)) {
              nn[i] = jetC;
              nnDist[i] = d;
              changed = true;
            }
            if (
              d < bestC ||
              (d === bestC && bestCJet >= 0 && (slotOf[i] as number) < (slotOf[bestCJet] as number))
            ) {
              bestC = d;
              bestCJet = i;
            }
          }
          if (changed) {
            const slot = slotOf[i] as number;
            diJ[slot] = jetDiJ(i);
            heapUpdate(slot);
          }
        }
        i = nextInTile[i] as number;
      }
    }
    if (jetC >= 0) {
      nn[jetC] = bestCJet;
      nnDist[jetC] = bestC;
      const slot = slotOf[jetC] as number;
      diJ[slot] = jetDiJ(jetC);
      heapUpdate(slot);
    }
  }
  s.nJets = nextJet;
}

interface WorkArrays {
  capacity: number;
  rap: Float64Array;
  phi: Float64Array;
  nz: Float64Array;
  weight: Float64Array;
  nn: Int32Array;
  nnDist: Float64Array;
  slotOf: Int32Array;
  tileOf: Int32Array;
  nextInTile: Int32Array;
  prevInTile: Int32Array;
  slotJet: Int32Array;
  diJ: Float64Array;
  heap: Int32Array;
  heapPos: Int32Array;
}

let work: WorkArrays | undefined;

/** Largest work arrays kept between calls (about 16 MB in all); larger events get their own. */
const MAX_KEPT_CAPACITY = 1 << 17;

/** Work arrays of at least `size` entries; clustering is synchronous, so one set serves all. */
function workArrays(size: number): WorkArrays {
  if (work === undefined || work.capacity < size) {
    const c = Math.max(size, Math.min(2 * (work?.capacity ?? 0), MAX_KEPT_CAPACITY), 64);
    const fresh: WorkArrays = {
      capacity: c,
      rap: new Float64Array(c),
      phi: new Float64Array(c),
      nz: new Float64Array(c),
      weight: new Float64Array(c),
      nn: new Int32Array(c),
      nnDist: new Float64Array(c),
      slotOf: new Int32Array(c),
      tileOf: new Int32Array(c),
      nextInTile: new Int32Array(c),
      prevInTile: new Int32Array(c),
      slotJet: new Int32Array(c),
      diJ: new Float64Array(c),
      heap: new Int32Array(c),
      heapPos: new Int32Array(c),
    };
    if (c > MAX_KEPT_CAPACITY) return fresh;
    work = fresh;
  }
  return work;
}

interface TileArrays {
  tileHead: Int32Array;
  tileStamp: Int32Array;
  rowLow: Float64Array;
  rowHigh: Float64Array;
}

let tileWork: TileArrays | undefined;

function tileArrays(nTiles: number, nRap: number): TileArrays {
  if (
    tileWork === undefined ||
    tileWork.tileHead.length < nTiles ||
    tileWork.rowLow.length < nRap
  ) {
    const t = Math.max(nTiles, 2 * (tileWork?.tileHead.length ?? 0), 64);
    const r = Math.max(nRap, 2 * (tileWork?.rowLow.length ?? 0), 16);
    tileWork = {
      tileHead: new Int32Array(t),
      tileStamp: new Int32Array(t),
      rowLow: new Float64Array(r),
      rowHigh: new Float64Array(r),
    };
  }
  return tileWork;
}

interface TileLayout {
  neighbours: Int32Array;
  neighbourCount: Int32Array;
  tileRow: Int32Array;
  tileColumn: Int32Array;
}

const layouts = new Map<number, TileLayout>();

/**
 * The neighbours (itself first, then the up to 8 around it, φ wrapping) of every tile of an
 * nRap × nPhi grid, kept for reuse: events of one kind give a handful of grid shapes.
 */
function tileLayout(nRap: number, nPhi: number): TileLayout {
  const key = nRap * 4096 + nPhi;
  const known = layouts.get(key);
  if (known !== undefined) return known;
  const nTiles = nRap * nPhi;
  const neighbours = new Int32Array(nTiles * 9);
  const neighbourCount = new Int32Array(nTiles);
  const tileRow = new Int32Array(nTiles);
  const tileColumn = new Int32Array(nTiles);
  for (let iy = 0; iy < nRap; iy++) {
    for (let ip = 0; ip < nPhi; ip++) {
      const t = iy * nPhi + ip;
      tileRow[t] = iy;
      tileColumn[t] = ip;
      neighbours[t * 9] = t;
      let count = 1;
      for (let dy = -1; dy <= 1; dy++) {
        const y = iy + dy;
        if (y < 0 || y >= nRap) continue;
        for (let dp = -1; dp <= 1; dp++) {
          const u = y * nPhi + ((ip + dp + nPhi) % nPhi);
          // With nPhi ≥ 3 the three φ columns are distinct; only e+e− has a single tile.
          if (u !== t) neighbours[t * 9 + count++] = u;
        }
      }
      neighbourCount[t] = count;
    }
  }
  if (layouts.size >= 64) layouts.clear();
  const layout = { neighbours, neighbourCount, tileRow, tileColumn };
  layouts.set(key, layout);
  return layout;
}
