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
    /// <summary>
    /// Sessions and an inference-only model keep their weights packed for the matrix products between calls: a change
    /// to every weight matrix made through Parameters is packed again at the next call, bit for bit what a trainable
    /// model (which packs at every call) computes.
    /// </summary>
    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void Packed_weights_follow_a_change_to_every_weight_matrix(string name)
    {
        var serving = ServingCase.Named(name);
        var trainable = serving.Create(seed: 34, maxBatch: 2);
        var inferenceOnly = serving.Create(seed: 34, maxBatch: 2, inferenceOnly: true);
        var request = serving.Draw(new Random(34), maxBatch: 2);
        using var session = ServingCase.CreateSession(trainable, maxBatch: 2);
        for (int change = 0; change < 3; change++)
        {
            float[] expected = ServingCase.Run(trainable, request).ToArray();
            Bits.AssertIdentical(expected, ServingCase.Run(session, request), $"{name}, session, after change {change}");
            Bits.AssertIdentical(expected, ServingCase.Run(inferenceOnly, request), $"{name}, inference-only model, after change {change}");
            Bits.AssertIdentical(expected, ServingCase.Run(session, request), $"{name}, session, second call after change {change}");

            // Every matrix, on both models alike.
            foreach (var model in new[] { trainable, inferenceOnly })
            {
                var parameters = model.Parameters;
                foreach (var info in model.ParameterInfos.Where(p => p.Shape.Count == 2))
                {
                    foreach (ref float value in parameters.Slice(info.Offset, info.Length)) value = (value * 0.75f) + 0.01f;
                }
            }
        }
    }
}
