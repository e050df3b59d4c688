using System.IO;
using System.Linq;
using Folint.CSource.Knowledge;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class MacroHintsTests
{
    [Theory]
    [InlineData("__read_mostly", MacroTreatment.Blank)]
    [InlineData("__init", MacroTreatment.Blank)]
    [InlineData("__must_hold", MacroTreatment.BlankWithArguments)]
    [InlineData("__releases", MacroTreatment.BlankWithArguments)]
    [InlineData("__always_inline", MacroTreatment.Inline)]
    [InlineData("list_for_each_entry", MacroTreatment.Iterator)]
    [InlineData("xas_for_each", MacroTreatment.Iterator)]
    [InlineData("hash_for_each_possible", MacroTreatment.Iterator)]
    [InlineData("SYSCALL_DEFINE3", MacroTreatment.FunctionHeader)]
    [InlineData("DEFINE_PER_CPU", MacroTreatment.Declaration)]
    [InlineData("FOLIO_FLAG", MacroTreatment.Generator)]
    [InlineData("__ASSEMBLY__", MacroTreatment.Undefined)]
    public void ShippedHints_CoverTheKernelMacrosTreeSitterCannotRead(string name, MacroTreatment treatment)
    {
        Assert.Equal(treatment, Normalizer.Default.Hints.Find(name)?.Treatment);
    }

    [Fact]
    public void ShippedHints_DoNotCoverOrdinaryFunctions()
    {
        Assert.Null(Normalizer.Default.Hints.Find("folio_put"));
        Assert.Null(Normalizer.Default.Hints.Find("spin_lock"));
    }

    /// <summary>The one problem a hints file has (c-macros.yaml is read by the loader every knowledge file goes through).</summary>
    private static RulesFileError Problem(string groups)
    {
        var e = Assert.Throws<RulesLoadException>(() => MacroHints.Parse("generator_headers: []\ngroups:\n" + groups, "h.yaml"));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void InvalidYaml_NamesTheFileAndLine()
    {
        var error = Assert.IsType<YamlSyntaxError>(Problem("  - treatment: blank\n    names: [__init\n"));
        Assert.Equal("h.yaml", error.File);
        Assert.True(error.Line >= 4, $"line {error.Line}");
        Assert.StartsWith("h.yaml:", error.ToString());
    }

    [Fact]
    public void UnknownTreatment_IsNamedWithTheChoices()
    {
        var error = Assert.IsType<UnknownValueError>(Problem("  - treatment: erase\n    why: x\n    names: [__init]\n"));
        Assert.Equal(("groups[0].treatment", 3), (error.Field, error.Line));
        Assert.Contains("blank-with-arguments", error.Suggestion);
    }

    [Fact]
    public void NameListedTwice_PointsAtTheFirstListing()
    {
        var error = Problem("  - treatment: blank\n    why: x\n    names: [__init]\n  - treatment: inline\n    why: y\n    names: [__init]\n");
        Assert.Equal(("groups[1].names[0]", 8), (error.Field, error.Line));
        Assert.Contains("already listed at groups[0].names[0]", error.Problem);
    }

    [Fact]
    public void GroupWithoutWhy_IsRejected()
    {
        var error = Assert.IsType<MissingFieldError>(Problem("  - treatment: blank\n    names: [__init]\n"));
        Assert.Equal("groups[0].why", error.Field);
    }

    [Fact]
    public void InlineNameShorterThanTheKeyword_IsRejected()
    {
        var error = Problem("  - treatment: inline\n    why: x\n    names: [__in]\n");
        Assert.Equal(("groups[0].names[0]", 5), (error.Field, error.Line));
        Assert.Contains("shorter than the 6 bytes", error.Problem);
    }

    [Fact]
    public void FunctionHeaderWithoutReturnType_IsRejected()
    {
        var error = Problem("  - treatment: function-header\n    why: x\n    names: [SYSCALL_DEFINE1]\n");
        Assert.Contains("needs 'return_type'", error.Problem);
    }

    [Fact]
    public void PatternWithoutAWildcard_IsRejected()
    {
        var error = Problem("  - treatment: iterator\n    why: x\n    patterns: [for_each]\n");
        Assert.Contains("pattern 'for_each'", error.Problem);
    }

    [Fact]
    public void UnknownKey_IsRejected_WithTheKeyItMeant()
    {
        var e = Assert.Throws<RulesLoadException>(() => MacroHints.Parse("generator_headers: []\ngroups:\n  - treatment: blank\n    why: x\n    name: [__init]\n", "h.yaml"));
        var error = Assert.Single(e.Errors.OfType<UnknownFieldError>());
        Assert.Equal(("groups[0].name", 5), (error.Field, error.Line));
        Assert.Equal("did you mean 'names'?", error.Suggestion);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), "folint-no-such-hints.yaml");
        var e = Assert.Throws<RulesLoadException>(() => MacroHints.Load(path));
        var error = Assert.IsType<UnreadableRulesFileError>(Assert.Single(e.Errors));
        Assert.Equal(path, error.File);
        Assert.Contains("cannot read", error.Problem);
    }

    [Fact]
    public void Patterns_MatchAfterExactNames_InFileOrder()
    {
        const string yaml = "generator_headers: []\ngroups:\n  - treatment: blank\n    why: x\n    names: [for_each_special]\n  - treatment: iterator\n    why: y\n    patterns: [\"*for_each*\"]\n";
        var hints = MacroHints.Parse(yaml, "h.yaml");
        Assert.Equal(MacroTreatment.Blank, hints.Find("for_each_special")?.Treatment);
        Assert.Equal(MacroTreatment.Iterator, hints.Find("list_for_each_entry")?.Treatment);
        Assert.Null(hints.Find("for_eac"));
    }
}
