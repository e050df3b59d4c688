using System.Linq;

namespace Folint.Analyzer.Tests.Rules;

public sealed class NonAtomicFlagUpdateRuleTests
{
    public static TheoryData<string> Fixtures() => new(RuleFixtures.Cases("FOL001").Select(c => (string)c[0]));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_FindingsMatchItsMarkers(string fixture)
    {
        var outcome = RuleFixtures.Run("FOL001", fixture);
        Assert.True(outcome.Missing.Count == 0 && outcome.Noisy.Count == 0, outcome.Describe());
    }

    [Fact]
    public void SecondPageFlag_SetNonAtomicallyUnderLock_NamesTheWordTheLockAndTheUnlockedWriter()
    {
        var finding = RuleFixtures.Run("FOL001", "seed000_set_under_split_queue_lock.c").Findings.Single(f => f.RuleId == "FOL001");
        Assert.StartsWith("__folio_set_partially_mapped() updates PG_partially_mapped (bit PG_reclaim) non-atomically in the second page's flags under a lock that the other writers of that word do not take", finding.Message);
        var lockTaken = finding.Evidence.First();
        Assert.StartsWith("ds_queue->split_queue_lock is taken here; it does not serialize the other writers of the second page's flags (memory_failure() change", lockTaken.Message);
        Assert.Equal("mm/seed000_set_under_split_queue_lock.c", lockTaken.Location.File);
        Assert.Equal("deferred_split_folio", finding.Function);
        var writer = Assert.Single(finding.Evidence, e => e.Function == "memory_failure" && e.Message.Contains("folio_set_has_hwpoisoned()"));
        Assert.Equal("mm/memory-failure.c", writer.Location.File);
        Assert.Contains("PG_has_hwpoisoned", writer.Message);
        Assert.Contains("not ds_queue->split_queue_lock", writer.Message);
    }

    [Fact]
    public void FrozenRefcount_EvidenceIsTheReferenceFreeWriterAlone_ConfidenceMedium()
    {
        var findings = RuleFixtures.Run("FOL001", "after_unfreeze.c").Findings.Where(f => f.RuleId == "FOL001").OrderBy(f => f.Primary.Line).ToList();
        Assert.Equal(2, findings.Count);
        var frozen = findings[0];
        Assert.Equal(Folint.Analyzer.Findings.FindingConfidence.Medium, frozen.Confidence);
        Assert.Contains("under a frozen refcount", frozen.Message);
        var writer = Assert.Single(frozen.Evidence);
        Assert.Equal("memory_failure", writer.Function);
        Assert.Contains("TestSetPageHWPoison()", writer.Message);
        Assert.Contains("before it holds a reference", writer.Message);
        // after the unfreeze every writer of the word can reach the folio again
        var late = findings[1];
        Assert.Equal(Folint.Analyzer.Findings.FindingConfidence.High, late.Confidence);
        Assert.DoesNotContain("frozen", late.Message);
    }

    [Fact]
    public void SecondPageFlag_WithoutAtomicAccessor_FixSaysToGenerateOne()
    {
        var finding = RuleFixtures.Run("FOL001", "seed000_clear_on_lost_race.c").Findings.Single(f => f.RuleId == "FOL001");
        Assert.Contains("has no atomic accessor to clear PG_partially_mapped (bit PG_reclaim)", finding.FixHint);
        Assert.Contains("FOLIO_FLAG(partially_mapped", finding.FixHint);
    }

    [Fact]
    public void LockedFlag_FixPointsAtTheFolioLock_NeverAtGeneratingAnAccessor()
    {
        var finding = RuleFixtures.Run("FOL001", "locked_flag_on_cached_folio.c").Findings.Single(f => f.RuleId == "FOL001");
        Assert.StartsWith("PG_locked is the folio lock: take it with folio_lock() or folio_trylock() and release it with folio_unlock()", finding.FixHint);
        Assert.DoesNotContain("FOLIO_FLAG", finding.FixHint);
        // the folio-lock waiters are the writers that reach a locked folio whoever holds the lock
        Assert.Contains(finding.Evidence, e => e.Function == "memory_failure");
    }

    [Fact]
    public void HeadPageFlag_WithAtomicAccessor_FixNamesIt()
    {
        var finding = RuleFixtures.Run("FOL001", "alias_flag.c").Findings.Single(f => f.RuleId == "FOL001");
        Assert.StartsWith("use folio_set_readahead() instead", finding.FixHint);
        Assert.Contains("PG_readahead (bit PG_reclaim)", finding.Message);
        Assert.Contains("the folio's flags word", finding.Message);
        Assert.Contains(finding.Evidence, e => e.Function == "fixture_mark_dirty");
    }

    [Fact]
    public void InlineWrapper_ReportedAtItsCall_WithEveryFlagItClears()
    {
        var finding = RuleFixtures.Run("FOL001", "inline_wrapper.c").Findings.Single(f => f.RuleId == "FOL001");
        Assert.Equal("fixture_putback", finding.Function);
        Assert.StartsWith("fixture_clear_lru_flags() updates PG_lru, PG_active non-atomically", finding.Message);
    }
}

public sealed class NonAtomicFlagUpdateWithoutTreeTests
{
    [Fact]
    public void FileCheckedWithoutItsTree_UsesTheFallbackAccessorTable()
    {
        var scratch = System.IO.Directory.CreateTempSubdirectory("folint-notree-").FullName;
        try
        {
            var file = System.IO.Path.Combine(scratch, "driver.c");
            System.IO.File.WriteAllText(file, "void fixture_driver_mark(struct folio *folio)\n{\n\t__folio_set_swapbacked(folio);\n}\n");
            var rulesDirectory = System.IO.Path.Combine(System.AppContext.BaseDirectory, "rules");
            using var frontend = Folint.CSource.CFrontend.ForKernel(rulesDirectory);
            var engine = new Folint.CSource.Engine.CheckEngine(frontend, Folint.Analyzer.Rules.SourceRules.All(ShippedKnowledge.Kernel),
                Folint.CSource.Knowledge.RuleCatalogLoader.Load(rulesDirectory));
            var inputs = Folint.CSource.Engine.SourceDiscovery.Discover(new[] { file }, scratch, new Folint.CSource.Engine.SourceDiscoveryOptions());
            Assert.False(inputs.HasTreeHeaders);

            var finding = Assert.Single(engine.Check(inputs).Findings, f => f.RuleId == "FOL001");

            Assert.Equal(3, finding.Primary.Line);
            Assert.StartsWith("__folio_set_swapbacked() updates PG_swapbacked non-atomically in the folio's flags word", finding.Message);
            Assert.StartsWith("use folio_set_swapbacked() instead", finding.FixHint);
        }
        finally
        {
            System.IO.Directory.Delete(scratch, recursive: true);
        }
    }
}
