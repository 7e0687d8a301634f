using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AttentionGen.Runtime;

/// <summary>
/// A model's nn.Linear weights packed into the matrix products' panels and kept between calls while the weights are
/// unchanged, for serving: the model's inference sessions (and an inference-only model) pack each weight once instead
/// of at every forward pass, which at a batch of one sequence is a large share of the pass. One copy per model, shared
/// by all its sessions: about the size of the weights the forward pass multiplies by.
/// <para>
/// While <see cref="Use"/>'s scope is open on a thread, every <see cref="Linear"/> forward product on that thread whose
/// weight lies in the model's parameter array reads its panels from here. The model counts changes of its parameters
/// (every read of its <c>Parameters</c> property counts as one, since that is how weights get written); a panel packed
/// for another count is packed again, in place, at its next use. Sessions on several threads look panels up under a
/// lock; repacking in place while another call reads the panel can only happen when the weights changed during that
/// call, which the sessions' contract already rules out (a data race on the weights themselves). The panels hold the
/// same values in the same places as a product's own packing, so outputs are the same bits with or without the cache.
/// </para>
/// </summary>
public sealed unsafe class WeightPanels
{
    [ThreadStatic]
    private static WeightPanels? t_current;

    [ThreadStatic]
    private static long t_version;

    private readonly float[] _parameters;
    private readonly Dictionary<(long Offset, int Rows, int Columns), Panels> _panels = new();
    private readonly object _gate = new();

    /// <summary>A cache for the weights that live in <paramref name="parameters"/> (a model's parameter array).</summary>
    public WeightPanels(float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
    }

    /// <summary>Floats the packed panels take so far: about the size of the weights the forward passes used.</summary>
    public long PackedFloats
    {
        get
        {
            lock (_gate)
            {
                return _packedFloats;
            }
        }
    }

    private long _packedFloats;

    /// <summary>
    /// Makes <paramref name="cache"/> the one the calling thread's forward products read until the returned scope is
    /// disposed (a null cache: products pack their weights as usual). <paramref name="parameterVersion"/> is the
    /// model's count of parameter changes: panels packed for another count are packed again when next used.
    /// </summary>
    public static Scope Use(WeightPanels? cache, long parameterVersion)
    {
        var scope = new Scope(t_current, t_version);
        if (cache is not null)
        {
            t_current = cache;
            t_version = parameterVersion;
        }

        return scope;
    }

    /// <summary>
    /// The packed panels of <paramref name="weight"/>, (<paramref name="rows"/>, <paramref name="columns"/>), when the
    /// thread has a cache open and the weight lives in its parameters; otherwise null. Packs them if this is their
    /// first use since the parameters changed.
    /// </summary>
    internal static float* Find(ReadOnlySpan<float> weight, int rows, int columns) =>
        t_current is { } cache ? cache.Lookup(weight, rows, columns, t_version) : null;

    private float* Lookup(ReadOnlySpan<float> weight, int rows, int columns, long version)
    {
        if (weight.IsEmpty)
        {
            return null;
        }

        // Only weights inside this model's parameter array: anything else (a test's own array) packs as usual.
        long byteOffset = Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(_parameters), ref MemoryMarshal.GetReference(weight));
        if (byteOffset < 0 || byteOffset % sizeof(float) != 0 || (byteOffset / sizeof(float)) + weight.Length > _parameters.Length)
        {
            return null;
        }

        var key = (byteOffset / sizeof(float), rows, columns);
        bool wide = GemmOptions.Default.Vector512;
        lock (_gate)
        {
            if (!_panels.TryGetValue(key, out var panels))
            {
                long length = GemmPlan.PackedWeightLength(rows, columns, wide);
                // Pinned: the products read the panels through a pointer kept across calls.
                panels = new Panels(GC.AllocateUninitializedArray<float>(checked((int)length), pinned: true));
                _panels.Add(key, panels);
                _packedFloats += length;
            }

            float* packed = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(panels.Values));
            if (panels.Version != version)
            {
                fixed (float* w = weight)
                {
                    GemmPlan.PackWeight(w, rows, columns, wide, packed);
                }

                panels.Version = version;
            }

            return packed;
        }
    }

    /// <summary>Restores the thread's previous cache when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly WeightPanels? _previous;
        private readonly long _previousVersion;

        internal Scope(WeightPanels? previous, long previousVersion)
        {
            _previous = previous;
            _previousVersion = previousVersion;
        }

        /// <summary>Ends the scope.</summary>
        public void Dispose()
        {
            t_current = _previous;
            t_version = _previousVersion;
        }
    }

    private sealed class Panels
    {
        public Panels(float[] values) => Values = values;

        public float[] Values { get; }

        public long Version { get; set; } = -1;
    }
}
