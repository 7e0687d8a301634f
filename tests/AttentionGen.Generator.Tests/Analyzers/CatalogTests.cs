extern alias analyzers;
extern alias codefixes;

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelAnalyzer = analyzers::AttentionGen.Analyzers.ModelAnalyzer;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// Every diagnostic is documented and tracked: a docs page per ID whose example really reports what the page says,
/// a line in AnalyzerReleases.Shipped.md or .Unshipped.md with the descriptor's category and severity, and IDs never shared.
/// </summary>
public sealed class CatalogTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly string DocsDirectory = Path.Combine(Root, "docs", "diagnostics");

    public static TheoryData<string> Ids() => new(DiagnosticCatalog.All.Select(d => d.Id));

    /// <summary>IDs the analyzer reports, each with an example declaration; AG0999 is the generator's own failure, which no known declaration causes.</summary>
    public static TheoryData<string> AnalyzerIds() => new(DiagnosticCatalog.All.Where(d => d != DiagnosticCatalog.GeneratorFailed).Select(d => d.Id));

    /// <summary>Every descriptor the catalog declares, found by reflection, so one missing from <see cref="DiagnosticCatalog.All"/> is found too.</summary>
    private static IReadOnlyList<DiagnosticDescriptor> DeclaredDescriptors() =>
        typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    [Fact]
    public void Catalog_has_at_least_15_distinct_ids()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 15, "Only " + ids.Count + " diagnostic IDs.");
        Assert.All(ids, id => Assert.Matches("^AG[0-9]{4}$", id));
    }

    /// <summary>
    /// The descriptors the catalog declares, the analyzer's SupportedDiagnostics, the docs pages and the release rows
    /// are one set of IDs: a descriptor left out of any of them fails here.
    /// </summary>
    [Fact]
    public void Analyzer_supports_every_descriptor()
    {
        var declared = DeclaredDescriptors().Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal).ToArray();
        Assert.True(declared.Length >= 15, "Reflection found only " + declared.Length + " descriptors");

        var supported = new ModelAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal);
        Assert.Equal(declared, supported);
        Assert.Equal(declared, DiagnosticCatalog.All.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));

        var pages = Directory.GetFiles(DocsDirectory, "*.md").Select(p => Path.GetFileNameWithoutExtension(p)!).OrderBy(id => id, System.StringComparer.Ordinal);
        Assert.Equal(declared, pages);
        Assert.Equal(declared, ReleaseRules().Keys.OrderBy(id => id, System.StringComparer.Ordinal));
    }

    /// <summary>The analyzer's descriptors say what the catalog's say (it compiles its own copy of the core).</summary>
    [Fact]
    public void Analyzer_descriptors_match_the_catalog()
    {
        var declared = DeclaredDescriptors().ToDictionary(d => d.Id);
        Assert.All(new ModelAnalyzer().SupportedDiagnostics, d =>
        {
            var expected = declared[d.Id];
            Assert.Equal((expected.Title.ToString(), expected.MessageFormat.ToString(), expected.Category, expected.DefaultSeverity, expected.HelpLinkUri),
                (d.Title.ToString(), d.MessageFormat.ToString(), d.Category, d.DefaultSeverity, d.HelpLinkUri));
        });
    }

    [Fact]
    public void Code_fixes_fix_known_ids()
    {
        var providers = new CodeFixProvider[]
        {
            new codefixes::AttentionGen.CodeFixes.HeadsCodeFixProvider(),
            new codefixes::AttentionGen.CodeFixes.MakePartialCodeFixProvider(),
            new codefixes::AttentionGen.CodeFixes.PositionsLengthCodeFixProvider(),
        };
        var fixable = providers.SelectMany(p => p.FixableDiagnosticIds).ToList();
        Assert.Equal(new[] { "AG0001", "AG0003", "AG0101", "AG0105" }, fixable.OrderBy(id => id, System.StringComparer.Ordinal));
        foreach (var id in fixable)
            Assert.Contains("## Code fix", File.ReadAllText(Path.Combine(DocsDirectory, id + ".md")), System.StringComparison.Ordinal);
    }

    /// <summary>
    /// The repository records no public URL (no RepositoryUrl, no remote), so there is nothing absolute to link to, and
    /// a relative path opens as a broken link in an IDE: no descriptor carries one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_has_a_docs_page_and_no_broken_help_link(string id)
    {
        var descriptor = DiagnosticCatalog.Get(id);
        Assert.True(descriptor.HelpLinkUri.Length == 0 || System.Uri.TryCreate(descriptor.HelpLinkUri, System.UriKind.Absolute, out _),
            id + " links to '" + descriptor.HelpLinkUri + "', which is not an absolute URL");
        var path = Path.Combine(DocsDirectory, id + ".md");
        Assert.True(File.Exists(path), "Missing docs/diagnostics/" + id + ".md");
        var page = File.ReadAllText(path);
        Assert.StartsWith("# " + id + ": " + descriptor.Title + "\n", page, System.StringComparison.Ordinal);
        Assert.Contains("`" + descriptor.MessageFormat + "`", page, System.StringComparison.Ordinal);
        Assert.Contains("## Example", page, System.StringComparison.Ordinal);
        Assert.Contains("## How to fix", page, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Every_docs_page_belongs_to_a_descriptor()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToHashSet();
        var pages = Directory.GetFiles(DocsDirectory, "*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.All(pages, page => Assert.Contains(page!, ids));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_in_a_release(string id)
    {
        var descriptor = DiagnosticCatalog.Get(id);
        var rows = ReleaseRules();
        Assert.True(rows.TryGetValue(id, out var row), id + " is in neither AnalyzerReleases.Shipped.md nor AnalyzerReleases.Unshipped.md");
        Assert.Equal(descriptor.Category, row.Category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Severity);
        Assert.Equal(descriptor.Title.ToString(), row.Notes);
    }

    [Fact]
    public void Releases_list_nothing_else()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToHashSet();
        Assert.All(ReleaseRules().Keys, id => Assert.Contains(id, ids));
    }

    /// <summary>
    /// The page's example, compiled and analyzed: each <c>^^^ AGxxxx</c> comment line marks the span on the line
    /// above it, and the page's message block lists the messages in the same order.
    /// </summary>
    [Theory]
    [MemberData(nameof(AnalyzerIds))]
    public async Task Docs_example_reports_what_the_page_says(string id)
    {
        var page = File.ReadAllText(Path.Combine(DocsDirectory, id + ".md"));
        var example = Section(page, "## Example");
        var sources = Blocks(example, "csharp").Select(ToMarkup).ToArray();
        var messages = Blocks(example, "text").Single().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        var marks = sources.SelectMany(s => Regex.Matches(s, @"\{\|(AG[0-9]{4}):").Select(m => m.Groups[1].Value)).ToArray();
        Assert.Contains(id, marks);
        Assert.Equal(marks.Length, messages.Length);
        await AnalyzerVerifier.VerifyAsync(sources, marks.Zip(messages).ToArray());
    }

    /// <summary>Turns the docs' caret lines back into the tests' <c>{|ID:…|}</c> markup, dropping the caret lines.</summary>
    private static string ToMarkup(string code)
    {
        var lines = code.Split('\n').ToList();
        var output = new List<string>();
        var pending = new List<(int Start, int Length, string Id)>();
        string? codeLine = null;

        void Flush()
        {
            if (codeLine is null) return;
            var line = new StringBuilder(codeLine);
            foreach (var (start, length, markId) in pending.OrderByDescending(p => p.Start))
            {
                line.Insert(start + length, "|}");
                line.Insert(start, "{|" + markId + ":");
            }
            output.Add(line.ToString());
            pending.Clear();
            codeLine = null;
        }

        foreach (var line in lines)
        {
            var caret = Regex.Match(line, @"^//( +)(\^+) (AG[0-9]{4})$");
            if (caret.Success && codeLine is not null)
            {
                pending.Add((caret.Groups[2].Index, caret.Groups[2].Length, caret.Groups[3].Value));
                continue;
            }
            Flush();
            codeLine = line;
        }
        Flush();
        return string.Join("\n", output);
    }

    private static string Section(string page, string heading)
    {
        int start = page.IndexOf("\n" + heading + "\n", System.StringComparison.Ordinal);
        Assert.True(start >= 0, "No '" + heading + "' section.");
        int end = page.IndexOf("\n## ", start + heading.Length + 2, System.StringComparison.Ordinal);
        return end < 0 ? page.Substring(start) : page.Substring(start, end - start);
    }

    private static IEnumerable<string> Blocks(string text, string language) =>
        Regex.Matches(text, "```" + language + "\n(.*?)\n```", RegexOptions.Singleline).Select(m => m.Groups[1].Value);

    /// <summary>The rule rows of both release files; an ID in both, or twice in one, fails the Add.</summary>
    private static Dictionary<string, (string Category, string Severity, string Notes)> ReleaseRules()
    {
        var rows = new Dictionary<string, (string, string, string)>();
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            foreach (var line in File.ReadAllLines(Path.Combine(Root, "analyzers", "AttentionGen.Analyzers", file)))
            {
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length == 4 && Regex.IsMatch(cells[0], "^AG[0-9]{4}$"))
                    rows.Add(cells[0], (cells[1], cells[2], cells[3]));
            }
        }
        return rows;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(System.AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AttentionGen.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException("AttentionGen.sln not found above " + System.AppContext.BaseDirectory);
    }
}
