using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>
/// Sessions read the model's parameters live, at every call: weights loaded or changed between calls are what the
/// next call of every existing session computes with.
/// </summary>
public class SessionWeightsTests
{
    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void Sessions_compute_with_weights_loaded_after_they_were_created(string name)
    {
        var serving = ServingCase.Named(name);
        var served = serving.Create(seed: 31, maxBatch: 3, inferenceOnly: true);
        var other = serving.Create(seed: 32, maxBatch: 3);
        var requests = Enumerable.Range(0, 4).Select(i => serving.Draw(new Random(31 + i), maxBatch: 3)).ToArray();
        using var session = ServingCase.CreateSession(served, maxBatch: 3);
        using var idle = ServingCase.CreateSession(served, maxBatch: 3); // created before the load, first called after it
        foreach (var request in requests)
            Bits.AssertIdentical(ServingCase.Run(served, request).ToArray(), ServingCase.Run(session, request), $"{name}, before the load");

        string path = Path.Combine(Path.GetTempPath(), "attentiongen-serving-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            Checkpoint.SaveWeights(other, path);
            Checkpoint.LoadWeights(served, path);
        }
        finally
        {
            File.Delete(path);
        }

        foreach (var request in requests)
        {
            float[] expected = ServingCase.Run(other, request).ToArray();
            Bits.AssertIdentical(expected, ServingCase.Run(session, request), $"{name}, a session used before the load ({request})");
            Bits.AssertIdentical(expected, ServingCase.Run(idle, request), $"{name}, a session first used after the load ({request})");
        }
    }

    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void Sessions_see_a_change_to_one_parameter_at_their_next_call(string name)
    {
        var serving = ServingCase.Named(name);
        var model = serving.Create(seed: 33, maxBatch: 2);
        var request = serving.Draw(new Random(33), maxBatch: 2);
        using var session = ServingCase.CreateSession(model, maxBatch: 2);
        float[] before = ServingCase.Run(session, request).ToArray();

        // Scale every weight of the last parameter (the output layer's bias or weight): the output must move.
        var last = model.ParameterInfos[^1];
        foreach (ref float value in model.Parameters.Slice(last.Offset, last.Length)) value = value * 2f + 0.5f;

        float[] after = ServingCase.Run(session, request).ToArray();
        Assert.True(Bits.FirstDifference(before, after) >= 0, $"{name}: changing {last.Name} did not change the session's output.");
        Bits.AssertIdentical(ServingCase.Run(model, request).ToArray(), after, $"{name}, after changing {last.Name}");
    }
}
