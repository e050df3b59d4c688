using System;
using System.Collections.Immutable;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Rules;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Normalization;

namespace Folint.Cli;

/// <summary>
/// What a frontend or a rule may need when it is created: where rules/ is, the catalog and the kernel knowledge, and
/// for kbuild-check the macros of the compilation (configuration and -D/-U).
/// </summary>
public sealed record CompositionContext(string RulesDirectory, RuleCatalog Catalog, KernelKnowledge Knowledge, CompilationMacros? Macros = null);

/// <summary>
/// The one place where the C frontend and the rules are wired into the command line. Everything else in
/// src/Cli takes them from here; tests build their own composition with test doubles.
/// </summary>
public sealed class Composition
{
    private readonly Func<CompositionContext, ISourceFrontend> _frontend;
    private readonly Func<CompositionContext, ImmutableArray<ISourceRule>> _rules;

    public Composition(Func<CompositionContext, ISourceFrontend> frontend, Func<CompositionContext, ImmutableArray<ISourceRule>> rules)
    {
        _frontend = frontend;
        _rules = rules;
    }

    /// <summary>The composition of the folint executable.</summary>
    public static Composition Default { get; } = new(
        frontend: context => CFrontend.ForKernel(context.RulesDirectory, context.Macros),
        rules: _ => SourceRules.All());

    public ISourceFrontend CreateFrontend(CompositionContext context) =>
        _frontend(context);

    public ImmutableArray<ISourceRule> CreateRules(CompositionContext context) => _rules(context);
}
