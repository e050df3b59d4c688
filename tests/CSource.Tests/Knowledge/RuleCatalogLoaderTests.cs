using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Folint.Analyzer.Findings;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Knowledge;

public sealed class RuleCatalogLoaderTests
{
    private static readonly string RulesDirectory = Path.Combine(AppContext.BaseDirectory, "rules");

    private static readonly string Fol000 = File.ReadAllText(Path.Combine(RulesDirectory, "FOL000.yaml"));

    [Fact]
    public void RealRules_AllValidate_WithIdsMatchingTheirFiles()
    {
        var catalog = RuleCatalogLoader.Load(RulesDirectory);

        var files = Directory.GetFiles(RulesDirectory, "FOL*.yaml").Select(Path.GetFileNameWithoutExtension).OrderBy(f => f).ToArray();
        Assert.Equal(files, catalog.Rules.Select(r => r.Id).OrderBy(i => i).ToArray());
        Assert.Contains(catalog.Rules, r => r.Id == "FOL001");
        foreach (var rule in catalog.Rules)
        {
            Assert.NotEmpty(rule.Seeds);
            Assert.NotEmpty(rule.BadExamples);
            Assert.NotEmpty(rule.GoodExamples);
            var arguments = rule.MessageArguments.Select(a => (object?)("<" + a + ">")).ToArray();
            var message = rule.FormatMessage(arguments);
            Assert.All(rule.MessageArguments, a => Assert.Contains("<" + a + ">", message));
            foreach (var variant in rule.MessageVariants.Keys)
                Assert.DoesNotContain("{", rule.FormatMessage(variant, arguments));
        }
    }

    [Fact]
    public void RealRules_KeepVariantsAndSeverity()
    {
        var catalog = RuleCatalogLoader.Load(RulesDirectory);

        Assert.Equal(Severity.Warning, catalog["FOL002"].Severity);
        Assert.Contains("layout", catalog["FOL002"].MessageVariants.Keys);
        Assert.Equal("000_e84798dfff902c30.txt", catalog["FOL001"].Seeds[0].File);
    }

    [Fact]
    public void MisspelledField_IsUnknown_AndTheSuggestionNamesTheRealOne()
    {
        var error = Single<UnknownFieldError>("FOL000.yaml", Fol000.Replace("rationale:", "rationael:"), out var all);

        Assert.Equal("rationael", error.Field);
        Assert.Contains("did you mean 'rationale'", error.Suggestion);
        Assert.Contains(all, e => e is MissingFieldError { Field: "rationale" });
        Assert.True(error.Line > 1);
        Assert.StartsWith("FOL000.yaml:" + error.Line + ": rationael:", error.ToString());
    }

    [Fact]
    public void MissingField_IsReported_NamingTheField()
    {
        var text = string.Join("\n", Fol000.Split('\n').Where(l => !l.StartsWith("category:")));

        var error = Single<MissingFieldError>("FOL000.yaml", text, out _);

        Assert.Equal("category", error.Field);
        Assert.Contains("add 'category:'", error.Suggestion);
    }

    [Fact]
    public void IdNotMatchingTheFileName_IsReported()
    {
        var error = Single<IdMismatchError>("FOL000.yaml", Fol000.Replace("id: FOL000", "id: FOL0000"), out _);

        Assert.Equal("FOL0000", error.Id);
        Assert.Contains("rename the file to 'FOL0000.yaml'", error.Suggestion);
    }

    [Fact]
    public void MessageHoles_NotMatchingTheArgumentCount_AreReported()
    {
        var error = Single<MessageHoleMismatchError>("FOL000.yaml", Fol000.Replace("messageArguments: [operation, flags word]", "messageArguments: [operation, flags word, flag]"), out _);

        Assert.Equal("message", error.Field);
        Assert.Equal(new[] { 0, 1 }, error.Holes);
        Assert.Equal(3, error.ArgumentCount);
    }

    [Fact]
    public void HoleWithoutName_IsReported_EvenWhenCountsMatch()
    {
        var text = Fol000.Replace("on {1}:", "on {2}:");

        var error = Single<MessageHoleMismatchError>("FOL000.yaml", text, out _);

        Assert.Equal(new[] { 0, 2 }, error.Holes);
    }

    [Fact]
    public void VariantUsingAHoleBeyondTheArguments_IsReported()
    {
        // FOL000.yaml's own variants go first: a second variants: key would be a different error
        var text = System.Text.RegularExpressions.Regex.Replace(Fol000, "^variants:\n(?:  .*\n)+", "", System.Text.RegularExpressions.RegexOptions.Multiline) + "variants:\n  odd: \"{0} and {5}\"\n";

        var error = Single<MessageHoleMismatchError>("FOL000.yaml", text, out _);

        Assert.Equal("variants.odd", error.Field);
    }

    [Fact]
    public void MalformedMessage_IsReported()
    {
        var error = Single<MalformedMessageError>("FOL000.yaml", Fol000.Replace("on {1}:", "on {1:"), out _);

        Assert.Contains("unmatched", error.Detail);
    }

    [Fact]
    public void UnknownSeverity_IsReported_WithTheAcceptedValues()
    {
        var error = Single<UnknownSeverityError>("FOL000.yaml", Fol000.Replace("severity: warning", "severity: critical"), out _);

        Assert.Equal("critical", error.Value);
        Assert.Contains("note, warning, error", error.Suggestion);
    }

    [Fact]
    public void FieldOfTheWrongShape_IsReported()
    {
        var error = Single<WrongShapeError>("FOL000.yaml", Fol000.Replace("messageArguments: [operation, flags word]", "messageArguments: operation"), out _);

        Assert.Equal("messageArguments", error.Field);
        Assert.Contains("list of strings", error.Expected);
    }

    [Fact]
    public void InvalidYaml_IsReported_WithItsLine()
    {
        var error = Single<YamlSyntaxError>("FOL000.yaml", "id: FOL000\ntitle: a: b\nseverity: warning\n", out _);

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void UnterminatedList_IsReportedAsInvalidYaml_NotAsACrash()
    {
        var error = Single<YamlSyntaxError>("FOL000.yaml", "id: FOL000\ntitle: [unclosed\nseverity: warning\n", out _);

        Assert.StartsWith("FOL000.yaml: not valid YAML", error.ToString());
    }

    [Fact]
    public void Load_ReportsTheErrorsOfEveryFile_Together()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("rules/FOL000.yaml", Fol000.Replace("severity: warning", "severity: loud"));
        tree.Write("rules/FOL001.yaml", Fol000);

        var e = Assert.Throws<RulesLoadException>(() => RuleCatalogLoader.Load(tree["rules"]));

        Assert.Contains(e.Errors, x => x is UnknownSeverityError && x.File.EndsWith("FOL000.yaml"));
        Assert.Contains(e.Errors, x => x is IdMismatchError && x.File.EndsWith("FOL001.yaml"));
        Assert.Contains("FOL001.yaml", e.Message);
    }

    [Fact]
    public void MissingRulesDirectory_IsReported_WithTheWayToPointAtOne()
    {
        var e = Assert.Throws<RulesLoadException>(() => RuleCatalogLoader.Load("/nonexistent/folint-rules"));

        var error = Assert.IsType<RulesDirectoryMissingError>(Assert.Single(e.Errors));
        Assert.Contains("--rules-dir", error.Suggestion);
    }

    private static T Single<T>(string file, string text, out List<RulesFileError> errors)
        where T : RulesFileError
    {
        errors = new List<RulesFileError>();
        var rule = RuleCatalogLoader.Parse(file, text, errors);
        Assert.Null(rule);
        return Assert.Single(errors.OfType<T>());
    }
}
