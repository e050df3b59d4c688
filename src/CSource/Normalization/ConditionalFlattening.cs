using System;
using System.Collections.Generic;
using Folint.Analyzer.Model;

namespace Folint.CSource.Normalization;

/// <summary>
/// Flattens the preprocessor conditionals tree-sitter cannot parse around. tree-sitter-c reads an
/// <c>#if</c>/<c>#else</c>/<c>#endif</c> group only where whole statements, declarations, members or enumerators
/// stand, and only when every branch is complete. Kernel code also puts them inside argument lists, conditions
/// and initializers, and between an <c>if (...)</c> and its <c>{</c>; there tree-sitter loses the construct.
/// Such a group keeps one branch (the first, unless it is <c>#if 0</c>) and its directives and other branches
/// become spaces, as Coccinelle keeps one branch of a conditional it cannot parse around.
/// A group whose condition the hints decide (<c>#ifdef __ASSEMBLY__</c>: never when C is compiled) keeps the
/// branch the compiler would take, wherever it stands; so does one that the compilation's macros decide (Kbuild's
/// configuration and -D/-U, <see cref="CompilationMacros"/>), including <c>#if IS_ENABLED(CONFIG_X)</c> and its kin.
/// </summary>
internal static class ConditionalFlattening
{
    private sealed class Group
    {
        public readonly List<int> Branches = new(); // directive token of each branch: #if*, #elif..., #else
        public int Endif = -1;
    }

    /// <summary>
    /// Blanks the flattened groups in <paramref name="text"/>, adds their rewrites, and returns which tokens stay
    /// (null when no group was flattened).
    /// </summary>
    /// <param name="conditions">The file's directive conditions (<see cref="DirectiveConditions"/>), by offset.</param>
    public static bool[]? Apply(
        CTokens tokens,
        ReadOnlySpan<byte> source,
        IReadOnlyDictionary<int, PpExpr> conditions,
        MacroHints hints,
        CompilationMacros macros,
        byte[] text,
        List<MacroRewrite> rewrites)
    {
        var groups = FindGroups(tokens, source);
        if (groups is null)
            return null;

        bool[]? keep = null;
        var nesting = new Nesting();
        var lastCode = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (keep is not null && !keep[i])
                continue;
            ref readonly var t = ref tokens[i];
            if (t.Kind != TokenKind.Directive)
            {
                if (t.Kind == TokenKind.Punct)
                    nesting.Step(tokens, source, i);
                lastCode = i;
                continue;
            }
            if (!t.IsConditional || !groups.TryGetValue(i, out var group) || group.Endif < 0)
                continue;
            var decided = DecidedBranch(tokens, conditions, hints, macros, group);
            if (decided == Undecided && !SplitsConstruct(tokens, source, group, nesting, lastCode))
                continue;
            keep ??= NewKeep(tokens.Count);
            Flatten(tokens, source, group, decided == Undecided ? FirstCompiled(tokens, conditions, group) : decided, keep, text, rewrites);
        }
        return keep;
    }

    private static bool[] NewKeep(int count)
    {
        var keep = new bool[count];
        Array.Fill(keep, true);
        return keep;
    }

    /// <summary>
    /// Conditionals nested deeper than this end the file's check: the kernel nests a handful, while a generated or
    /// hostile file nested 100,000 deep would make the flattening (which reads each group's tokens) quadratic and the
    /// lowering of the groups recurse past the stack.
    /// </summary>
    public const int MaxNesting = 1000;

    /// <summary>The groups by the index of their opening directive; null when the file has none.</summary>
    /// <exception cref="ConditionalNestingException">Groups nest deeper than <see cref="MaxNesting"/>.</exception>
    private static Dictionary<int, Group>? FindGroups(CTokens tokens, ReadOnlySpan<byte> source)
    {
        Dictionary<int, Group>? groups = null;
        var open = new Stack<Group>();
        for (var i = 0; i < tokens.Count; i++)
        {
            ref readonly var t = ref tokens[i];
            if (t.Kind != TokenKind.Directive)
                continue;
            switch (t.Directive)
            {
                case DirectiveKind.If or DirectiveKind.Ifdef or DirectiveKind.Ifndef:
                    var group = new Group();
                    group.Branches.Add(i);
                    (groups ??= new Dictionary<int, Group>())[i] = group;
                    open.Push(group);
                    if (open.Count > MaxNesting)
                        throw new ConditionalNestingException(1 + source[..t.Start].Count((byte)'\n'), MaxNesting);
                    break;
                case DirectiveKind.Elif or DirectiveKind.Else:
                    if (open.Count > 0)
                        open.Peek().Branches.Add(i);
                    break;
                case DirectiveKind.Endif:
                    if (open.Count > 0)
                        open.Pop().Endif = i;
                    break;
            }
        }
        return groups;
    }

    private static bool SplitsConstruct(CTokens tokens, ReadOnlySpan<byte> source, Group group, Nesting nesting, int lastCode)
    {
        // Inside an argument list, a condition, an array size or an initializer nothing but an expression may stand.
        if (nesting.Top is (byte)'(' or (byte)'[')
            return true;
        if (nesting.Top == (byte)'{' && nesting.TopBrace == BraceKind.Initializer)
            return true;
        // Member and enumerator lists take whole groups (tree-sitter-c has rules for them), complete ones.
        if (nesting.Top == (byte)'{' && nesting.TopBrace == BraceKind.Record)
            return !AllBranchesBalanced(tokens, group);
        if (BranchContinuesAConstruct(tokens, source, group, nesting.InFunction) || FollowsAnOpenConstruct(tokens, nesting, lastCode))
            return true;
        // Checked last: it reads every token of the group.
        return !AllBranchesBalanced(tokens, group);
    }

    /// <summary>True when the code before the group is not complete: the group continues a statement or declaration.</summary>
    private static bool FollowsAnOpenConstruct(CTokens tokens, Nesting nesting, int lastCode)
    {
        if (lastCode < 0)
            return false;
        ref readonly var prev = ref tokens[lastCode];
        switch (prev.Kind)
        {
            case TokenKind.Punct:
                // After ';', '{', '}' or a label a group holds whole statements or declarations: tree-sitter's case.
                // After ')' inside a function it is the statement of an if/for/while: it needs one statement.
                if (prev.First is (byte)';' or (byte)'{' or (byte)'}' or (byte)':')
                    return false;
                return prev.First != (byte)')' || !nesting.AtFileScope;
            default:
                // 'else' or 'do' waits for its statement; another word is the middle of a declaration.
                return true;
        }
    }

    /// <summary>
    /// True when a branch starts with something that continues the code before the group (an <c>else</c>, or an
    /// operator that cannot begin a statement: <c>&amp;&amp; x</c>, <c>, y</c>, <c>= z</c>), or ends with something
    /// the code after the group completes (<c>} else</c>, a label or case, an operator), as in
    /// <c>} else</c> / <c>#endif</c> / <c>{</c>.
    /// </summary>
    private static bool BranchContinuesAConstruct(CTokens tokens, ReadOnlySpan<byte> source, Group group, bool inFunction)
    {
        for (var b = 0; b < group.Branches.Count; b++)
        {
            var first = group.Branches[b] + 1;
            var end = b + 1 < group.Branches.Count ? group.Branches[b + 1] : group.Endif;
            if (first >= end)
                continue;
            if (EndsOpen(tokens, source, end - 1, inFunction))
                return true;
            ref readonly var t = ref tokens[first];
            switch (t.Kind)
            {
                case TokenKind.Identifier when source[t.Start..t.End].SequenceEqual("else"u8):
                    return true;
                case TokenKind.Punct when t.First is (byte)'|' or (byte)',' or (byte)'?' or (byte)'=' or (byte)'<' or (byte)'>'
                    or (byte)'/' or (byte)'%' or (byte)'^' or (byte)')' or (byte)']':
                    return true;
                case TokenKind.Punct when t.First == (byte)'&' && first + 1 < tokens.Count && tokens[first + 1].Is('&'):
                    return true;
            }
        }
        return false;
    }

    /// <summary>True when the token at <paramref name="last"/>, ending a branch, needs the code after the group.</summary>
    private static bool EndsOpen(CTokens tokens, ReadOnlySpan<byte> source, int last, bool inFunction)
    {
        ref readonly var t = ref tokens[last];
        return t.Kind switch
        {
            TokenKind.Identifier => inFunction && source[t.Start..t.End].SequenceEqual("else"u8),
            TokenKind.Punct => t.First switch
            {
                (byte)';' or (byte)'}' or (byte)'{' => false,
                (byte)':' or (byte)')' => inFunction,
                _ => true,
            },
            _ => false,
        };
    }

    /// <summary>True when no branch closes a bracket it did not open or leaves one open.</summary>
    private static bool AllBranchesBalanced(CTokens tokens, Group group)
    {
        for (var b = 0; b < group.Branches.Count; b++)
        {
            var end = b + 1 < group.Branches.Count ? group.Branches[b + 1] : group.Endif;
            var depth = 0;
            for (var i = group.Branches[b] + 1; i < end; i++)
            {
                ref readonly var t = ref tokens[i];
                if (t.Kind != TokenKind.Punct)
                    continue;
                if (t.First is (byte)'(' or (byte)'[' or (byte)'{')
                    depth++;
                else if (t.First is (byte)')' or (byte)']' or (byte)'}' && --depth < 0)
                    return false;
            }
            if (depth != 0)
                return false;
        }
        return true;
    }

    private const int Undecided = -2;

    /// <summary>The first branch that is not <c>#if 0</c>, or -1 when there is none.</summary>
    private static int FirstCompiled(CTokens tokens, IReadOnlyDictionary<int, PpExpr> conditions, Group group)
    {
        for (var b = 0; b < group.Branches.Count; b++)
        {
            if (!IsIfZero(tokens, conditions, group.Branches[b]))
                return b;
        }
        return -1;
    }

    private enum Condition { Unknown, False, True }

    /// <summary>
    /// When the hints decide a branch's condition: the branch the compiler takes (the first known true one after
    /// known false ones, -1 for none), or, when only some are known false, the first branch not known false.
    /// <see cref="Undecided"/> when the hints know none of the conditions.
    /// </summary>
    private static int DecidedBranch(CTokens tokens, IReadOnlyDictionary<int, PpExpr> conditions, MacroHints hints, CompilationMacros macros, Group group)
    {
        var anyKnown = false;
        var firstNotFalse = -1;
        var allFalseSoFar = true;
        for (var b = 0; b < group.Branches.Count; b++)
        {
            var condition = Evaluate(tokens[group.Branches[b]], conditions, hints, macros);
            anyKnown |= condition != Condition.Unknown && tokens[group.Branches[b]].Directive != DirectiveKind.Else;
            if (condition == Condition.True && allFalseSoFar)
                return b;
            if (condition != Condition.False)
            {
                allFalseSoFar = false;
                if (firstNotFalse < 0)
                    firstNotFalse = b;
            }
        }
        if (!anyKnown)
            return Undecided;
        return firstNotFalse;
    }

    /// <summary>
    /// Reads <c>#ifdef X</c>, <c>#ifndef X</c>, <c>#if [!]defined(X)</c>, <c>#if [!]X</c> (and the <c>#elif</c>
    /// forms) for an X the hints or the compilation's macros know, and <c>#if [!]IS_ENABLED(X)</c> (IS_BUILTIN,
    /// IS_MODULE, IS_REACHABLE: include/linux/kconfig.h) from the macros; anything else is unknown. <c>#else</c> is true.
    /// </summary>
    private static Condition Evaluate(in Token t, IReadOnlyDictionary<int, PpExpr> conditions, MacroHints hints, CompilationMacros macros)
    {
        if (t.Directive == DirectiveKind.Else)
            return Condition.True;
        var condition = conditions.GetValueOrDefault(t.Start);
        var negate = false;
        if (condition is PpUnary { Operator: UnaryOperator.Not } not)
        {
            negate = true;
            condition = not.Operand;
        }
        var defined = condition switch
        {
            PpDefined d => Defined(d.Name, hints, macros),
            // `#if X` reads as `#if defined(X)`: the hints say whether X is defined, not its value.
            PpName n => Defined(n.Name, hints, macros),
            PpCall { IsKconfigTest: true } test => Enabled(test.Name, test.Argument, macros),
            _ => null,
        };
        if (defined is null)
            return Condition.Unknown;
        return defined.Value != negate ? Condition.True : Condition.False;
    }

    private static bool? Defined(string name, MacroHints hints, CompilationMacros macros) => hints.Find(name) switch
    {
        { Treatment: MacroTreatment.Defined } => true,
        { Treatment: MacroTreatment.Undefined } => false,
        _ => macros.IsDefined(name),
    };

    /// <summary>
    /// include/linux/kconfig.h: IS_BUILTIN(X) when X is defined, IS_MODULE(X) when X_MODULE is, IS_ENABLED(X) when
    /// either is; IS_REACHABLE(X) is IS_BUILTIN(X) or IS_MODULE(X) in a module, and folint reads built-in code.
    /// </summary>
    private static bool? Enabled(string test, string symbol, CompilationMacros macros)
    {
        var builtin = macros.IsDefined(symbol);
        var module = macros.IsDefined(symbol + "_MODULE");
        if (test is "IS_BUILTIN" or "IS_REACHABLE")
            return builtin;
        if (test == "IS_MODULE")
            return module;
        return builtin == true || module == true ? true : builtin == false && module == false ? false : null;
    }

    private static void Flatten(CTokens tokens, ReadOnlySpan<byte> source, Group group, int kept, bool[] keep, byte[] text, List<MacroRewrite> rewrites)
    {
        for (var b = 0; b < group.Branches.Count; b++)
        {
            var directive = group.Branches[b];
            var end = b + 1 < group.Branches.Count ? group.Branches[b + 1] : group.Endif;
            var spanEnd = tokens[directive].End;
            keep[directive] = false;
            if (b != kept)
            {
                for (var i = directive + 1; i < end; i++)
                {
                    keep[i] = false;
                    spanEnd = tokens[i].End;
                }
            }
            Blank(tokens, source, directive, spanEnd, text, rewrites);
        }
        keep[group.Endif] = false;
        Blank(tokens, source, group.Endif, tokens[group.Endif].End, text, rewrites);
    }

    private static void Blank(CTokens tokens, ReadOnlySpan<byte> source, int directive, int end, byte[] text, List<MacroRewrite> rewrites)
    {
        var start = tokens[directive].Start;
        Normalizer.Blank(text, start, end);
        rewrites.Add(new MacroRewrite(new TextSpan(start, end), DirectiveName(source, tokens[directive]), RewriteKind.ConditionalBranch));
    }

    /// <summary><c>#if 0</c> (with any spacing, comments allowed): a branch nobody compiles.</summary>
    private static bool IsIfZero(CTokens tokens, IReadOnlyDictionary<int, PpExpr> conditions, int directive) =>
        tokens[directive].Directive == DirectiveKind.If && conditions.GetValueOrDefault(tokens[directive].Start) is PpNumber { Text: "0" };

    private static string DirectiveName(ReadOnlySpan<byte> source, in Token t)
    {
        var line = source[t.Start..t.End];
        var i = 1;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
            i++;
        var end = i;
        while (end < line.Length && (uint)((line[end] | 0x20) - 'a') <= 'z' - 'a')
            end++;
        return "#" + System.Text.Encoding.ASCII.GetString(line[i..end]);
    }
}

/// <summary>Preprocessor conditionals nest deeper than <see cref="ConditionalFlattening.MaxNesting"/> at <see cref="Line"/>: the file cannot be checked.</summary>
internal sealed class ConditionalNestingException(int line, int limit)
    : Exception($"preprocessor conditionals nest deeper than {limit} levels at line {line}")
{
    public int Line { get; } = line;

    public int Limit { get; } = limit;
}
