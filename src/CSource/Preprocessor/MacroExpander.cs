using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Folint.Analyzer.Model;

namespace Folint.CSource.Preprocessor;

/// <summary>
/// A small C macro expander over a fixed set of <c>#define</c>s: object-like and function-like macros,
/// parameters, variadic arguments (<c>__VA_ARGS__</c> and GNU <c>args...</c>), <c>#</c> and <c>##</c>, rescanning
/// with hide sets. It expands only the macros it was given (those of the headers read, such as page-flags.h):
/// every other identifier, <c>VM_BUG_ON_PGFLAGS</c> included, stays as written, so the expansion is the
/// generated C the way a reader of that header sees it. No conditionals, no includes.
/// </summary>
internal sealed class MacroExpander
{
    /// <summary>
    /// An expansion may not grow past this many tokens (page-flags.h's largest is a few hundred): past it the
    /// definitions are runaway ones (exponential, self-pasting), not kernel C, and each further step would copy
    /// the whole token list again.
    /// </summary>
    public const int MaxTokens = 16_384;

    /// <summary>Macro replacements one expansion may make, arguments included.</summary>
    public const int MaxSteps = 20_000;

    /// <summary>Arguments nested in arguments (<c>F(F(F(...)))</c>) expanded deeper than this would exhaust the stack.</summary>
    public const int MaxDepth = 200;

    private readonly Dictionary<string, Definition> _macros = new(StringComparer.Ordinal);

    /// <param name="macros">The definitions; a later definition of the same name wins, as a redefinition does in a file.</param>
    public MacroExpander(IEnumerable<MacroDef> macros)
    {
        foreach (var macro in macros)
            _macros[macro.Name] = new Definition(macro, PpLexer.Lex(macro.Body));
    }

    public bool IsDefined(string name) => _macros.ContainsKey(name);

    public bool IsFunctionLike(string name) => _macros.TryGetValue(name, out var d) && d.Macro.IsFunctionLike;

    /// <summary>Expands C text fully and prints the result.</summary>
    public string Expand(string text) => PpLexer.Print(Expand(PpLexer.Lex(text)));

    /// <summary>The use <c>NAME(arg, ...)</c> of a function-like macro, expanded (what a compiler would see there).</summary>
    public string ExpandUse(string name, IReadOnlyList<string> arguments) =>
        Expand(name + "(" + string.Join(", ", arguments) + ")");

    /// <exception cref="MacroExpansionLimitException">The expansion passes <see cref="MaxTokens"/>, <see cref="MaxSteps"/> or <see cref="MaxDepth"/>.</exception>
    public ImmutableArray<PpToken> Expand(ImmutableArray<PpToken> input) => Expand(input, new Budget(), 0);

    private ImmutableArray<PpToken> Expand(ImmutableArray<PpToken> input, Budget budget, int depth)
    {
        if (depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new MacroExpansionLimitException($"macro arguments nest deeper than {MaxDepth} levels");
        var tokens = new List<PpToken>(input);
        var i = 0;
        while (i < tokens.Count)
        {
            if (tokens.Count > MaxTokens)
                throw new MacroExpansionLimitException($"the expansion grows past {MaxTokens} tokens");
            var token = tokens[i];
            if (token.Kind != PpTokenKind.Identifier || token.HideSet.Contains(token.Text) || !_macros.TryGetValue(token.Text, out var definition))
            {
                i++;
                continue;
            }
            if (!definition.Macro.IsFunctionLike)
            {
                budget.Step();
                var hide = token.HideSet.Add(token.Text);
                var replacement = Substitute(definition, null, hide, budget, depth);
                Replace(tokens, i, 1, replacement, token.SpaceBefore);
                continue;
            }
            // A function-like macro name not followed by '(' is an ordinary identifier.
            if (i + 1 >= tokens.Count || !tokens[i + 1].Is("("))
            {
                i++;
                continue;
            }
            if (!TryCollectArguments(tokens, i + 1, out var arguments, out var close))
            {
                i++;
                continue;
            }
            // Hide set of a function-like expansion: (HS(name) ∩ HS(')')) ∪ {name}.
            var hideSet = token.HideSet.Intersect(tokens[close].HideSet).Add(token.Text);
            var bound = Bind(definition, arguments);
            if (bound is null)
            {
                i++;
                continue;
            }
            budget.Step();
            var substituted = Substitute(definition, bound, hideSet, budget, depth);
            Replace(tokens, i, close - i + 1, substituted, token.SpaceBefore);
        }
        return tokens.ToImmutableArray();
    }

    private static void Replace(List<PpToken> tokens, int at, int count, List<PpToken> replacement, bool spaceBefore)
    {
        tokens.RemoveRange(at, count);
        if (replacement.Count > 0)
            replacement[0] = replacement[0].WithSpace(spaceBefore);
        tokens.InsertRange(at, replacement);
    }

    /// <summary>Arguments between the '(' at <paramref name="open"/> and its matching ')', split at top-level commas.</summary>
    private static bool TryCollectArguments(List<PpToken> tokens, int open, out List<List<PpToken>> arguments, out int close)
    {
        arguments = new List<List<PpToken>> { new() };
        var depth = 0;
        for (var j = open + 1; j < tokens.Count; j++)
        {
            var t = tokens[j];
            if (t.Is("("))
            {
                depth++;
            }
            else if (t.Is(")"))
            {
                if (depth == 0)
                {
                    close = j;
                    return true;
                }
                depth--;
            }
            else if (t.Is(",") && depth == 0)
            {
                arguments.Add(new List<PpToken>());
                continue;
            }
            arguments[arguments.Count - 1].Add(t);
        }
        close = -1;
        return false;
    }

    /// <summary>Parameter name to argument tokens; null when the counts do not fit the definition.</summary>
    private static Dictionary<string, List<PpToken>>? Bind(Definition definition, List<List<PpToken>> arguments)
    {
        var parameters = definition.Macro.Parameters;
        var named = parameters.Length;
        if (named == 0 && !definition.Macro.IsVariadic && arguments.Count == 1 && arguments[0].Count == 0)
            return new Dictionary<string, List<PpToken>>(StringComparer.Ordinal);
        if (arguments.Count < named || (!definition.Macro.IsVariadic && arguments.Count != named))
        {
            // `F()` for a one-parameter macro passes one empty argument.
            if (!(named == 1 && arguments.Count == 1))
                return null;
        }
        var bound = new Dictionary<string, List<PpToken>>(StringComparer.Ordinal);
        for (var p = 0; p < named; p++)
            bound[parameters[p]] = p < arguments.Count ? arguments[p] : new List<PpToken>();
        if (definition.Macro.IsVariadic)
        {
            var rest = new List<PpToken>();
            for (var a = named; a < arguments.Count; a++)
            {
                if (a > named)
                    rest.Add(new PpToken(PpTokenKind.Punctuator, ",", false, ImmutableHashSet<string>.Empty));
                rest.AddRange(arguments[a]);
            }
            // GNU `args...` names the variadic part after its last named parameter; tree-sitter leaves that
            // name out of the parameter list, so __VA_ARGS__ is the only spelling seen here.
            bound["__VA_ARGS__"] = rest;
        }
        return bound;
    }

    private List<PpToken> Substitute(Definition definition, Dictionary<string, List<PpToken>>? arguments, ImmutableHashSet<string> hideSet, Budget budget, int depth)
    {
        var body = definition.Body;
        var output = new List<PpToken>();
        var expandedArguments = new Dictionary<string, ImmutableArray<PpToken>>(StringComparer.Ordinal);
        for (var k = 0; k < body.Length; k++)
        {
            var t = body[k];
            if (arguments is not null && definition.Macro.IsFunctionLike && t.Is("#") && k + 1 < body.Length && arguments.TryGetValue(body[k + 1].Text, out var stringized))
            {
                output.Add(new PpToken(PpTokenKind.String, Stringize(stringized), t.SpaceBefore, ImmutableHashSet<string>.Empty));
                k++;
                continue;
            }
            if (t.Is("##") && output.Count > 0 && k + 1 < body.Length)
            {
                var right = body[k + 1];
                List<PpToken> rightTokens = arguments is not null && arguments.TryGetValue(right.Text, out var raw) ? raw : new List<PpToken> { right };
                k++;
                var left = output[output.Count - 1];
                if (rightTokens.Count == 0)
                    continue;
                var pasted = PpLexer.Lex(left.Text + rightTokens[0].Text);
                output.RemoveAt(output.Count - 1);
                for (var p = 0; p < pasted.Length; p++)
                    output.Add(pasted[p] with { SpaceBefore = p == 0 && left.SpaceBefore });
                output.AddRange(rightTokens.Skip(1));
                continue;
            }
            if (arguments is not null && t.Kind == PpTokenKind.Identifier && arguments.TryGetValue(t.Text, out var argument))
            {
                var nextIsPaste = k + 1 < body.Length && body[k + 1].Is("##");
                if (nextIsPaste)
                {
                    // operand of ## is substituted unexpanded; an empty one leaves nothing to paste onto
                    for (var p = 0; p < argument.Count; p++)
                        output.Add(p == 0 ? argument[p].WithSpace(t.SpaceBefore) : argument[p]);
                    continue;
                }
                if (!expandedArguments.TryGetValue(t.Text, out var expanded))
                    expandedArguments[t.Text] = expanded = Expand(argument.ToImmutableArray(), budget, depth + 1);
                for (var p = 0; p < expanded.Length; p++)
                    output.Add(p == 0 ? expanded[p].WithSpace(t.SpaceBefore) : expanded[p]);
                continue;
            }
            output.Add(t);
        }
        for (var p = 0; p < output.Count; p++)
            output[p] = output[p] with { HideSet = output[p].HideSet.Union(hideSet) };
        return output;
    }

    private static string Stringize(List<PpToken> tokens)
    {
        var text = PpLexer.Print(tokens.Select((t, i) => i == 0 ? t.WithSpace(false) : t));
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private sealed record Definition(MacroDef Macro, ImmutableArray<PpToken> Body);

    /// <summary>The replacements left to one top-level expansion, shared with the expansions of its arguments.</summary>
    private sealed class Budget
    {
        private int _steps;

        public void Step()
        {
            if (++_steps > MaxSteps)
                throw new MacroExpansionLimitException($"the expansion takes more than {MaxSteps} macro replacements");
        }
    }
}

/// <summary>An expansion passed one of <see cref="MacroExpander"/>'s limits: runaway definitions, not kernel C.</summary>
internal sealed class MacroExpansionLimitException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
