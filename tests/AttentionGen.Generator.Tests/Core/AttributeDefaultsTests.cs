using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using AttentionGen.Core;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AttentionGen.Generator.Tests.Core;

/// <summary>
/// The shape core cannot reference the runtime, so it repeats the attributes' defaults (Roslyn reports only the
/// arguments written in source). Here every attribute class of the runtime is found by reflection, written with only
/// its constructor arguments, read by <see cref="DeclarationReader"/>, and compared property by property with a
/// real instance: a default changed on one side alone fails.
/// </summary>
public sealed class AttributeDefaultsTests
{
    /// <summary>Attribute properties whose <see cref="LayerSpec"/> field has another name.</summary>
    private static readonly Dictionary<string, string> SpecNames = new()
    {
        ["Layers"] = nameof(LayerSpec.Size),
        ["Units"] = nameof(LayerSpec.Size),
        ["P"] = nameof(LayerSpec.Dropout),
        ["LayerNormEps"] = nameof(LayerSpec.Eps),
    };

    /// <summary>Embedding attributes take their width as the layer's size; elsewhere Width is the expected input width.</summary>
    private static readonly string[] SizedByWidth = { "EmbedAttribute", "InputProjectionAttribute", "TargetEmbedAttribute" };

    public static TheoryData<string> LayerAttributes() =>
        new(typeof(ModelAttribute).Assembly.GetTypes()
            .Where(t => t.Namespace == "AttentionGen" && t.IsSubclassOf(typeof(System.Attribute)) && t != typeof(ModelAttribute))
            .Select(t => t.Name)
            .OrderBy(n => n, System.StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(LayerAttributes))]
    public void Reader_defaults_match_the_attribute_class(string attributeName)
    {
        var type = typeof(ModelAttribute).Assembly.GetType("AttentionGen." + attributeName)!;
        foreach (var constructor in type.GetConstructors())
        {
            var arguments = constructor.GetParameters().Select(p => p.ParameterType == typeof(double) ? (object)0.25 : 3).ToArray();
            var instance = constructor.Invoke(arguments);
            string written = attributeName.Substring(0, attributeName.Length - "Attribute".Length)
                + "(" + string.Join(", ", arguments.Select(a => System.Convert.ToString(a, CultureInfo.InvariantCulture))) + ")";
            var layer = Assert.Single(Read("[Model(Vocab = 10, MaxSeq = 4)] [" + written + "]").Layers);

            var compared = new List<string>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType == type))
            {
                string specName = SizedByWidth.Contains(attributeName) && property.Name == "Width" ? nameof(LayerSpec.Size)
                    : SpecNames.TryGetValue(property.Name, out var renamed) ? renamed : property.Name;
                var specProperty = typeof(LayerSpec).GetProperty(specName);
                Assert.True(specProperty is not null, attributeName + "." + property.Name + " has no LayerSpec field " + specName + " to read it into");
                object? expected = property.GetValue(instance);
                object? actual = specProperty!.GetValue(layer);
                if (expected is Activation activation) expected = (int)activation;
                if (actual is ActivationKind kind) actual = (int)kind;
                Assert.True(Equals(expected, actual), "[" + written + "]: " + property.Name + " is " + expected + " on the attribute but " + actual + " as read");
                compared.Add(property.Name);
            }
        }
    }

    [Fact]
    public void Model_constants_default_like_the_attribute()
    {
        var constants = Read("[Model] [MeanPool]").Constants;
        var instance = new ModelAttribute();
        foreach (var property in typeof(ModelAttribute).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType == typeof(ModelAttribute)))
            Assert.Equal(property.GetValue(instance), typeof(ModelConstants).GetProperty(property.Name)!.GetValue(constants));
    }

    /// <summary>The core's copy of the Activation enum: the same names with the same values, and nothing more.</summary>
    [Fact]
    public void Activation_kinds_mirror_the_activation_enum()
    {
        var runtime = System.Enum.GetValues<Activation>().Select(a => (a.ToString(), (int)a));
        var core = System.Enum.GetValues<ActivationKind>().Select(a => (a.ToString(), (int)a));
        Assert.Equal(runtime, core);
    }

    /// <summary>The named constants the core keeps, against the properties they stand for.</summary>
    [Fact]
    public void Named_defaults_match_the_attribute_properties()
    {
        Assert.Equal(AttributeDefaults.FeedForward, new EncoderAttribute(1).FeedForward);
        Assert.Equal(AttributeDefaults.FeedForward, new DecoderAttribute(1).FeedForward);
        Assert.Equal(AttributeDefaults.BlockDropout, new EncoderAttribute(1).Dropout);
        Assert.Equal(AttributeDefaults.BlockDropout, new DecoderAttribute(1).Dropout);
        Assert.Equal(AttributeDefaults.LayerNormEps, new EncoderAttribute(1).LayerNormEps);
        Assert.Equal(AttributeDefaults.LayerNormEps, new DecoderAttribute(1).LayerNormEps);
        Assert.Equal(AttributeDefaults.LayerNormEps, new LayerNormAttribute().Eps);
        Assert.Equal(AttributeDefaults.SinusoidalMaxLength, new SinusoidalPositionsAttribute().MaxLength);
    }

    private static ModelSpec Read(string attributes)
    {
        var compilation = TestCompilation.Create("using AttentionGen;\n" + attributes + "\npublic partial class Probe;");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var declaration = DeclarationReader.Read(compilation.GetTypeByMetadataName("Probe")!, CancellationToken.None);
        Assert.True(declaration.Readable);
        return declaration.Spec;
    }
}
