// Class breaks for choropleths, shared by the map client and the server-rendered maps. Pure functions
// over plain numbers, in the indicator's unit.
// A result of k classes is the k-1 inner breaks b1 < b2 < ...: class 0 is v < b1, class i is b_i ≤ v < b_{i+1}.
/** Classification methods: quantiles, equal intervals, natural breaks (Jenks), manual breaks. */
export type ClassMethod = 'quantiles' | 'equal' | 'jenks' | 'manual';

function clean(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

function dedupe(breaks: number[]): number[] {
  return breaks.filter((b, i) => i === 0 || b > breaks[i - 1]);
}

/** Returns the k-1 inner quantile breaks (values of the indicator), fewer when values repeat. */
export function quantileBreaks(values: readonly number[], k: number): number[] {
  const v = clean(values);
  if (v.length < 2 || k < 2) return [];
  const out: number[] = [];
  for (let i = 1; i < k; i++) {
    const pos = (i / k) * (v.length - 1);
    const lo = Math.floor(pos);
    out.push(v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (pos - lo));
  }
  return dedupe(out);
}

/** Returns the k-1 inner breaks of k equal intervals between min and max. */
export function equalBreaks(values: readonly number[], k: number): number[] {
  const v = clean(values);
  if (v.length < 2 || k < 2 || v[0] === v[v.length - 1]) return [];
  const min = v[0], step = (v[v.length - 1] - min) / k;
  return Array.from({ length: k - 1 }, (_, i) => min + step * (i + 1));
}

/**
 * Returns the k-1 inner Jenks natural breaks (Fisher's exact optimisation of within-class variance).
 * Above `maxSample` values a regular sample of the sorted values is used: O(k·n²) must stay interactive.
 */
export function jenksBreaks(values: readonly number[], k: number, maxSample = 1000): number[] {
  let v = clean(values);
  if (v.length > maxSample) {
    const step = (v.length - 1) / (maxSample - 1);
    v = Array.from({ length: maxSample }, (_, i) => v[Math.round(i * step)]);
  }
  const n = v.length;
  if (n < 2 || k < 2) return [];
  k = Math.min(k, n);
  // lower[i][j]: index (1-based) of the first value of class j in the best split of v[0..i-1].
  const lower: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(k + 1));
  const cost: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(k + 1).fill(Infinity));
  for (let j = 1; j <= k; j++) { lower[1][j] = 1; cost[1][j] = 0; }
  for (let i = 2; i <= n; i++) {
    let s = 0, s2 = 0, w = 0, variance = 0;
    for (let m = 1; m <= i; m++) {
      const lowIdx = i - m + 1;
      const val = v[lowIdx - 1];
      s += val; s2 += val * val; w++;
      variance = s2 - (s * s) / w;
      const prev = lowIdx - 1;
      if (prev !== 0) {
        for (let j = 2; j <= k; j++) {
          if (cost[i][j] >= variance + cost[prev][j - 1]) {
            lower[i][j] = lowIdx;
            cost[i][j] = variance + cost[prev][j - 1];
          }
        }
      }
    }
    lower[i][1] = 1;
    cost[i][1] = variance;
  }
  const out: number[] = [];
  let last = n;
  for (let j = k; j >= 2; j--) {
    const id = lower[last][j] - 1; // 0-based first index of class j
    out.unshift(v[id]);
    last = id;
  }
  return dedupe(out);
}

/** Returns the breaks of `method` for the values; 'manual' returns the given breaks, sorted. */
export function classBreaks(method: ClassMethod, values: readonly number[], k: number, manual: readonly number[] = []): number[] {
  switch (method) {
    case 'quantiles': return quantileBreaks(values, k);
    case 'equal': return equalBreaks(values, k);
    case 'jenks': return jenksBreaks(values, k);
    case 'manual': return dedupe(clean(manual));
  }
}

/** Returns the class index (0..breaks.length) of a value. */
export function classOf(value: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  return i;
}
