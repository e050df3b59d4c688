using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Folint.CSource.Patches;

/// <summary>
/// What a run of known lines from the middle of a file needs around it to parse as C: a hunk starts inside a
/// function (git names it in the hunk header), inside an enum or a comment, or between an <c>#ifdef</c> and its
/// <c>#else</c>. The shape opens what the fragment closes before opening it, closes what it leaves open, and
/// blanks the branch of a conditional whose <c>#if</c> lies outside the fragment (the first branch is the one
/// kept, as the normalizer keeps the first branch of a conditional it cannot parse around).
/// </summary>
/// <summary>
/// A declaration from rules/kernel/patches.yaml (<c>struct folio *folio</c>) and the name it declares; <paramref name="Guessed"/>
/// when the type is only the one mm usually gives the name.
/// </summary>
public sealed record HunkDeclaration(string Text, string Name, bool Guessed = false)
{
    public static HunkDeclaration? Parse(string text, bool guessed = false)
    {
        var match = Regex.Match(text.Trim(), @"([A-Za-z_]\w*)\s*$");
        return match.Success && match.Index > 0 ? new HunkDeclaration(text.Trim(), match.Groups[1].Value, guessed) : null;
    }
}

/// <param name="Assumed">The declarations the opener gives the wrapped function that the hunks do not show (rules/kernel/patches.yaml).</param>
internal sealed record FragmentShape(string? Opener, string? Closer, IReadOnlyList<string> Lines, IReadOnlyList<HunkDeclaration> Assumed)
{
    /// <summary>The name of the function folint wraps a hunk in when its header names none (GNU diff writes no section).</summary>
    public const string MadeUpPrefix = "__folint_fragment_";

    /// <summary>The function a finding is in, as the series shows it: none for a made-up wrapper.</summary>
    public static string? AsShown(string? function) =>
        function is not null && function.StartsWith(MadeUpPrefix, StringComparison.Ordinal) ? null : function;

    private static readonly Regex FunctionName = new(@"\b([A-Za-z_]\w*)\s*\(", RegexOptions.CultureInvariant);
    private static readonly Regex Label = new(@"^[A-Za-z_]\w*:\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex GeneratorLine = new(@"^\s+_*[A-Z][A-Z0-9_]*\([^;{}]*\)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex RecordOpen = new(@"(?:=|\b(?:struct|union|enum)\b[^;()]*)\s*$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "for", "while", "switch", "return", "sizeof", "do", "else", "case", "typeof", "__typeof__", "defined",
    };

    /// <param name="section">The hunk header's section text for the fragment's first line (git's guess of the enclosing function).</param>
    /// <param name="ordinal">Numbers the made-up function of a fragment with no usable section.</param>
    /// <param name="declarations">Declarations to give a wrapped function for the names its fragment uses without declaring (rules/kernel/patches.yaml).</param>
    public static FragmentShape Of(IReadOnlyList<string> lines, string section, int ordinal, IReadOnlyList<HunkDeclaration> declarations)
    {
        var kept = BalanceConditionals(lines, out var unclosedConditionals);
        var scan = Scan(kept, startInComment: false);
        if (scan.ClosedCommentNotOpened)
            scan = Scan(kept, startInComment: true);

        var opener = new List<string>();
        // A hunk that starts inside a block may close none of it: its indentation says how deep it starts
        // (kernel style indents one tab a level).
        // (a fragment that opens inside a comment is measured by its code after the comment)
        var needed = Math.Max(-scan.MinDepth, Indentation(kept, scan.DepthAfter));
        List<HunkDeclaration> Used(int depth)
        {
            // Only the lines inside the wrapped function count: the fragment may go on past its end.
            var end = scan.DepthAfter.FindIndex(d => d <= depth);
            var inside = end < 0 ? kept : kept.Take(end + 1);
            return Needed(inside.ToList());
        }
        var assumed = new List<HunkDeclaration>();
        if (needed > 0)
            opener.Add(Wrapper(section, ordinal, needed, Used(-needed), assumed));
        else if (!scan.StartsInComment && kept.FindIndex(l => l.Trim().Length > 0) is var first && first >= 0 && kept[first].Trim() == "{")
            // The hunk starts with the body's brace; the signature above it is git's section.
            opener.Add(Signature(section, ordinal, scan.DepthAfter.Skip(first + 1).Any(d => d <= 0) ? UsedUntilClosed(first) : Used(int.MinValue), assumed));
        // the hunk opens on the body of a braceless if or loop above it (a line deeper than the fragment's depth):
        // give it a condition, so that a return there does not end the function
        if (opener.Count > 0 && !scan.StartsInComment && kept.FirstOrDefault(l => l.Trim().Length > 0 && DirectiveOf(l) is null) is { } lead
            && !GeneratorLine.IsMatch(lead) && IndentOf(lead) > needed && !lead.TrimEnd().EndsWith('{'))
            opener.Add("if (__folint_hidden_condition)");
        if (scan.StartsInComment)
            opener.Add("/*");

        List<HunkDeclaration> UsedUntilClosed(int open)
        {
            var end = scan.DepthAfter.FindIndex(open + 1, d => d <= 0);
            var inside = kept.Take(end + 1);
            return Needed(inside.ToList());
        }

        // the names the fragment uses without declaring them itself
        List<HunkDeclaration> Needed(List<string> inside) =>
            declarations.Where(d => inside.Any(line => Regex.IsMatch(line, $@"\b{Regex.Escape(d.Name)}\b"))
                && !inside.Any(line => Regex.IsMatch(line, $@"^\s*(?!(?:return|goto|case|else|sizeof)\b)(?:const\s+)?(?:(?:struct|union|enum)\s+)?\w+[\s\*]+{Regex.Escape(d.Name)}\s*(?:=|;|,|\[)"))).ToList();

        var closer = new List<string>();
        if (scan.EndsInComment)
            closer.Add("*/");
        closer.AddRange(Enumerable.Repeat("#endif", unclosedConditionals));
        foreach (var needsSemicolon in scan.Unclosed)
            closer.Add(needsSemicolon ? "};" : "}");
        // The wrapper's braces that the fragment did not close itself (the outermost may be an enum or a struct).
        var wrapperLeft = needed + scan.MinDepth;
        for (var i = 0; i < wrapperLeft; i++)
            closer.Add(i == wrapperLeft - 1 && opener.Count > 0 && IsRecordWrapper(section) ? "};" : "}");

        return new FragmentShape(
            opener.Count == 0 ? null : string.Join(" ", opener),
            closer.Count == 0 ? null : string.Join("\n", closer),
            kept,
            assumed);
    }

    /// <summary>
    /// The depth the fragment starts at, from the leading tabs of its lines (eight spaces count as a tab), each less the
    /// braces the fragment itself opened before it: the shallowest line says it, since the body of a braceless if or a
    /// continued expression only goes deeper (<c>\t\treturn NULL;</c> under an if above the hunk, then <c>\tpage = ...</c>).
    /// </summary>
    private static int Indentation(List<string> lines, List<int> depthAfter)
    {
        var first = lines.FirstOrDefault(l => l.Trim().Length > 0 && DirectiveOf(l) is null);
        if (first is null)
            return 0;
        // page-flags.h indents the generators that follow a PAGEFLAG() line at file scope; a statement inside a function
        // is not an upper-case macro call of its own
        if (GeneratorLine.IsMatch(first))
            return 0;
        var depth = int.MaxValue;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var code = line.Trim();
            if (code.Length == 0 || DirectiveOf(line) is not null || code.StartsWith('*') || code.StartsWith("/*", StringComparison.Ordinal)
                || code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith('}') || Label.IsMatch(code))
                continue;
            var before = i == 0 ? 0 : depthAfter[i - 1];
            depth = Math.Min(depth, Math.Max(0, IndentOf(line) - before));
        }
        return depth == int.MaxValue ? IndentOf(first) : depth;
    }

    private static int IndentOf(string line)
    {
        var depth = 0;
        var spaces = 0;
        foreach (var c in line)
        {
            if (c == '\t')
                depth++;
            else if (c == ' ')
                spaces++;
            else
                break;
        }
        return depth + spaces / 8 + (depth == 0 && spaces > 0 && spaces < 8 ? 1 : 0);
    }

    private static bool IsRecordWrapper(string section)
    {
        var text = section.Trim();
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        return brace >= 0 && text.Substring(brace + 1).Trim().Length == 0 && RecordOpen.IsMatch(text.Substring(0, brace)) && !text.Substring(0, brace).TrimEnd().EndsWith('=');
    }

    /// <summary>The line that opens the braces the fragment closes: the record or function git named, or a made-up function.</summary>
    private static string Wrapper(string section, int ordinal, int braces, IReadOnlyList<HunkDeclaration> declarations, List<HunkDeclaration> assumed)
    {
        // the blocks between the function's and the fragment's are some code folint does not see: conditional, so that
        // a return in one of them does not end the function
        var extra = string.Concat(Enumerable.Repeat(" if (__folint_hidden_condition) {", braces - 1));
        var text = section.Trim();
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0 && text.Substring(brace + 1).Trim().Length == 0 && RecordOpen.IsMatch(text.Substring(0, brace)))
            return text + extra;
        return Signature(section, ordinal, declarations, assumed) + " {" + extra;
    }

    /// <summary>
    /// A function declarator from git's section text, with the declarations the fragment needs added to its
    /// parameters; a made-up name when the section names no function.
    /// </summary>
    private static string Signature(string section, int ordinal, IReadOnlyList<HunkDeclaration> declarations, List<HunkDeclaration> assumed)
    {
        var text = section.Trim();
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
            text = text.Substring(0, brace).TrimEnd();
        var name = FunctionName.Matches(text).Cast<Match>().FirstOrDefault(m => !Keywords.Contains(m.Groups[1].Value));
        if (name is null)
            return $"void {MadeUpPrefix}{ordinal}({Parameters("", declarations, assumed)})";
        // git cuts a multi-line signature after its first line ("int f(struct page *page, struct list_head *list,"):
        // end it after the last whole parameter.
        var open = text.Count(c => c == '(') - text.Count(c => c == ')');
        if (open > 0)
        {
            // the last parameter may be cut in the middle of its name ("struct page *pa"): only whole ones stay
            var comma = text.LastIndexOf(',');
            text = comma > name.Index ? text.Substring(0, comma) : text.Substring(0, name.Index + name.Length);
            text = text.TrimEnd() + new string(')', open);
        }
        if (!text.EndsWith(')'))
            return $"void {name.Groups[1].Value}({Parameters("", declarations, assumed)})";
        var parametersStart = name.Index + name.Length;
        var parameters = text.Substring(parametersStart, text.Length - 1 - parametersStart);
        return text.Substring(0, parametersStart) + Parameters(parameters, declarations, assumed) + ")";
    }

    private static string Parameters(string given, IReadOnlyList<HunkDeclaration> declarations, List<HunkDeclaration> assumed)
    {
        var parameters = given.Trim() is "" or "void" ? new List<string>() : new List<string> { given.Trim() };
        foreach (var declaration in declarations)
        {
            // declared when a parameter's declarator is the name (struct page *page), not when it is the type's word
            if (!Regex.IsMatch(given, $@"[\s\*]{Regex.Escape(declaration.Name)}\s*(?:,|\[|$)"))
            {
                parameters.Add(declaration.Text);
                assumed.Add(declaration);
            }
        }
        return parameters.Count == 0 ? "void" : string.Join(", ", parameters);
    }

    /// <summary>
    /// Blanks directives whose group lies partly outside the fragment: a stray <c>#else</c>/<c>#elif</c> and the
    /// lines up to its <c>#endif</c> (an alternative to the branch the fragment started in), a stray
    /// <c>#endif</c>. Counts the <c>#if</c>s left open at the end.
    /// </summary>
    private static List<string> BalanceConditionals(IReadOnlyList<string> lines, out int unclosed)
    {
        var kept = new List<string>(lines.Count);
        var open = 0;
        var skipping = false;
        var skippedDepth = 0;
        var continuation = false;
        foreach (var line in lines)
        {
            var directive = continuation ? null : DirectiveOf(line);
            continuation = (continuation || directive is not null) && line.EndsWith('\\');
            if (skipping)
            {
                if (directive is "if" or "ifdef" or "ifndef")
                    skippedDepth++;
                else if (directive == "endif" && skippedDepth-- == 0)
                    skipping = false;
                kept.Add("");
                continue;
            }
            switch (directive)
            {
                case "if" or "ifdef" or "ifndef":
                    open++;
                    break;
                case "else" or "elif" or "elifdef" or "elifndef" when open == 0:
                    skipping = true;
                    skippedDepth = 0;
                    kept.Add("");
                    continue;
                case "endif" when open == 0:
                    kept.Add("");
                    continue;
                case "endif":
                    open--;
                    break;
            }
            kept.Add(line);
        }
        unclosed = open;
        return kept;
    }

    private static string? DirectiveOf(string line)
    {
        var text = line.TrimStart();
        if (!text.StartsWith('#'))
            return null;
        text = text.Substring(1).TrimStart();
        var end = 0;
        while (end < text.Length && char.IsLetter(text[end]))
            end++;
        return text.Substring(0, end);
    }

    /// <param name="DepthAfter">The brace depth after each line, relative to the fragment's start.</param>
    private sealed record ScanResult(int MinDepth, List<bool> Unclosed, bool StartsInComment, bool EndsInComment, bool ClosedCommentNotOpened, List<int> DepthAfter);

    /// <summary>Braces outside comments, strings and directives: the lowest depth reached and the braces left open.</summary>
    private static ScanResult Scan(List<string> lines, bool startInComment)
    {
        var inComment = startInComment;
        var closedNotOpened = false;
        var depth = 0;
        var minDepth = 0;
        var open = new Stack<bool>();
        var continuation = false;
        var depthAfter = new List<int>(lines.Count);
        foreach (var line in lines)
        {
            ScanLine(line);
            depthAfter.Add(depth);
        }
        return new ScanResult(minDepth, open.ToList(), startInComment, inComment, closedNotOpened, depthAfter);

        void ScanLine(string line)
        {
            if (!inComment && (continuation || DirectiveOf(line) is not null))
            {
                continuation = line.EndsWith('\\');
                return;
            }
            continuation = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                var next = i + 1 < line.Length ? line[i + 1] : '\0';
                if (inComment)
                {
                    if (c == '*' && next == '/')
                    {
                        inComment = false;
                        i++;
                    }
                    continue;
                }
                if (c == '/' && next == '*')
                {
                    inComment = true;
                    i++;
                }
                else if (c == '*' && next == '/')
                {
                    closedNotOpened = true;
                    i++;
                }
                else if (c == '/' && next == '/')
                {
                    break;
                }
                else if (c is '"' or '\'')
                {
                    for (i++; i < line.Length && line[i] != c; i++)
                    {
                        if (line[i] == '\\')
                            i++;
                    }
                }
                else if (c == '{')
                {
                    depth++;
                    open.Push(RecordOpen.IsMatch(line.Substring(0, i)));
                }
                else if (c == '}')
                {
                    depth--;
                    if (open.Count > 0)
                        open.Pop();
                    minDepth = Math.Min(minDepth, depth);
                }
            }
        }
    }
}
