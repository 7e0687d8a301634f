using System.Runtime.CompilerServices;

// The tests check internal numerics (the erfc fit, the portable logarithm and sine) directly.
[assembly: InternalsVisibleTo("AttentionGen.Runtime.Tests")]
