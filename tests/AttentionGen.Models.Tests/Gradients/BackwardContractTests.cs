using System.Collections.Generic;
using System.Globalization;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Gradients;

/// <summary>
/// What Backward promises besides its values: it adds to <c>Gradients</c> (so two calls give twice the gradient and
/// ZeroGradients starts over), it needs a Forward first, and it refuses an output gradient of the wrong length.
/// </summary>
public class BackwardContractTests
{
    public static TheoryData<string> Models() => GradientCases.All();

    /// <summary>
    /// |second − 2·first| ≤ 1e-6·|2·first| + 1e-7·max|first|: adding the same values again is exact in float32 unless a
    /// kernel sums its contribution straight into the gradient, which rounds once more per term.
    /// </summary>
    private static void AssertTwice(float[] first, ReadOnlySpan<float> second, string what)
    {
        float largest = 0;
        foreach (float g in first)
        {
            largest = Math.Max(largest, Math.Abs(g));
        }

        Assert.True(largest > 0, $"{what}: every gradient is zero.");
        for (int i = 0; i < first.Length; i++)
        {
            double expected = 2.0 * first[i];
            double allowed = (1e-6 * Math.Abs(expected)) + (1e-7 * largest);
            Assert.True(
                Math.Abs(second[i] - expected) <= allowed,
                string.Format(CultureInfo.InvariantCulture, "{0}: gradient {1} is {2:R} after two Backward calls, expected 2 × {3:R}.", what, i, second[i], first[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void BackwardAddsToTheGradients(string name)
    {
        GradientCase c = GradientCases.Create(name);
        float[] r = FiniteDifferences.Cotangent(c.Run(false).Length, seed: 11);
        float[] once = FiniteDifferences.Analytic(c, r);

        // A second Backward of the same Forward adds the same gradient again.
        c.Model.Backward(r);
        AssertTwice(once, c.Model.Gradients, name + ", Backward twice");

        // So does a second Forward and Backward; ZeroGradients starts over.
        c.Model.ZeroGradients();
        c.Run(false);
        c.Model.Backward(r);
        c.Run(false);
        c.Model.Backward(r);
        AssertTwice(once, c.Model.Gradients, name + ", Forward and Backward twice");

        c.Model.ZeroGradients();
        Assert.All(c.Model.Gradients.ToArray(), g => Assert.Equal(0f, g));
        c.Run(false);
        c.Model.Backward(r);
        Assert.Equal(once, c.Model.Gradients.ToArray());
    }

    [Fact]
    public void TiedHeadGradientHasTheHeadAndTheEmbeddingContributions()
    {
        // TinyGpt's head is embed.weight: a row no input token looks up still gets the head's gradient, and a looked-up
        // row gets the head's and the embedding's (ModelGradientTests proves the sums against finite differences).
        GradientCase c = GradientCases.Create(nameof(TinyGpt));
        float[] r = FiniteDifferences.Cotangent(c.Run(false).Length, seed: 12);
        float[] gradients = FiniteDifferences.Analytic(c, r);
        ParameterInfo table = c.Model.ParameterInfos[0];
        Assert.Equal("embed.weight", table.Name);
        Assert.DoesNotContain(c.Model.ParameterInfos, info => info.Name.StartsWith("lm_head", StringComparison.Ordinal));
        var lookedUp = new HashSet<int>(c.TableTokens["embed.weight"]);
        int width = table.Shape[1];
        for (int row = 0; row < table.Shape[0]; row++)
        {
            double norm = 0;
            for (int j = 0; j < width; j++)
            {
                norm += Math.Abs(gradients[table.Offset + (row * width) + j]);
            }

            Assert.True(norm > 0, $"embed.weight row {row} ({(lookedUp.Contains(row) ? "looked up" : "not looked up")}) has no gradient.");
        }
    }

    [Fact]
    public void BackwardBeforeAnyForwardIsRefused()
    {
        foreach (string name in GradientCases.Names)
        {
            IModel model = GradientCases.Create(name).Model;
            var exception = Assert.Throws<InvalidOperationException>(() => model.Backward(new float[1]));
            Assert.Contains("Forward", exception.Message, StringComparison.Ordinal);
            Assert.All(model.Gradients.ToArray(), g => Assert.Equal(0f, g));
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OutputGradientOfTheWrongLengthIsRefused(string name)
    {
        GradientCase c = GradientCases.Create(name);
        int length = c.Run(false).Length;
        foreach (int wrong in new[] { length - 1, length + 1, 0 })
        {
            var exception = Assert.ThrowsAny<ArgumentException>(() => c.Model.Backward(new float[wrong]));
            string message = exception.Message;
            Assert.True(
                message.Contains(wrong.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                && message.Contains(length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                $"{name}: \"{message}\" does not name both {wrong} and {length}.");
        }

        // A refused call changes nothing: the right length still works and adds nothing extra.
        Assert.All(c.Model.Gradients.ToArray(), g => Assert.Equal(0f, g));
        float[] r = FiniteDifferences.Cotangent(length, seed: 13);
        c.Model.Backward(r);
        Assert.Equal(FiniteDifferences.Analytic(c, r), c.Model.Gradients.ToArray());
    }

    [Fact]
    public void OutputGradientLengthFollowsTheLastForward()
    {
        // After a smaller batch, the expected length is the smaller batch's output.
        var model = new ProbeClassifier(seed: 3, maxBatch: 4);
        int[] tokens = TestData.Tokens(new Random(3), 4 * 5, ProbeClassifier.Vocab);
        model.Forward(tokens, 4, 5);
        model.Forward(tokens.AsSpan(0, 2 * 5), 2, 5);
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Backward(new float[4 * ProbeClassifier.Outputs]));
        Assert.Contains((2 * ProbeClassifier.Outputs).ToString(CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
        model.Backward(new float[2 * ProbeClassifier.Outputs]);
    }
}
