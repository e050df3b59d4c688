using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// The page-flags.h of the tree being checked, with the functions its generator macros expand to (the program index
/// gives them as ordinary functions whose spans are the macro uses), the flag aliases of <c>enum pageflags</c>, and
/// the accessor table derived from both. Without the tree's header, the fallback table of
/// rules/kernel/page-flags-fallback.yaml stands in.
/// </summary>
internal sealed class PageFlagsHeader
{
    private readonly FlagVocabulary _vocabulary;
    private readonly ImmutableDictionary<string, ImmutableArray<FunctionSymbol>> _functions;
    private readonly ImmutableDictionary<string, string> _aliases;
    private readonly ImmutableDictionary<string, FlagAccessor> _fallback;
    private readonly Lazy<ImmutableArray<FlagAccessor>> _accessors;
    private FlagEffects? _effects;

    /// <param name="partial">
    /// The header is only what a patch's hunks show of it (check-patch without a tree): the fallback table stands in for
    /// every accessor the hunks do not define.
    /// </param>
    public PageFlagsHeader(FlagVocabulary vocabulary, SourceUnit? unit, PageFlagsFallbackSection fallbackTable, bool partial = false)
    {
        _vocabulary = vocabulary;
        Unit = unit;
        Path = vocabulary.PageFlagsHeader;
        _functions = unit is null
            ? ImmutableDictionary<string, ImmutableArray<FunctionSymbol>>.Empty
            : unit.Functions.GroupBy(f => f.Name, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.Select(f => new FunctionSymbol(unit.Path, f)).ToImmutableArray(), StringComparer.Ordinal);
        var fallback = FallbackTable.Read(fallbackTable);
        _aliases = unit is null ? fallback.Aliases : partial ? fallback.Aliases.SetItems(Aliases(unit, vocabulary)) : Aliases(unit, vocabulary);
        _fallback = unit is null || partial ? fallback.Accessors.RemoveRange(_functions.Keys) : ImmutableDictionary<string, FlagAccessor>.Empty;
        _accessors = new Lazy<ImmutableArray<FlagAccessor>>(Derive, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public SourceUnit? Unit { get; }

    public string Path { get; }

    /// <summary>True when the accessors come from the fallback table, not from the tree.</summary>
    public bool IsFallback => Unit is null;

    internal void Attach(FlagEffects effects) => _effects = effects;

    /// <summary>Every flag accessor: one flag operation on the word of its parameter.</summary>
    public ImmutableArray<FlagAccessor> Accessors => _accessors.Value;

    public ImmutableArray<FunctionSymbol> Functions(string name)
    {
        if (_functions.TryGetValue(name, out var found))
            return found;
        if (_fallback.TryGetValue(name, out var accessor))
        {
            var stub = new FunctionDef(name, default, default, TypeRef.Unknown,
                ImmutableArray.Create(new Parameter(default, accessor.TakesFolio ? "folio" : "page", new TypeRef(accessor.TakesFolio ? "struct folio" : "struct page", 1))),
                StorageClass.Static | StorageClass.AlwaysInline, ImmutableArray<string>.Empty, new BlockStmt(default, ImmutableArray<Stmt>.Empty), false);
            return ImmutableArray.Create(new FunctionSymbol(Path, stub));
        }
        return ImmutableArray<FunctionSymbol>.Empty;
    }

    /// <summary>The effect a fallback accessor has on its parameter (no tree, so no body to read it from).</summary>
    public FlagEffect? FallbackAccessor(string name) =>
        _fallback.TryGetValue(name, out var a)
            ? new FlagEffect(a.Op, a.Atomic, a.Flag, 0, a.TakesFolio ? "folio" : "page",
                a.Word switch { FlagWord.Second => PagePosition.Second, FlagWord.Head when !a.TakesFolio => PagePosition.Head, _ => PagePosition.Self },
                a.TakesFolio, name + "()", ImmutableArray<string>.Empty)
            : null;

    /// <summary>The bit a flag name stands for: <c>PG_partially_mapped</c> is <c>PG_reclaim</c>.</summary>
    public string BitOf(string flag)
    {
        var current = flag;
        for (var i = 0; i < 8 && _aliases.TryGetValue(current, out var next); i++)
            current = next;
        return current;
    }

    /// <summary>Names of the functions of the header that update a flag non-atomically.</summary>
    public IEnumerable<string> NonAtomicWriters() =>
        Accessors.Where(a => !a.Atomic && FlagOps.IsWrite(a.Op)).Select(a => a.Name).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Page accessors generated with a page policy (<c>__SETPAGEFLAG(Reserved, reserved, PF_NO_COMPOUND)</c>) name the
    /// policy in the macro use; the expansion of PF_NO_COMPOUND is the page itself, but the flag lives in a small
    /// page's only word, the head's.
    /// </summary>
    internal ImmutableArray<FlagEffect> AdjustForPolicy(FunctionSymbol function, ImmutableArray<FlagEffect> effects, PageExpressions context)
    {
        if (Unit is null || function.File != Unit.Path || effects.IsEmpty)
            return effects;
        var use = Unit.MacroUses.FirstOrDefault(u => u.Span == function.Definition.Span);
        if (use is null)
            return effects;
        var policy = use.Arguments.FirstOrDefault(a => _vocabulary.PolicyHead.Contains(a) || _vocabulary.PolicySecond.Contains(a));
        if (policy is null)
            return effects;
        var position = _vocabulary.PolicySecond.Contains(policy) ? PagePosition.Second : PagePosition.Head;
        return effects.Select(e => e.Parameter >= 0 && !e.RootIsFolio && e.Position == PagePosition.Self ? e with { Position = position } : e).ToImmutableArray();
    }

    private ImmutableArray<FlagAccessor> Derive()
    {
        if (Unit is null)
            return _fallback.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToImmutableArray();
        var effects = _effects ?? throw new InvalidOperationException("accessor table needs the effect analysis");
        var accessors = new Dictionary<string, FlagAccessor>(StringComparer.Ordinal);
        foreach (var function in Unit.Functions)
        {
            if (accessors.ContainsKey(function.Name) || function.Parameters.Length == 0)
                continue;
            var parameterType = function.Parameters[0].Type.RecordTag;
            if (parameterType is not ("page" or "folio"))
                continue;
            var onParameter = effects.Of(new FunctionSymbol(Unit.Path, function), Unit)
                .Where(e => e.Parameter == 0 && e.Flag is not null)
                .Select(e => (e.Op, e.Atomic, e.Flag, e.Position))
                .Distinct()
                .ToList();
            // one flag operation on the parameter's word; tests next to a write (test_and_set) count as the write
            var writes = onParameter.Where(e => FlagOps.IsWrite(e.Op)).ToList();
            var chosen = writes.Count > 0 ? writes : onParameter;
            if (chosen.Select(e => (e.Op, e.Atomic, e.Flag)).Distinct().Count() != 1)
                continue;
            var (op, atomic, flag, position) = chosen[0];
            var folio = parameterType == "folio";
            var word = position switch
            {
                PagePosition.Second => FlagWord.Second,
                PagePosition.Head => FlagWord.Head,
                PagePosition.Self => folio ? FlagWord.Head : FlagWord.AnyPage,
                _ => FlagWord.AnyPage,
            };
            accessors[function.Name] = new FlagAccessor(function.Name, flag!, BitOf(flag!), word, op, atomic, folio, Unit.Path, function.Span);
        }
        // a header known only from a patch's hunks: the accessors they do not define come from the fallback table
        foreach (var (name, accessor) in _fallback)
        {
            if (!accessors.ContainsKey(name))
                accessors[name] = accessor;
        }
        return accessors.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToImmutableArray();
    }

    private static ImmutableDictionary<string, string> Aliases(SourceUnit unit, FlagVocabulary vocabulary)
    {
        var aliases = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var definition in unit.Enums.Where(e => e.Name == vocabulary.FlagsEnum))
        {
            foreach (var member in definition.Members)
            {
                if (member.Value is NameExpr target && target.Identifier.StartsWith(vocabulary.FlagPrefix, StringComparison.Ordinal))
                    aliases[member.Name] = target.Identifier;
            }
        }
        return aliases.ToImmutable();
    }
}

/// <summary>
/// rules/kernel/page-flags-fallback.yaml as accessors, aliases resolved (<c>PG_partially_mapped</c> to the bit it shares,
/// <c>PG_reclaim</c>), and back: <see cref="Format"/> writes one accessor as the file writes it, to regenerate it.
/// </summary>
internal static class FallbackTable
{
    public static (ImmutableDictionary<string, FlagAccessor> Accessors, ImmutableDictionary<string, string> Aliases) Read(PageFlagsFallbackSection table)
    {
        var accessors = ImmutableDictionary.CreateBuilder<string, FlagAccessor>(StringComparer.Ordinal);
        foreach (var (name, entry) in table.Accessors)
        {
            var bit = entry.Flag;
            for (var i = 0; i < 8 && table.Aliases.TryGetValue(bit, out var next); i++)
                bit = next;
            accessors[name] = new FlagAccessor(name, entry.Flag, bit, entry.Word, entry.Op, entry.Atomic, entry.Takes == PageObject.Folio, null, default);
        }
        return (accessors.ToImmutable(), table.Aliases);
    }

    /// <summary>One accessor as a line of the file's <c>accessors:</c> mapping (the inverse of <see cref="Read"/>).</summary>
    public static string Format(FlagAccessor accessor) =>
        $"{accessor.Name}: {{flag: {accessor.Flag}, word: {Spelled(accessor.Word.ToString())}, op: {Spelled(accessor.Op.ToString())}, " +
        $"atomic: {(accessor.Atomic ? "true" : "false")}, takes: {(accessor.TakesFolio ? "folio" : "page")}}}";

    /// <summary>An enum member as rules/kernel spells it: <c>TestAndSet</c> as <c>test-and-set</c>.</summary>
    private static string Spelled(string member) =>
        string.Concat(member.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
