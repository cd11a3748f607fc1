// Types of seeded-random.js (plain JS so Node scripts and the bench can import it too).
export declare function seededRandom(seed: number): () => number
