/**
 * The observables a report compares: jets (anti-kt) and event-level quantities of each event,
 * collected into typed columns while the events stream past.
 */
import { type GenEvent, visible } from '@apemen/eventio';
import { clusterJets, constituentMomenta, dijet, tau21 } from '@apemen/jets';

/** How an observable is binned. */
export type ObservableKind = 'continuous' | 'count';

/** The description of one observable. */
export interface ObservableInfo {
  /** Identifier, used in metrics.json and file names (`jet1_pt`). */
  name: string;
  /** Axis title with unit (`leading jet pT [GeV]`). */
  title: string;
  /** Whole numbers (binned at half-integers) or real values. */
  kind: ObservableKind;
}

/** Settings of the jet observables. */
export interface JetSettings {
  /**
   * Anti-kt radius.
   * @defaultValue 0.4
   */
  R: number;
  /**
   * Smallest jet pT, GeV.
   * @defaultValue 20
   */
  ptMin: number;
}

/**
 * The jet-multiplicity thresholds of a report: ptMin and the fixed 50 and 100 GeV above it.
 *
 * @param ptMin - the jet threshold of the clustering, GeV
 * @returns ascending thresholds ≥ ptMin, without repeats
 * @example `multiplicityThresholds(20)` is `[20, 50, 100]`; `multiplicityThresholds(60)` is `[60, 100]`.
 */
export function multiplicityThresholds(ptMin: number): number[] {
  return [ptMin, 50, 100].filter((t, i) => i === 0 || t > ptMin);
}

/**
 * The observables of a report, in the order they are shown.
 *
 * @param settings - jet radius and threshold (they name the multiplicity observables)
 * @returns one description per observable
 * @remarks
 * Per-jet observables belong to the leading (jet1) and subleading (jet2) anti-kt jets above
 * ptMin; an event without such a jet has no value for them (NaN in the columns), so their
 * distributions are conditional on the jet existing. The jet multiplicities say how often that is.
 * @example `observableList({ R: 0.4, ptMin: 20 })[0].name` is `'jet1_pt'`.
 */
export function observableList(settings: JetSettings): ObservableInfo[] {
  const list: ObservableInfo[] = [
    { name: 'jet1_pt', title: 'leading jet pT [GeV]', kind: 'continuous' },
    { name: 'jet2_pt', title: 'subleading jet pT [GeV]', kind: 'continuous' },
    { name: 'jet1_rapidity', title: 'leading jet rapidity', kind: 'continuous' },
    { name: 'jet2_rapidity', title: 'subleading jet rapidity', kind: 'continuous' },
    { name: 'jet1_mass', title: 'leading jet mass [GeV]', kind: 'continuous' },
    { name: 'jet2_mass', title: 'subleading jet mass [GeV]', kind: 'continuous' },
    { name: 'jet1_constituents', title: 'leading jet constituents', kind: 'count' },
    { name: 'jet2_constituents', title: 'subleading jet constituents', kind: 'count' },
    { name: 'jet1_tau21', title: 'leading jet τ21 (β = 1)', kind: 'continuous' },
  ];
  for (const t of multiplicityThresholds(settings.ptMin)) {
    list.push({ name: `njets_${t}`, title: `jets with pT ≥ ${t} GeV`, kind: 'count' });
  }
  list.push(
    { name: 'dijet_dphi', title: 'dijet Δφ', kind: 'continuous' },
    { name: 'dijet_mass', title: 'dijet mass [GeV]', kind: 'continuous' },
    { name: 'n_final', title: 'visible final-state particles', kind: 'count' },
    { name: 'visible_pt', title: 'scalar sum of visible pT [GeV]', kind: 'continuous' },
  );
  return list;
}

/** Observable values and weights of a sample, one entry per event. */
export interface ObservableColumns {
  /** Number of events. */
  readonly events: number;
  /** The first (nominal) weight of each event; 1 for events without weights. */
  readonly weights: Float64Array;
  /** Values per observable name, NaN where the event has none. */
  readonly values: ReadonlyMap<string, Float64Array>;
}

/**
 * Collects the observables of events one at a time into growing typed columns.
 *
 * @remarks
 * Memory is 8 bytes per observable and event (about 150 bytes an event), so millions of events
 * fit; the events themselves are not kept.
 * @example
 * ```ts
 * const collector = new ObservableCollector({ R: 0.4, ptMin: 20 });
 * for await (const event of readEvents('a.hepmc3')) collector.add(event);
 * collector.columns().values.get('jet1_pt');
 * ```
 */
export class ObservableCollector {
  /** The observables collected, in order. */
  readonly observables: readonly ObservableInfo[];
  private readonly settings: JetSettings;
  private readonly thresholds: number[];
  private capacity = 1024;
  private count = 0;
  private weights = new Float64Array(this.capacity);
  private readonly columnsByName = new Map<string, Float64Array>();
  private readonly row: Float64Array;

  /** @param settings - jet radius and threshold */
  constructor(settings: JetSettings) {
    this.settings = settings;
    this.observables = observableList(settings);
    this.thresholds = multiplicityThresholds(settings.ptMin);
    this.row = new Float64Array(this.observables.length);
    for (const o of this.observables) {
      this.columnsByName.set(o.name, new Float64Array(this.capacity));
    }
  }

  /** Number of events added so far. */
  get events(): number {
    return this.count;
  }

  /**
   * Adds one event.
   * @param event - the event; its status-1 non-neutrino particles are used, MeV converted to GeV
   * @throws the jets package's `JetsError` for a non-finite momentum
   */
  add(event: GenEvent): void {
    if (this.count === this.capacity) this.grow();
    eventObservables(event, this.settings, this.thresholds, this.row);
    let k = 0;
    for (const column of this.columnsByName.values()) {
      column[this.count] = this.row[k++] as number;
    }
    const w = event.weights[0];
    this.weights[this.count] = w === undefined ? 1 : w;
    this.count += 1;
  }

  /**
   * The columns collected so far (views of the collector's buffers, trimmed to the events added).
   * @returns weights and values
   */
  columns(): ObservableColumns {
    const values = new Map<string, Float64Array>();
    for (const [name, column] of this.columnsByName)
      values.set(name, column.subarray(0, this.count));
    return { events: this.count, weights: this.weights.subarray(0, this.count), values };
  }

  private grow(): void {
    this.capacity *= 2;
    const weights = new Float64Array(this.capacity);
    weights.set(this.weights);
    this.weights = weights;
    for (const [name, column] of this.columnsByName) {
      const larger = new Float64Array(this.capacity);
      larger.set(column);
      this.columnsByName.set(name, larger);
    }
  }
}

/**
 * Computes the observables of one event into `out`, in the order of {@link observableList}.
 *
 * @param event - the event
 * @param settings - jet radius and threshold
 * @param thresholds - the multiplicity thresholds ({@link multiplicityThresholds})
 * @param out - one slot per observable; NaN where the event has no value
 * @returns `out`
 * @throws the jets package's `JetsError` for a non-finite momentum
 * @remarks
 * Jets are anti-kt (E-scheme, FastJet's conventions) of the visible final state: status 1 without
 * neutrinos. τ21 uses exclusive-kt axes and β = 1; a one-constituent jet has none (NaN).
 */
export function eventObservables(
  event: GenEvent,
  settings: JetSettings,
  thresholds: readonly number[],
  out: Float64Array,
): Float64Array {
  const scale = event.units.momentum === 'MEV' ? 1e-3 : 1;
  const particles = visible(event);
  const n = particles.length;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const pz = new Float64Array(n);
  const e = new Float64Array(n);
  let sumPt = 0;
  for (let i = 0; i < n; i++) {
    const m = (particles[i] as (typeof particles)[number]).momentum;
    px[i] = m.px * scale;
    py[i] = m.py * scale;
    pz[i] = m.pz * scale;
    e[i] = m.e * scale;
    sumPt += Math.hypot(px[i] as number, py[i] as number);
  }
  const columns = { px, py, pz, e };
  const jets = clusterJets(columns, { algorithm: 'antikt', R: settings.R, ptMin: settings.ptMin });
  const j1 = jets[0];
  const j2 = jets[1];
  let k = 0;
  out[k++] = j1 ? j1.pt : Number.NaN;
  out[k++] = j2 ? j2.pt : Number.NaN;
  out[k++] = j1 ? j1.rapidity : Number.NaN;
  out[k++] = j2 ? j2.rapidity : Number.NaN;
  out[k++] = j1 ? j1.mass : Number.NaN;
  out[k++] = j2 ? j2.mass : Number.NaN;
  out[k++] = j1 ? j1.constituents.length : Number.NaN;
  out[k++] = j2 ? j2.constituents.length : Number.NaN;
  out[k++] = j1 ? tau21(constituentMomenta(columns, j1.constituents)) : Number.NaN;
  for (const t of thresholds) {
    let count = 0;
    for (const jet of jets) if (jet.pt >= t) count += 1;
    out[k++] = count;
  }
  const pair = dijet(jets);
  out[k++] = pair ? pair.deltaPhi : Number.NaN;
  out[k++] = pair ? pair.mass : Number.NaN;
  out[k++] = n;
  out[k++] = sumPt;
  return out;
}
