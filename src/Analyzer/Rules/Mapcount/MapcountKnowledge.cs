using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Mapcount;

/// <summary>A raw read of a mapcount field: the read expression and the member it reads (<c>folio->_mapcount</c>).</summary>
internal sealed record RawMapcountRead(Expr Read, MemberExpr Member)
{
    public string Field => Member.Member;
}

/// <summary>
/// What FOL003 knows about the mapcount of the tree being checked: the lists of rules/kernel/mapcount.yaml, and
/// what the tree's own headers define: the page-type tests (functions and macros of page-flags.h and mm.h that
/// test against the page-type range) and the mapcount accessors (functions of the accessor headers that read a
/// mapcount field).
/// </summary>
internal sealed class MapcountKnowledge
{
    private readonly ImmutableHashSet<string> _fields;
    private readonly ImmutableHashSet<string> _offsetFields;
    private readonly ImmutableHashSet<string> _readFunctions;

    private MapcountKnowledge(
        KernelKnowledge knowledge,
        ImmutableHashSet<string> typeTests,
        ImmutableDictionary<string, ImmutableArray<string>> accessorsByField,
        ImmutableHashSet<string> accessors,
        ImmutableArray<string> accessorHeaders)
    {
        _fields = knowledge.Mapcount.Fields;
        _offsetFields = knowledge.Mapcount.OffsetFields;
        _readFunctions = knowledge.Mapcount.ReadFunctions;
        TypeMarkers = knowledge.Mapcount.TypeMarkers;
        Assertions = knowledge.Assertions.DebugAssertions;
        TypeTests = typeTests;
        AccessorsByField = accessorsByField;
        Accessors = accessors;
        AccessorHeaders = accessorHeaders;
    }

    /// <summary>Names of the page-type tests, from the list and from the tree's headers.</summary>
    public ImmutableHashSet<string> TypeTests { get; }

    public ImmutableHashSet<string> TypeMarkers { get; }

    public ImmutableHashSet<string> Assertions { get; }

    /// <summary>Every mapcount accessor: derived from the accessor headers, plus the list in mapcount.yaml.</summary>
    public ImmutableHashSet<string> Accessors { get; }

    /// <summary>The accessors the tree's headers define for each field, in header order.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> AccessorsByField { get; }

    public ImmutableArray<string> AccessorHeaders { get; }

    /// <summary>Reads the lists and derives the type tests and accessors from the tree's headers (parsed on demand).</summary>
    public static MapcountKnowledge Derive(KernelKnowledge knowledge, IProgramIndex program, CancellationToken cancellationToken)
    {
        var mapcount = knowledge.Mapcount;
        var fields = mapcount.Fields;
        var readFunctions = mapcount.ReadFunctions;
        var markers = mapcount.TypeMarkers;

        var typeTests = new HashSet<string>(mapcount.TypeTests, StringComparer.Ordinal);
        var candidates = new List<(string Name, IReadOnlyCollection<string> Mentions)>();
        foreach (var header in mapcount.TypeTestHeaders)
        {
            if (program.UnitAt(header, cancellationToken) is not { } unit)
                continue;
            foreach (var function in unit.Functions)
                candidates.Add((function.Name, Mentions(function.Body)));
            foreach (var macro in unit.Macros.Where(m => m.IsFunctionLike))
                candidates.Add((macro.Name, Identifier().Matches(macro.Body).Cast<Match>().Select(m => m.Value).ToList()));
        }
        // A test built on a type test is one too (page_mapcount_is_type() calls page_type_has_type()).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (name, mentions) in candidates)
            {
                if (!typeTests.Contains(name) && mentions.Any(m => markers.Contains(m) || typeTests.Contains(m)))
                    changed = typeTests.Add(name);
            }
        }

        var byField = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var accessors = new HashSet<string>(mapcount.Accessors, StringComparer.Ordinal);
        var headers = mapcount.AccessorHeaders;
        foreach (var header in headers)
        {
            if (program.UnitAt(header, cancellationToken) is not { } unit)
                continue;
            foreach (var function in unit.Functions)
            {
                foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
                {
                    if (node is not Expr e || RawRead(e, fields, readFunctions) is not { } read)
                        continue;
                    accessors.Add(function.Name);
                    if (!byField.TryGetValue(read.Field, out var names))
                        byField[read.Field] = names = new List<string>();
                    if (!names.Contains(function.Name))
                        names.Add(function.Name);
                }
            }
        }

        return new MapcountKnowledge(
            knowledge,
            typeTests.ToImmutableHashSet(StringComparer.Ordinal),
            byField.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal),
            accessors.ToImmutableHashSet(StringComparer.Ordinal),
            headers);
    }

    /// <summary>A raw read of a mapcount field: <c>atomic_read(&amp;x->_mapcount)</c>, <c>x->_mapcount.counter</c>.</summary>
    public RawMapcountRead? RawRead(Expr e) => RawRead(e, _fields, _readFunctions);

    /// <summary>The value a field holds when nothing maps the page: -1 for the offset fields, 0 otherwise.</summary>
    public long ResetValue(string field) => _offsetFields.Contains(field) ? -1 : 0;

    /// <summary>Whether <paramref name="e"/> yields a mapcount: a raw read, or a call to a mapcount accessor that returns a count.</summary>
    public bool IsMapcountValue(Expr e) =>
        RawRead(e) is not null
        || e is CallExpr { CalleeName: { } name } && Accessors.Contains(name) && IsMapcountAccessorName(name);

    /// <summary>An accessor that returns a count (its name says mapcount), not a predicate such as folio_mapped().</summary>
    public static bool IsMapcountAccessorName(string name) => name.IndexOf("mapcount", StringComparison.Ordinal) >= 0;

    private static RawMapcountRead? RawRead(Expr e, ImmutableHashSet<string> fields, ImmutableHashSet<string> readFunctions)
    {
        switch (e)
        {
            case CallExpr { CalleeName: { } name, Arguments.Length: 1 } call when readFunctions.Contains(name):
                var argument = call.Arguments[0];
                while (argument is CastExpr cast)
                    argument = cast.Operand;
                return argument is UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false, Operand: MemberExpr member } && fields.Contains(member.Member)
                    ? new RawMapcountRead(call, member)
                    : null;
            case MemberExpr { Member: "counter", IsArrow: false, Target: MemberExpr field } counter when fields.Contains(field.Member):
                return new RawMapcountRead(counter, field);
            default:
                return null;
        }
    }

    private static IReadOnlyCollection<string> Mentions(Node body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in ModelWalker.DescendantsAndSelf(body))
        {
            if (node is NameExpr name)
                names.Add(name.Identifier);
        }
        return names;
    }

    private static Regex Identifier() => IdentifierPattern;

    private static readonly Regex IdentifierPattern = new(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant);
}
