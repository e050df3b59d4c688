using System;
using System.Collections.Immutable;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.CSource.Normalization;

namespace Folint.Cli;

/// <summary>
/// What a frontend or a rule may need when it is created: where rules/ is, the catalog, the kernel knowledge, and for
/// kbuild-check the macros of the compilation (configuration and -D/-U).
/// </summary>
public sealed record CompositionContext(string RulesDirectory, RuleCatalog Catalog, CompilationMacros? Macros = null)
{
    /// <summary>The sections of rules/kernel that <typeparamref name="T"/> names, typed and validated (a bad file is exit 2, named with its line).</summary>
    public T Knowledge<T>()
        where T : class
    {
        try
        {
            return KnowledgeLoader.Load<T>(RulesDirectory);
        }
        catch (RulesLoadException e)
        {
            throw new RulesInvalidError(RulesDirectory, e);
        }
    }
}

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
        frontend: context => CFrontend.ForKernel(context.Knowledge<FrontendKnowledge>(), context.Macros),
        rules: context => SourceRules.All(context.Knowledge<KernelKnowledge>()));

    /// <summary>Every reader of rules/kernel in the executable: a knowledge file none of them reads is an error.</summary>
    public static ImmutableArray<Type> KnowledgeTypes { get; } = ImmutableArray.Create(typeof(FrontendKnowledge), typeof(KernelKnowledge));

    public ISourceFrontend CreateFrontend(CompositionContext context) =>
        _frontend(context);

    public ImmutableArray<ISourceRule> CreateRules(CompositionContext context) => _rules(context);
}
