/** A deterministic generator in [-0.5, 0.5) (Park-Miller), so toy training data is the same every run. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

/** Three noisy clusters in 8 dims; class c is centred on axis c. */
export function clusters(perClass: number[], spread: number): { x: Float32Array[]; y: number[] } {
  const rand = seeded(7);
  const x: Float32Array[] = [];
  const y: number[] = [];
  perClass.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      x.push(Float32Array.from({ length: 8 }, (_, j) => (j === c ? 1 : 0) + spread * rand()));
      y.push(c);
    }
  });
  return { x, y };
}
