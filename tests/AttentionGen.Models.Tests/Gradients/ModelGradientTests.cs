using System.Globalization;
using System.Linq;
using Xunit.Abstractions;

namespace AttentionGen.Models.Tests.Gradients;

/// <summary>
/// The generated Backward of every model against central differences of the double-precision reference: with a fixed
/// random cotangent r, the analytic gradient (ZeroGradients, Forward, Backward(r)) of every parameter tensor must match
/// ∂/∂θ Σ r·reference(θ), on sampled elements (<see cref="FiniteDifferences.Sample"/>).
/// </summary>
/// <remarks>
/// Tolerance per element: |analytic − fd| ≤ <see cref="Relative"/>·|fd| + <see cref="Scaled"/>·max|fd| + <see cref="Absolute"/>,
/// max over the checked elements of the same tensor. The analytic gradient is float32 throughout (activations, products
/// summed over up to a few hundred terms, several blocks deep), so its error is a small multiple of float32's 6e-8 times
/// the size of the terms it sums, which can be far larger than an element that cancels to near zero: the scaled term
/// allows 2e-5 of the tensor's largest gradient for that, the relative term 2e-4 of the element itself. The double
/// reference's central difference (step 1e-6) is accurate to about 1e-9. Measured on these cases the worst element uses
/// 3 % of its allowance, while a wrong mask, transpose, scale, missing residual or dropped contribution is off by a
/// sizeable fraction of the gradient. Key-bias rows of in_proj_bias, whose true gradient is 0, fall to the scaled and
/// absolute terms. A tied head (TinyGpt, ParityGpt, PreNormGeluTranslator) passes only if its table gets the head's and
/// the embedding's contributions both: the reference perturbs the one table for both uses, and the sample includes rows
/// the inputs look up and rows they do not.
/// </remarks>
public class ModelGradientTests(ITestOutputHelper output)
{
    /// <summary>Allowed error relative to the element's finite difference.</summary>
    public const double Relative = 2e-4;

    /// <summary>Allowed error relative to the largest finite difference among the tensor's checked elements.</summary>
    public const double Scaled = 2e-5;

    /// <summary>Allowed error whatever the values.</summary>
    public const double Absolute = 1e-7;

    public static TheoryData<string> Models() => GradientCases.All();

    [Theory]
    [MemberData(nameof(Models))]
    public void BackwardMatchesFiniteDifferencesOfTheReference(string name)
    {
        GradientCase c = GradientCases.Create(name);
        float[] r = FiniteDifferences.Cotangent(c.Run(false).Length, seed: 5);
        float[] analytic = FiniteDifferences.Analytic(c, r);
        var elements = FiniteDifferences.CheckAgainstReference(c, r, analytic, Relative, Scaled, Absolute);
        var worst = elements.OrderByDescending(e => e.Excess).First();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: {1} elements of {2} tensors checked; worst {3}", name, elements.Count, c.Model.ParameterInfos.Count, worst));
        FiniteDifferences.AssertAllWithin(name, elements);
    }
}
