using System.IO;
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

    [Fact]
    public void InvalidYaml_NamesTheFileAndLine()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: blank\n    names: [__init\n", "bad.yaml"));
        Assert.Equal("bad.yaml", e.File);
        Assert.True(e.Line >= 3, $"line {e.Line}");
        Assert.StartsWith("bad.yaml:", e.Message);
        Assert.Contains("not valid YAML", e.Problem);
    }

    [Fact]
    public void UnknownTreatment_IsNamedWithTheChoices()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: erase\n    why: x\n    names: [__init]\n", "h.yaml"));
        Assert.Equal(2, e.Line);
        Assert.Contains("unknown treatment 'erase'", e.Problem);
        Assert.Contains("blank-with-arguments", e.Problem);
    }

    [Fact]
    public void NameListedTwice_PointsAtTheFirstListing()
    {
        const string yaml = "groups:\n  - treatment: blank\n    why: x\n    names: [__init]\n  - treatment: inline\n    why: y\n    names: [__init]\n";
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse(yaml, "h.yaml"));
        Assert.Equal(7, e.Line);
        Assert.Contains("already listed at line 4", e.Problem);
    }

    [Fact]
    public void GroupWithoutWhy_IsRejected()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: blank\n    names: [__init]\n", "h.yaml"));
        Assert.Contains("missing 'why'", e.Problem);
    }

    [Fact]
    public void InlineNameShorterThanTheKeyword_IsRejected()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: inline\n    why: x\n    names: [__in]\n", "h.yaml"));
        Assert.Contains("shorter than the 6 bytes", e.Problem);
    }

    [Fact]
    public void FunctionHeaderWithoutReturnType_IsRejected()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: function-header\n    why: x\n    names: [SYSCALL_DEFINE1]\n", "h.yaml"));
        Assert.Contains("missing 'return-type'", e.Problem);
    }

    [Fact]
    public void PatternWithoutAWildcard_IsRejected()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: iterator\n    why: x\n    patterns: [for_each]\n", "h.yaml"));
        Assert.Contains("pattern 'for_each'", e.Problem);
    }

    [Fact]
    public void UnknownKey_IsRejected()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("groups:\n  - treatment: blank\n    why: x\n    name: [__init]\n", "h.yaml"));
        Assert.Equal(4, e.Line);
        Assert.Contains("unknown key 'name'", e.Problem);
    }

    [Fact]
    public void FileMarkedForAnotherReader_IsRejected()
    {
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Parse("schema: lists\ngroups: []\n", "h.yaml"));
        Assert.Equal(1, e.Line);
        Assert.Contains("schema: c-macros", e.Problem);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), "folint-no-such-hints.yaml");
        var e = Assert.Throws<MacroHintsException>(() => MacroHints.Load(path));
        Assert.Equal(path, e.File);
        Assert.Contains("cannot read", e.Problem);
    }

    [Fact]
    public void Patterns_MatchAfterExactNames_InFileOrder()
    {
        const string yaml = "groups:\n  - treatment: blank\n    why: x\n    names: [for_each_special]\n  - treatment: iterator\n    why: y\n    patterns: [\"*for_each*\"]\n";
        var hints = MacroHints.Parse(yaml, "h.yaml");
        Assert.Equal(MacroTreatment.Blank, hints.Find("for_each_special")?.Treatment);
        Assert.Equal(MacroTreatment.Iterator, hints.Find("list_for_each_entry")?.Treatment);
        Assert.Null(hints.Find("for_eac"));
    }
}
