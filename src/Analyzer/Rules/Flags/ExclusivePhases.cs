using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Flags;

internal enum ExclusivePhase { None, Allocation, Initialisation, Free }

/// <summary>
/// Where a function runs only while nobody else can touch the pages it handles (David Hildenbrand in seed 000:
/// "on the early folio allocation path or on the folio freeing path"): a root listed in phases.yaml, a function
/// annotated <c>__init</c>, or a function every caller of which (whole tree) is itself exclusive. A function whose
/// address is taken or that a macro calls has callers no call graph sees, so it is never exclusive. Also answers
/// whether a parameter always receives an exclusively held object from every caller.
/// </summary>
internal sealed class ExclusivePhases
{
    private const int MaxDepth = 10;
    private const int MaxFunctionsPerQuestion = 400;
    private const int MaxParameterDepth = 3;
    private const int MaxCallSites = 60;

    /// <summary>A function mentioned in more files than this has callers everywhere: not exclusive, and not worth parsing them all.</summary>
    public const int MaxMentioningFiles = 150;

    private readonly FlagVocabulary _vocabulary;
    private readonly IProgramIndex _program;
    private readonly Func<FunctionSymbol, CancellationToken, FunctionFlow> _flowOf;
    private readonly ConcurrentDictionary<(string File, string Name), ExclusivePhase> _phases = new();
    // by depth too: an answer cut short by MaxParameterDepth deeper down is not the answer to the question asked higher up
    private readonly RunMemo<(string File, string Name, int Parameter, int Depth), ObjectState> _parameters = new();

    private readonly OwnershipSummaries _summaries;

    public ExclusivePhases(FlagVocabulary vocabulary, IProgramIndex program, Func<FunctionSymbol, CancellationToken, FunctionFlow> flowOf, OwnershipSummaries summaries)
    {
        _vocabulary = vocabulary;
        _summaries = summaries;
        _program = program;
        _flowOf = flowOf;
    }

    public ExclusivePhase PhaseOf(FunctionSymbol function, CancellationToken cancellationToken)
    {
        var key = (function.File, function.Definition.Name);
        if (_phases.TryGetValue(key, out var known))
            return known;
        var budget = new Budget();
        var phase = Phase(function, 0, new HashSet<(string, string)>(), budget, cancellationToken);
        // an answer cut short by the budget or a cycle is not stored: a later question may see more
        if (!budget.Exhausted)
            _phases[key] = phase;
        return phase;
    }

    private ExclusivePhase Phase(FunctionSymbol function, int depth, HashSet<(string, string)> inProgress, Budget budget, CancellationToken cancellationToken)
    {
        var definition = function.Definition;
        var own = Own(definition, cancellationToken);
        if (own != ExclusivePhase.None)
            return own;
        var key = (function.File, definition.Name);
        if (_phases.TryGetValue(key, out var known))
            return known;
        if (!_program.IsWholeTree || depth > MaxDepth || ++budget.Functions > MaxFunctionsPerQuestion)
        {
            budget.Exhausted = true;
            return ExclusivePhase.None;
        }
        if (!inProgress.Add(key))
            return ExclusivePhase.Initialisation; // a cycle adds no caller of its own
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_program.MentionCount(definition.Name) > MaxMentioningFiles)
                return ExclusivePhase.None;
            if (_program.IndirectUsesOf(definition.Name, cancellationToken).Any(u => InScope(function, u.File)))
                return ExclusivePhase.None;
            var callers = Callers(function, cancellationToken);
            if (callers.Count == 0)
                return ExclusivePhase.None;
            var phases = new HashSet<ExclusivePhase>();
            foreach (var caller in callers)
            {
                var phase = Phase(caller, depth + 1, inProgress, budget, cancellationToken);
                if (phase == ExclusivePhase.None)
                    return ExclusivePhase.None;
                phases.Add(phase);
            }
            return phases.Contains(ExclusivePhase.Free) ? ExclusivePhase.Free : phases.Contains(ExclusivePhase.Allocation) ? ExclusivePhase.Allocation : ExclusivePhase.Initialisation;
        }
        finally
        {
            inProgress.Remove(key);
        }
    }

    private ExclusivePhase Own(FunctionDef definition, CancellationToken cancellationToken)
    {
        if (_vocabulary.FreeRoots.Contains(definition.Name))
            return ExclusivePhase.Free;
        if (_vocabulary.AllocationRoots.Contains(definition.Name))
            return ExclusivePhase.Allocation;
        // registered with migrate_pages() as the destination allocator or its free function (compaction_alloc(),
        // compaction_free()): they hand out and take back folios no one else has seen
        if (_summaries.IsFreeCallback(definition.Name, cancellationToken))
            return ExclusivePhase.Free;
        if (_summaries.IsAllocationCallback(definition.Name, cancellationToken))
            return ExclusivePhase.Allocation;
        if (_vocabulary.InitRoots.Contains(definition.Name) || definition.Annotations.Any(_vocabulary.InitAnnotations.Contains))
            return ExclusivePhase.Initialisation;
        return ExclusivePhase.None;
    }

    /// <summary>The functions that call <paramref name="function"/> (a static function of a .c file only from that file).</summary>
    public IReadOnlyList<FunctionSymbol> Callers(FunctionSymbol function, CancellationToken cancellationToken)
    {
        var result = new List<FunctionSymbol>();
        var seen = new HashSet<(string, string)>();
        foreach (var site in _program.CallersOf(function.Definition.Name, cancellationToken))
        {
            if (!InScope(function, site.File) || site.Caller == function.Definition.Name && site.File == function.File)
                continue;
            if (!seen.Add((site.File, site.Caller)))
                continue;
            var caller = Definition(site, cancellationToken);
            if (caller is not null)
                result.Add(caller);
        }
        return result;
    }

    /// <summary>
    /// True when every caller hands this parameter an object it holds exclusively (allocated and unpublished,
    /// frozen, last reference dropped), or one it received the same way, or calls from an exclusive phase; or
    /// when phases.yaml names the parameter as exclusive by the function's contract.
    /// </summary>
    public bool ParameterExclusive(FunctionSymbol function, int parameter, CancellationToken cancellationToken) => ObjectStates.IsExclusive(ParameterState(function, parameter, cancellationToken));

    /// <summary>
    /// What every caller hands over through this parameter, joined over the callers: <see cref="ObjectState.Fresh"/>
    /// when each holds it exclusively (or the contract in phases.yaml says so, or the caller is in an exclusive phase),
    /// <see cref="ObjectState.Frozen"/> when some caller holds it only by a frozen refcount, Unknown otherwise.
    /// </summary>
    public ObjectState ParameterState(FunctionSymbol function, int parameter, CancellationToken cancellationToken) => ParameterState(function, parameter, 0, cancellationToken);

    private ObjectState ParameterState(FunctionSymbol function, int parameter, int depth, CancellationToken cancellationToken)
    {
        var name = function.Definition.Name;
        if (parameter < function.Definition.Parameters.Length && _vocabulary.IsExclusiveParameter(name, parameter, function.Definition.Parameters[parameter].Name))
            return ObjectState.Fresh;
        // a migration free callback gets back an unused destination: nobody else has seen it
        if (parameter == 0 && _summaries.IsFreeCallback(name, cancellationToken))
            return ObjectState.Fresh;
        // Without a tree only the checked files (a patch's hunks) are known: a static function's callers are all in its
        // own file, which is what the series shows of it; a function others can call may have callers nobody sees.
        if (depth > MaxParameterDepth || !_program.IsWholeTree && !function.Definition.IsStatic)
            return ObjectState.Unknown;
        // recursion through itself proves nothing
        return _parameters.Get((function.File, name, parameter, depth), () => ParameterStateUncached(function, parameter, depth, cancellationToken), ObjectState.Unknown);
    }

    private ObjectState ParameterStateUncached(FunctionSymbol function, int parameter, int depth, CancellationToken cancellationToken)
    {
        var name = function.Definition.Name;
        if (_program.MentionCount(name) > MaxMentioningFiles)
            return ObjectState.Unknown;
        if (_program.IndirectUsesOf(name, cancellationToken).Any(u => InScope(function, u.File)))
            return ObjectState.Unknown;
        var sites = _program.CallersOf(name, cancellationToken).Where(s => InScope(function, s.File)).ToList();
        if (sites.Count == 0 || sites.Count > MaxCallSites)
            return ObjectState.Unknown;
        var joined = ObjectState.Null;
        foreach (var site in sites)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var caller = Definition(site, cancellationToken);
            if (caller is null)
                return ObjectState.Unknown;
            var flow = _flowOf(caller, cancellationToken);
            var call = ModelWalker.Calls(caller.Definition).FirstOrDefault(c => c.Span == site.Span && c.CalleeName == name);
            if (call is null || parameter >= call.Arguments.Length)
                return ObjectState.Unknown;
            var page = flow.Context.PageNoAlias(call.Arguments[parameter]);
            if (page is null)
                return ObjectState.Unknown;
            ObjectState handed;
            if (flow.States.TryGetValue(call, out var state) && ObjectStates.IsExclusive(state.StateOf(page.Root)))
            {
                handed = state.StateOf(page.Root);
            }
            else
            {
                // the argument is the caller's own parameter, directly or through a local (folio = page_folio(page))
                var @object = state?.ObjectOf(page.Root) ?? page.Root;
                var callerParameter = flow.Context.ParameterIndex(@object);
                handed = callerParameter >= 0 ? ParameterState(caller, callerParameter, depth + 1, cancellationToken) : ObjectState.Unknown;
                if (!ObjectStates.IsExclusive(handed) && PhaseOf(caller, cancellationToken) != ExclusivePhase.None)
                    handed = ObjectState.Fresh;
            }
            if (!ObjectStates.IsExclusive(handed))
                return ObjectState.Unknown;
            joined = ObjectStates.Join(joined, handed);
        }
        return joined == ObjectState.Null ? ObjectState.Fresh : joined;
    }

    /// <summary>
    /// The definition that holds a call site: of the functions of that name in the site's file (a patch's fragments can
    /// give one function several), the one whose body spans the call.
    /// </summary>
    public FunctionSymbol? Definition(CallSite site, CancellationToken cancellationToken)
    {
        var found = _program.FunctionsNamedIn(site.Caller, site.File, cancellationToken);
        return found.FirstOrDefault(f => f.Definition.Span.Start <= site.Span.Start && site.Span.End <= f.Definition.Span.End && f.Definition.Body.Statements.Length > 0)
            ?? Definition(site.Caller, site.File, cancellationToken);
    }

    /// <summary>The definition of a caller in the file of its call site.</summary>
    public FunctionSymbol? Definition(string name, string file, CancellationToken cancellationToken)
    {
        var found = _program.FunctionsNamedIn(name, file, cancellationToken);
        return found.FirstOrDefault(f => f.Definition.Body.Statements.Length > 0) ?? found.FirstOrDefault();
    }

    /// <summary>A static function of a .c file is visible only in that file (kernel .c files do not include each other).</summary>
    private static bool InScope(FunctionSymbol function, string file) =>
        !function.Definition.IsStatic || function.File.EndsWith(".h", StringComparison.Ordinal) || file == function.File;

    private sealed class Budget
    {
        public int Functions;
        public bool Exhausted;
    }
}

/// <summary>A function's page expressions with the flow states at its calls and assignments.</summary>
internal sealed record FunctionFlow(PageExpressions Context, IReadOnlyDictionary<Node, FlowState> States);
