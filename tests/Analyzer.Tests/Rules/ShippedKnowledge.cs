using System;
using System.IO;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource.Knowledge;

namespace Folint.Analyzer.Tests.Rules;

/// <summary>rules/ as shipped beside the test assembly, loaded once; tests that need other knowledge replace one section with <c>with</c>.</summary>
public static class ShippedKnowledge
{
    public static string RulesDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "rules");

    public static KernelKnowledge Kernel { get; } = KnowledgeLoader.Load<KernelKnowledge>(RulesDirectory);
}
