using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using CallSite = Folint.Analyzer.Contracts.CallSite;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// Everything FOL000 and FOL001 learn about one tree, shared by every unit of a run: the vocabulary, the page-flags
/// header and its accessors, the effect summaries, the exclusive phases, the ownership summaries of functions, the
/// flows of the functions asked about, the concurrent writers found for each word, and each unit's unsafe updates.
/// One per run (<see cref="For"/>).
/// </summary>
internal sealed class FlagAnalysis
{
    private readonly ConditionalWeakTable<SourceUnit, IReadOnlyList<UnsafeFlagUpdate>> _updates = new();
    private readonly RunMemo<FlowKey, FunctionFlow> _flows = new();
    private readonly ConditionalWeakTable<FunctionDef, FunctionFlow> _writerFlows = new();
    private readonly ConcurrentDictionary<(FlagWord, string?, string), ImmutableArray<ConcurrentWriter>> _writers = new();

    /// <summary>Reads the tree's page-flags.h and finds the inline wrappers of its non-atomic accessors (the tree's part of the analysis).</summary>
    public FlagAnalysis(FlagVocabulary vocabulary, PageFlagsFallbackSection fallbackTable, IProgramIndex program, CancellationToken cancellationToken)
    {
        Program = program;
        Vocabulary = vocabulary;
        // without a tree the header is what a patch's hunks show of it, at most: the fallback table fills in the rest
        Header = new PageFlagsHeader(Vocabulary, program.UnitAt(Vocabulary.PageFlagsHeader, cancellationToken), fallbackTable, partial: !program.IsWholeTree);
        Effects = new FlagEffects(Vocabulary, program, Header);
        Header.Attach(Effects);
        Effects.FindWrappers(cancellationToken);
        Summaries = new OwnershipSummaries(this);
        Phases = new ExclusivePhases(Vocabulary, program, (f, token) => FlowOf(f, null, token), Summaries);
    }

    /// <summary>The run's analysis, made by whichever of FOL000 and FOL001 starts first.</summary>
    public static FlagAnalysis For(SourceRun run, KernelKnowledge knowledge, CancellationToken cancellationToken) =>
        run.Shared(() => new FlagAnalysis(new FlagVocabulary(knowledge), knowledge.PageFlagsFallback, run.Program, cancellationToken));

    /// <summary>The unsafe updates of a unit, found once for FOL000 and FOL001 together.</summary>
    public IReadOnlyList<UnsafeFlagUpdate> UpdatesIn(SourceUnit unit, CancellationToken cancellationToken)
    {
        if (_updates.TryGetValue(unit, out var known))
            return known;
        var found = UnsafeFlagUpdates.Find(this, unit, cancellationToken);
        return _updates.GetValue(unit, _ => found);
    }

    public IProgramIndex Program { get; }

    public FlagVocabulary Vocabulary { get; }

    public PageFlagsHeader Header { get; }

    public FlagEffects Effects { get; }

    public ExclusivePhases Phases { get; }

    /// <summary>What functions do with the pages they are handed or return, summarised on demand.</summary>
    public OwnershipSummaries Summaries { get; }

    /// <summary>The flow of a function, the functions of the file being checked seeing their own file's helpers.</summary>
    /// <remarks>
    /// Flows computed with the function's own unit (its file's helpers read) and without it are kept apart, so an
    /// answer never depends on which question came first.
    /// </remarks>
    public FunctionFlow FlowOf(FunctionSymbol function, SourceUnit? unit, CancellationToken cancellationToken) =>
        _flows.Get(new FlowKey(function.Definition, unit is not null), () => Flow(function, unit, 0, cancellationToken), () => NoFlow(function, unit));

    /// <summary>What a flow asked for while it is being computed (a caller's flow that needs its own) knows: nothing.</summary>
    private FunctionFlow NoFlow(FunctionSymbol function, SourceUnit? unit) =>
        new(new PageExpressions(function.Definition, Vocabulary, name => Effects.WordReturning(name, function.File, unit)), new Dictionary<Node, FlowState>());

    /// <summary>A flow question: the definition by identity, and whether its own file's helpers are read.</summary>
    private sealed class FlowKey : IEquatable<FlowKey>
    {
        private readonly FunctionDef _definition;
        private readonly bool _withUnit;

        public FlowKey(FunctionDef definition, bool withUnit)
        {
            _definition = definition;
            _withUnit = withUnit;
        }

        public bool Equals(FlowKey? other) => other is not null && ReferenceEquals(_definition, other._definition) && _withUnit == other._withUnit;

        public override bool Equals(object? obj) => Equals(obj as FlowKey);

        public override int GetHashCode() => RuntimeHelpers.GetHashCode(_definition) * 2 + (_withUnit ? 1 : 0);
    }

    /// <summary>
    /// The flow of a function that writes a flag atomically, to tell whether it is a concurrent writer: from rules/
    /// alone, without reading its callees (there are many writers, and a summary is not worth one line of evidence).
    /// </summary>
    private FunctionFlow WriterFlowOf(FunctionSymbol function, CancellationToken cancellationToken) =>
        _writerFlows.GetValue(function.Definition, _ => Flow(function, null, OwnershipSummaries.ListsOnly, cancellationToken));

    private FunctionFlow Flow(FunctionSymbol function, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        var context = new PageExpressions(function.Definition, Vocabulary, name => Effects.WordReturning(name, function.File, unit));
        var calls = new FlowCalls(this, function.File, unit, depth, cancellationToken);
        return new FunctionFlow(context, new ObjectFlow(Vocabulary, context, calls).Run().Before);
    }

    /// <summary>Atomic writers of a word found in the tree, other than of <paramref name="bit"/>, outside exclusive phases.</summary>
    /// <remarks>Writers in the directory of <paramref name="nearFile"/> come first: they are the ones a reader of the finding knows.</remarks>
    public ImmutableArray<ConcurrentWriter> WritersOf(FlagWord word, string? bit, string nearFile, CancellationToken cancellationToken) =>
        _writers.GetOrAdd((word, bit, TopDirectory(nearFile)), key => FindWriters(key.Item1, key.Item2, key.Item3, cancellationToken));

    private static string TopDirectory(string file)
    {
        var slash = file.IndexOf('/');
        return slash < 0 ? "" : file.Substring(0, slash + 1);
    }

    private ImmutableArray<ConcurrentWriter> FindWriters(FlagWord word, string? bit, string directory, CancellationToken cancellationToken)
    {
        const int Wanted = 3;
        var found = ImmutableArray.CreateBuilder<ConcurrentWriter>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var candidates = Header.Accessors
            .Where(a => a.Atomic && FlagOps.IsWrite(a.Op) && a.Bit != bit && FlagWords.MayShare(a.Word, word) && a.Word != FlagWord.Unknown)
            // PG_waiters first: whoever waits for the folio lock sets it, on any folio in use, locked by us or not
            .OrderBy(a => Vocabulary.ContendedLockFlags.Contains(a.Bit) ? 0 : 1)
            .ThenBy(a => a.Word == word ? 0 : 1)
            .ThenBy(a => a.TakesFolio ? 0 : 1)
            .ThenBy(a => a.Op == FlagOp.Set || a.Op == FlagOp.TestAndSet ? 0 : 1)
            .ThenBy(a => a.Name, StringComparer.Ordinal);
        foreach (var accessor in candidates)
        {
            if (found.Count >= Wanted)
                break;
            if (flags.Contains(accessor.Bit) || Program.MentionCount(accessor.Name) > ExclusivePhases.MaxMentioningFiles)
                continue;
            foreach (var site in Program.CallersOf(accessor.Name, cancellationToken)
                .OrderBy(s => Vocabulary.ReferenceFreeWriters.ContainsKey(s.Caller) ? 0 : 1)
                .ThenBy(s => s.File.StartsWith(directory, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(s => s.File, StringComparer.Ordinal)
                .ThenBy(s => s.Span.Start))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (site.File == Header.Path)
                    continue;
                var caller = Phases.Definition(site, cancellationToken);
                if (caller is null || Phases.PhaseOf(caller, cancellationToken) != ExclusivePhase.None)
                    continue;
                var flow = WriterFlowOf(caller, cancellationToken);
                var call = ModelWalker.Calls(caller.Definition).FirstOrDefault(c => c.Span == site.Span && c.CalleeName == accessor.Name);
                if (call is null || call.Arguments.Length == 0)
                    continue;
                var page = flow.Context.PageNoAlias(call.Arguments[0]);
                if (page is not null && flow.States.TryGetValue(call, out var state))
                {
                    if (ObjectStates.IsExclusive(state.StateOf(page.Root)))
                        continue;
                    // a write to a folio its caller holds exclusively is no concurrent writer either
                    var parameter = flow.Context.ParameterIndex(state.ObjectOf(page.Root));
                    if (parameter >= 0 && Phases.ParameterExclusive(caller, parameter, cancellationToken))
                        continue;
                }
                var locks = flow.States.TryGetValue(call, out var atSite) ? atSite.Locks.Keys.ToImmutableArray() : ImmutableArray<string>.Empty;
                found.Add(new ConcurrentWriter(accessor, site, locks));
                flags.Add(accessor.Bit);
                break;
            }
        }
        return found.ToImmutable();
    }

    /// <summary>
    /// The writes that the functions of phases.yaml reference_free_writers make without holding a reference
    /// (memory_failure()'s TestSetPageHWPoison()), in a word that may be <paramref name="word"/>, of a bit other than
    /// <paramref name="bit"/>: the writers a frozen refcount does not keep out.
    /// </summary>
    public ImmutableArray<ReferenceFreeWrite> ReferenceFreeWritesOf(FlagWord word, string? bit, CancellationToken cancellationToken) =>
        _referenceFree.GetOrAdd((word, bit), key =>
        {
            var found = ImmutableArray.CreateBuilder<ReferenceFreeWrite>();
            // read what those functions do, rather than searching every caller of every accessor
            foreach (var (name, flags) in Vocabulary.ReferenceFreeWriters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                foreach (var writer in Program.FunctionsNamed(name, cancellationToken).Where(f => f.Definition.Body.Statements.Length > 0))
                {
                    var context = new PageExpressions(writer.Definition, Vocabulary, n => Effects.WordReturning(n, writer.File, null));
                    foreach (var node in ModelWalker.DescendantsAndSelf(writer.Definition.Body))
                    {
                        if (node is not (CallExpr or AssignExpr))
                            continue;
                        var write = Effects.AtNode(node, context, writer.File, null).FirstOrDefault(effect =>
                            effect.Atomic && FlagOps.IsWrite(effect.Op) && effect.Flag is not null
                            && flags.Contains(Header.BitOf(effect.Flag)) && Header.BitOf(effect.Flag) != key.Item2
                            && FlagWords.MayShare(WordOfEffect(effect), key.Item1));
                        if (write is null)
                            continue;
                        var operation = write.Via.IsDefaultOrEmpty ? write.Operation : write.Via[0] + "()";
                        found.Add(new ReferenceFreeWrite(writer.File, node.Span, name, operation, write.Flag!, WordOfEffect(write)));
                        break;
                    }
                }
            }
            return found.ToImmutable();
        });

    private static FlagWord WordOfEffect(FlagEffect effect) => effect.Position switch
    {
        PagePosition.Second => FlagWord.Second,
        PagePosition.Head => FlagWord.Head,
        PagePosition.Self => effect.RootIsFolio ? FlagWord.Head : FlagWord.AnyPage,
        _ => FlagWord.AnyPage,
    };

    private readonly ConcurrentDictionary<(FlagWord, string?), ImmutableArray<ReferenceFreeWrite>> _referenceFree = new();
}

/// <summary>An atomic flag write that a function makes before it holds any reference to the page (memory_failure()'s TestSetPageHWPoison()).</summary>
internal sealed record ReferenceFreeWrite(string File, TextSpan Span, string Function, string Operation, string Flag, FlagWord Word);

/// <summary>An atomic update of a flag in the same word, at a call site of the tree, with the locks held there.</summary>
internal sealed record ConcurrentWriter(FlagAccessor Accessor, CallSite Site, ImmutableArray<string> Locks);
