using System.Collections.Immutable;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/assertions.yaml.</summary>
/// <param name="DebugAssertions">BUG_ON(), VM_WARN_ON_ONCE() and kin: a call as a statement states its argument is false from there on.</param>
public sealed record AssertionsSection(ImmutableHashSet<string> DebugAssertions);
