import type { Momentum } from './kinematics.js';

/** Colour tags of one parton: `colour` and `anticolour`, 0 for none. */
export interface ColourTags {
  /** Colour line tag, 0 for none. */
  colour: number;
  /** Anticolour line tag, 0 for none. */
  anticolour: number;
}

/**
 * Lists the ways in which a set of partons breaks leading-colour conservation.
 *
 * @param outgoing - the outgoing partons
 * @param incoming - incoming partons, whose colour counts as an outgoing anticolour and vice
 *   versa
 * @defaultValue incoming = []
 * @returns one message per broken tag (empty when every tag is used exactly once as a colour and
 *   once as an anticolour, counting incoming tags crosswise), and per gluon whose two tags are equal
 * @example
 * ```ts
 * colourFlowProblems([{ colour: 501, anticolour: 0 }, { colour: 0, anticolour: 501 }]); // []
 * colourFlowProblems([{ colour: 501, anticolour: 0 }]); // ['tag 501: 1 colour, 0 anticolour']
 * ```
 */
export function colourFlowProblems(
  outgoing: readonly ColourTags[],
  incoming: readonly ColourTags[] = [],
): string[] {
  const count = new Map<number, [number, number]>();
  const add = (tag: number, which: 0 | 1) => {
    if (tag === 0) return;
    const c = count.get(tag) ?? [0, 0];
    c[which]++;
    count.set(tag, c);
  };
  for (const p of outgoing) {
    add(p.colour, 0);
    add(p.anticolour, 1);
  }
  for (const p of incoming) {
    add(p.colour, 1);
    add(p.anticolour, 0);
  }
  const problems: string[] = [];
  for (const [tag, [c, a]] of count) {
    if (c !== 1 || a !== 1) problems.push(`tag ${tag}: ${c} colour, ${a} anticolour`);
  }
  for (const p of [...outgoing, ...incoming]) {
    if (p.colour !== 0 && p.colour === p.anticolour)
      problems.push(`tag ${p.colour} is both colour and anticolour of one parton`);
  }
  return problems;
}

/**
 * The largest relative four-momentum imbalance between two sets of momenta.
 *
 * @param before - the momenta going in
 * @param after - the momenta coming out
 * @returns max over components |Σafter − Σbefore| divided by the total energy Σbefore E
 * @example `momentumImbalance([{ px: 0, py: 0, pz: 0, e: 2 }], [{ px: 1, py: 0, pz: 0, e: 1 }, { px: -1, py: 0, pz: 0, e: 1 }])` is `0`.
 */
export function momentumImbalance(before: readonly Momentum[], after: readonly Momentum[]): number {
  const sum = (list: readonly Momentum[]): [number, number, number, number] => {
    const s: [number, number, number, number] = [0, 0, 0, 0];
    for (const p of list) {
      s[0] += p.px;
      s[1] += p.py;
      s[2] += p.pz;
      s[3] += p.e;
    }
    return s;
  };
  const a = sum(before);
  const b = sum(after);
  return Math.max(...a.map((v, i) => Math.abs(b[i as 0] - v))) / a[3];
}
