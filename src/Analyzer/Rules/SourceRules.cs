using System.Collections.Immutable;

namespace Folint.Analyzer.Rules;

/// <summary>Every C source rule folint ships, in id order. The CLI, the LSP and the tests all take them from here.</summary>
public static class SourceRules
{
    public static ImmutableArray<ISourceRule> All() => ImmutableArray.Create<ISourceRule>(
        new OpenCodedFlagBitopRule(),
        new NonAtomicFlagUpdateRule(),
        new Refcount.TailPageRefcountWriteRule(),
        new Layout.FolioTailRefcountLayoutRule(),
        new Mapcount.MapcountUnderflowRule(),
        new Batch.CountDownLoopRule());
}
