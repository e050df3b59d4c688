using System.Collections.Immutable;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules;

/// <summary>Every C source rule folint ships, in id order. The CLI, the LSP and the tests all take them from here.</summary>
public static class SourceRules
{
    /// <summary>The rules, each built with the parts of <paramref name="knowledge"/> it reads.</summary>
    public static ImmutableArray<ISourceRule> All(KernelKnowledge knowledge) => ImmutableArray.Create<ISourceRule>(
        new OpenCodedFlagBitopRule(knowledge),
        new NonAtomicFlagUpdateRule(knowledge),
        new Refcount.TailPageRefcountWriteRule(knowledge),
        new Layout.FolioTailRefcountLayoutRule(knowledge),
        new Mapcount.MapcountUnderflowRule(knowledge),
        new Batch.CountDownLoopRule(knowledge));
}
