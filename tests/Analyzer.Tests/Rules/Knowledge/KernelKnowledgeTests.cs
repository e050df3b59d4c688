using System;
using System.IO;
using System.Linq;
using Folint.Analyzer.Rules.Flags;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource.Knowledge;

namespace Folint.Analyzer.Tests.Rules.Knowledge;

/// <summary>rules/kernel as the C rules read it: typed once at load, a mistake is a load error naming file and line.</summary>
public sealed class KernelKnowledgeTests
{
    /// <summary>A copy of the shipped rules/ with one file of rules/kernel edited.</summary>
    private static RulesLoadException LoadWithEdit(string file, string from, string to)
    {
        var scratch = Directory.CreateTempSubdirectory("folint-rules-").FullName;
        try
        {
            RuleFixtures.CopyTree(ShippedKnowledge.RulesDirectory, scratch);
            var path = Path.Combine(scratch, "kernel", file);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to));
            return Assert.Throws<RulesLoadException>(() => KnowledgeLoader.Load<KernelKnowledge>(scratch));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(ShippedKnowledge.RulesDirectory, "kernel", file)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void ShippedKnowledge_LoadsEverySection()
    {
        var knowledge = ShippedKnowledge.Kernel;

        Assert.Contains("PG_hwpoison", knowledge.Phases.ReferenceFreeWriters["memory_failure"]);
        Assert.Equal(new[] { "1" }, knowledge.Phases.ExclusiveParameters["filemap_add_folio"]);
        Assert.True(knowledge.Phases.IsExclusiveParameter("shmem_mfill_atomic_pte", 7, "pagep"));
        Assert.Equal("folio_unlock", knowledge.PageFlags.LockFlags["PG_locked"].Release);
        Assert.Equal(64, knowledge.Layout.Config["CONFIG_BITS_PER_LONG"]);
        Assert.Equal(8, knowledge.Layout.Sizes["unsigned long"].Size);
        Assert.Equal("include/linux/page-flags.h", knowledge.PageFlags.Header);
        Assert.Contains("pfn_to_page", knowledge.Refcount.PfnLookups);
        Assert.Contains("VM_WARN_ON_ONCE", knowledge.Assertions.DebugAssertions);
    }

    [Fact]
    public void MistypedKey_IsALoadError_NotAnEmptyList()
    {
        var errors = LoadWithEdit("phases.yaml", "\nallocation_roots:", "\nallocation_root:").Errors;

        var unknown = Assert.Single(errors.OfType<UnknownFieldError>());
        Assert.Equal(LineOf("phases.yaml", "allocation_roots:"), unknown.Line);
        Assert.Equal("did you mean 'allocation_roots'?", unknown.Suggestion);
        Assert.Contains(errors, e => e is MissingFieldError { Field: "allocation_roots" });
    }

    [Fact]
    public void LayoutSizeThatIsNotPositive_IsNamedAtItsLine()
    {
        var error = Assert.IsType<InvalidKnowledgeError>(Assert.Single(LoadWithEdit("layout.yaml", "atomic_t: {size: 4, align: 4}", "atomic_t: {size: 0, align: 4}").Errors));

        Assert.Equal(("sizes.atomic_t", LineOf("layout.yaml", "atomic_t:")), (error.Field, error.Line));
        Assert.EndsWith("layout.yaml", error.File);
    }

    [Fact]
    public void FallbackAccessor_WithAnOperationNoAccessorHas_IsRefused()
    {
        var error = Assert.Single(LoadWithEdit("page-flags-fallback.yaml", "__folio_set_swapbacked: {flag: PG_swapbacked, word: head, op: set,", "__folio_set_swapbacked: {flag: PG_swapbacked, word: head, op: update,").Errors);

        Assert.Equal("accessors.__folio_set_swapbacked.op", error.Field);
        Assert.Equal(LineOf("page-flags-fallback.yaml", "__folio_set_swapbacked:"), error.Line);
    }

    [Fact]
    public void FallbackTable_ResolvesAliasesToTheBitTheFlagShares()
    {
        var (accessors, _) = FallbackTable.Read(ShippedKnowledge.Kernel.PageFlagsFallback);

        var accessor = accessors["TestSetPageHasHWPoisoned"];
        Assert.Equal(("PG_has_hwpoisoned", "PG_active", FlagWord.Second, FlagOp.TestAndSet, true, false),
            (accessor.Flag, accessor.Bit, accessor.Word, accessor.Op, accessor.Atomic, accessor.TakesFolio));
        Assert.Equal("TestSetPageHasHWPoisoned: {flag: PG_has_hwpoisoned, word: second, op: test-and-set, atomic: true, takes: page}", FallbackTable.Format(accessor));
    }
}
