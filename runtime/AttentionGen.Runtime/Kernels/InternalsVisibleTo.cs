using System.Runtime.CompilerServices;

// The tests check internal numerics (the erfc fit, the portable logarithm and sine) directly.
[assembly: InternalsVisibleTo("AttentionGen.Runtime.Tests")]

// The benchmarks time the GEMM's microkernel and its serial and threaded paths separately.
[assembly: InternalsVisibleTo("AttentionGen.Bench")]

// The models' allocation tests size a training step from the GEMM's threading threshold, so they keep reaching the pool.
[assembly: InternalsVisibleTo("AttentionGen.Models.Tests")]
