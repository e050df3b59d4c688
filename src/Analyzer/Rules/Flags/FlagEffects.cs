using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// What functions do to page flags words, by effect rather than by name: a bit operation (<c>__set_bit(PG_x,
/// folio_flags(folio, 1))</c>), a compound assignment to a flags word (<c>page[1].flags &amp;= ~mask</c>), or a call of
/// an inline function that does one of these to an argument, followed through any depth of inline wrappers.
/// Summaries are in terms of a function's parameters, so a caller substitutes its own arguments.
/// </summary>
/// <remarks>
/// Only inline functions are followed (their bodies are part of the caller, so the caller's context decides whether
/// the update is safe); a non-inline function reports inside itself. Callees are looked up among the functions of
/// the caller's own file, the page-flags header, and the inline wrappers of non-atomic accessors found in the tree
/// (<see cref="NonAtomicWrappers"/>), never by parsing every file that mentions a callee.
/// </remarks>
internal sealed class FlagEffects
{
    private const int MaxDepth = 12;

    private readonly FlagVocabulary _vocabulary;
    private readonly IProgramIndex _program;
    private readonly PageFlagsHeader _header;
    private readonly ConditionalWeakTable<FunctionDef, Summary> _summaries = new();
    private readonly ConcurrentDictionary<string, WordReturn?> _wordReturns = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, ImmutableArray<FunctionSymbol>>? _wrappers;

    public FlagEffects(FlagVocabulary vocabulary, IProgramIndex program, PageFlagsHeader header)
    {
        _vocabulary = vocabulary;
        _program = program;
        _header = header;
    }

    /// <summary>
    /// Inline functions anywhere in the tree that pass one of their parameters to a non-atomic flag accessor (or to
    /// another such wrapper): <c>__folio_clear_lru_flags()</c> in mm_inline.h. Found by <see cref="FindWrappers"/>.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<FunctionSymbol>> NonAtomicWrappers =>
        _wrappers ?? throw new InvalidOperationException("the wrappers are found when the run starts: call FindWrappers first");

    /// <summary>Effects of one function, on its parameters and on its own variables.</summary>
    public ImmutableArray<FlagEffect> Of(FunctionSymbol function, SourceUnit? unit = null) => Of(function, unit, 0);

    /// <summary>The flag effects of one node of a function (a call or a compound assignment), in that function's terms.</summary>
    public ImmutableArray<FlagEffect> AtNode(Node node, PageExpressions context, string file, SourceUnit? unit) =>
        AtNode(node, context, file, unit, 0);

    private ImmutableArray<FlagEffect> Of(FunctionSymbol function, SourceUnit? unit, int depth)
    {
        if (_summaries.TryGetValue(function.Definition, out var cached))
            return cached.Effects;
        if (depth > MaxDepth)
            return ImmutableArray<FlagEffect>.Empty;
        if (_header.FallbackAccessor(function.Definition.Name) is { } fallback && function.Definition.Body.Statements.Length == 0)
            return ImmutableArray.Create(fallback);
        var context = new PageExpressions(function.Definition, _vocabulary, name => WordReturning(name, function.File, unit));
        var effects = ImmutableArray.CreateBuilder<FlagEffect>();
        // what a debug assertion tests (VM_BUG_ON_PGFLAGS(PageTail(page)) in PF_NO_TAIL) is not what the function does
        // (by reference: generated accessors carry the span of their macro use on every node)
        var checkedOnly = new HashSet<Node>(ModelWalker.DescendantsOfType<CallExpr>(function.Definition.Body)
            .Where(c => c.CalleeName is { } name && _vocabulary.DebugAssertions.Contains(name))
            .SelectMany(c => c.Arguments.SelectMany(ModelWalker.DescendantsAndSelf)),
            NodeIdentity.Instance);
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Definition.Body))
        {
            if (node is CallExpr or AssignExpr && !checkedOnly.Contains(node))
                effects.AddRange(AtNode(node, context, function.File, unit, depth));
        }
        var result = _header.AdjustForPolicy(function, effects.ToImmutable(), context);
        return _summaries.GetValue(function.Definition, _ => new Summary(result)).Effects;
    }

    private ImmutableArray<FlagEffect> AtNode(Node node, PageExpressions context, string file, SourceUnit? unit, int depth)
    {
        switch (node)
        {
            case CallExpr { CalleeName: { } bitop } call when call.Arguments.Length >= 2 && _vocabulary.TryBitop(bitop, out var op, out var atomic):
            {
                var word = context.WordPointer(call.Arguments[1]);
                if (word is null)
                    return ImmutableArray<FlagEffect>.Empty;
                var flags = context.FlagNames(call.Arguments[0]);
                return ImmutableArray.Create(Effect(op, atomic, flags.Count == 1 ? flags[0] : null, word, context, bitop + "()"));
            }
            case AssignExpr { Operator: AssignOperator.BitwiseOr or AssignOperator.BitwiseAnd or AssignOperator.ExclusiveOr } assign:
            {
                var word = context.WordLvalue(assign.Target);
                if (word is null)
                    return ImmutableArray<FlagEffect>.Empty;
                var op = assign.Operator switch { AssignOperator.BitwiseOr => FlagOp.Set, AssignOperator.BitwiseAnd => FlagOp.Clear, _ => FlagOp.Change };
                var flags = context.FlagNames(assign.Value);
                var operation = $"'{assign.Operator.Spelling()}' on {ExprPrinter.Print(assign.Target)}";
                return ImmutableArray.Create(Effect(op, false, flags.Count == 1 ? flags[0] : flags.Count == 0 ? null : string.Join(", ", flags), word, context, operation));
            }
            case CallExpr { CalleeName: { } callee } call:
            {
                // what an allocation, initialisation or free root does to its pages is safe by definition
                if (_vocabulary.FreeRoots.Contains(callee) || _vocabulary.AllocationRoots.Contains(callee) || _vocabulary.InitRoots.Contains(callee))
                    return ImmutableArray<FlagEffect>.Empty;
                // finding the head page reads PG_head (page_is_fake_head()), but it only names the page an
                // operation works on: counting it would make every PF_HEAD accessor test two flags
                if (_vocabulary.HeadOf.Contains(callee))
                    return ImmutableArray<FlagEffect>.Empty;
                var definition = Resolve(callee, file, unit);
                if (definition is null || ReferenceEquals(definition.Definition, context.Function))
                    return ImmutableArray<FlagEffect>.Empty;
                var inner = Of(definition, definition.File == file ? unit : null, depth + 1);
                if (inner.IsEmpty)
                    return inner;
                var substituted = ImmutableArray.CreateBuilder<FlagEffect>();
                foreach (var effect in inner)
                {
                    if (effect.Parameter < 0 || effect.Parameter >= call.Arguments.Length)
                        continue;
                    var page = context.Page(call.Arguments[effect.Parameter]);
                    if (page is null)
                        continue;
                    var composed = page.Then(effect.Position);
                    substituted.Add(effect with
                    {
                        Parameter = context.ParameterIndex(composed.Root),
                        Root = composed.Root,
                        Position = composed.Position,
                        RootIsFolio = context.IsFolio(composed.Root),
                        Via = effect.Via.Insert(0, callee),
                    });
                }
                return substituted.ToImmutable();
            }
            default:
                return ImmutableArray<FlagEffect>.Empty;
        }
    }

    private static FlagEffect Effect(FlagOp op, bool atomic, string? flag, PageRef word, PageExpressions context, string operation) =>
        new(op, atomic, flag, context.ParameterIndex(word.Root), word.Root, word.Position, context.IsFolio(word.Root), operation, ImmutableArray<string>.Empty);

    /// <summary>The inline definition a call in <paramref name="file"/> reaches, among the functions effects follow.</summary>
    public FunctionSymbol? Resolve(string callee, string file, SourceUnit? unit)
    {
        if (unit is not null)
        {
            foreach (var function in unit.Functions)
            {
                if (function.Name == callee && function.Body.Statements.Length > 0)
                    return function.IsInline ? new FunctionSymbol(unit.Path, function) : null;
            }
        }
        if (_header.Functions(callee) is { Length: > 0 } accessors)
            return accessors.FirstOrDefault(a => a.Definition.Body.Statements.Length > 0 && HasFlagEffect(a)) ?? accessors[0];
        // the header's own functions call only each other (and the accessor table is derived from them)
        if (file == _header.Path)
            return null;
        if (NonAtomicWrappers.TryGetValue(callee, out var wrappers))
            return wrappers.FirstOrDefault(w => w.File == file) ?? wrappers.FirstOrDefault(w => w.File.EndsWith(".h", StringComparison.Ordinal));
        return null;
    }

    private bool HasFlagEffect(FunctionSymbol accessor) => !Of(accessor, null, 0).IsEmpty;

    public WordReturn? WordReturning(string name, string file, SourceUnit? unit) =>
        _wordReturns.GetOrAdd(file + "\0" + name, _ =>
        {
            FunctionSymbol? definition = null;
            if (unit is not null)
            {
                var local = unit.Functions.FirstOrDefault(f => f.Name == name);
                if (local is not null)
                    definition = new FunctionSymbol(unit.Path, local);
            }
            definition ??= _header.Functions(name).FirstOrDefault();
            if (definition is null)
                return null;
            return new PageExpressions(definition.Definition, _vocabulary, _ => null).ReturnedWord();
        });

    /// <summary>Finds <see cref="NonAtomicWrappers"/> once, when the run starts (every flag site of every unit asks them).</summary>
    internal void FindWrappers(CancellationToken cancellationToken) => _wrappers = Wrappers(cancellationToken);

    private ImmutableDictionary<string, ImmutableArray<FunctionSymbol>> Wrappers(CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, List<FunctionSymbol>>(StringComparer.Ordinal);
        var queue = new Queue<string>(_header.NonAtomicWriters().OrderBy(n => n, StringComparer.Ordinal));
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        // without a tree the index answers over the checked files: a series' own inline wrappers are found there
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var writer = queue.Dequeue();
            foreach (var site in _program.CallersOf(writer, cancellationToken).GroupBy(s => (s.File, s.Caller)).Select(g => g.First()))
            {
                if (site.File == _header.Path || seen.Contains(site.Caller) && found.ContainsKey(site.Caller))
                    continue;
                foreach (var caller in _program.FunctionsNamedIn(site.Caller, site.File, cancellationToken).Where(f => f.Definition.IsInline))
                {
                    // a wrapper passes its own parameter on: the effect lands on what its caller gives
                    var context = new PageExpressions(caller.Definition, _vocabulary, _ => null);
                    var passesParameter = ModelWalker.Calls(caller.Definition)
                        .Where(c => c.CalleeName == writer)
                        .Any(c => c.Arguments.Any(a => context.Page(a) is { } page && context.ParameterIndex(page.Root) >= 0));
                    if (!passesParameter)
                        continue;
                    if (!found.TryGetValue(caller.Definition.Name, out var list))
                        found[caller.Definition.Name] = list = new List<FunctionSymbol>();
                    list.Add(caller);
                    if (seen.Add(caller.Definition.Name))
                        queue.Enqueue(caller.Definition.Name);
                }
            }
        }
        return found.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private sealed class Summary
    {
        public Summary(ImmutableArray<FlagEffect> effects) => Effects = effects;

        public ImmutableArray<FlagEffect> Effects { get; }
    }
}
