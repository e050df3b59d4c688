using System;
using System.Collections.Generic;
using Folint.CSource.Lexing;

namespace Folint.CSource.Index;

/// <summary>
/// Decides <see cref="FileFacts.TestedDecrement"/> during the byte-level scan: whether some function of the file
/// decrements a name and tests that same name for 0 where one of FOL004's count-down forms
/// (<see cref="Folint.Analyzer.Shapes.CountDownForms"/>) tests it. What each form needs, read from bytes:
/// <list type="bullet">
/// <item><c>do { ...; nr--; } while (nr);</c> and <c>do { } while (--nr);</c>: a test in the condition of a
/// <c>while</c> that follows a <c>}</c> (a do-while, or a while after a block: wider);</item>
/// <item><c>for (;;) { ...; nr--; if (!nr) break; }</c>, <c>for (;;) { if (--nr == 0) break; }</c>: a test in an
/// <c>if</c> condition, in a function with a loop that runs until it leaves (<c>for (;;)</c>, <c>while (1)</c>);</item>
/// <item><c>for (; nr; nr--) { ...; nr--; }</c>: a test in a for condition and two decrements of the name;</item>
/// <item><c>for (; nr; nr -= step)</c>, <c>while (nr) { ...; nr -= step; }</c>: a test in a for or while condition
/// and a decrement by a step (<c>-=</c>, <c>nr = nr - step</c>);</item>
/// <item><c>while (--nr)</c>, <c>for (; --nr; )</c>: the test is a prefix decrement of the name.</item>
/// </list>
/// A test for 0 is <see cref="Folint.Analyzer.Shapes.Comparisons"/>'s: the name alone, <c>!nr</c>, <c>nr == 0</c>,
/// <c>nr != 0</c>, <c>nr &gt; 0</c>, <c>nr &gt;= 1</c>, <c>nr &lt; 1</c>, <c>nr &lt;= 0</c>, casts and <c>0 == nr</c>
/// allowed. Every check errs wide: where bytes cannot tell (a comment in the way, a search that runs long), it says
/// yes. One per thread, reset for each file.
/// </summary>
internal sealed class CountDownScan
{
    [ThreadStatic]
    private static CountDownScan? _current;

    private readonly HashSet<ulong> _decremented = new();
    private readonly List<Decrement> _decrements = new();
    private readonly List<(ulong Name, int At, bool PreDecremented)> _tested = new();
    private bool _forever;

    /// <summary>A decrement of a name at <paramref name="At"/>; for a step, where the step's name is (length 0: a literal, or unread).</summary>
    private readonly record struct Decrement(ulong Name, int At, DecrementKind Kind, int StepAt, int StepLength);
    private bool _found;
    private int _functionEnd;

    /// <summary>The thread's scan, reset for <paramref name="text"/>.</summary>
    public static CountDownScan ForThisThread(ReadOnlySpan<byte> text)
    {
        var scan = _current ??= new CountDownScan();
        scan.ClearFunction();
        scan._found = false;
        scan._functionEnd = FunctionEnd(text, 0);
        if (scan._tested.Capacity > 1 << 16)
            scan._tested.Capacity = 1 << 10;
        return scan;
    }

    /// <summary>The identifier at <paramref name="at"/> (its hash <paramref name="hash"/>), in code.</summary>
    public void Identifier(ReadOnlySpan<byte> text, int at, int length, ulong hash)
    {
        if (_found)
            return;
        if (at > _functionEnd)
        {
            _found = Decide(text);
            ClearFunction();
            _functionEnd = FunctionEnd(text, at);
            if (_found)
                return;
        }
        if (!_forever && (length == 3 && text.Slice(at, 3).SequenceEqual("for"u8) || length == 5 && text.Slice(at, 5).SequenceEqual("while"u8)))
            _forever = IsForeverHeader(text, at + length, length == 3);
        var preDecremented = IsPreDecremented(text, at);
        if (!preDecremented && NothingCanFollow(text, at + length))
            return;
        var (kind, stepAt, stepLength) = preDecremented ? (DecrementKind.Unit, 0, 0) : DecrementAfter(text, at, length);
        if (kind != DecrementKind.None)
        {
            _decremented.Add(hash);
            _decrements.Add(new Decrement(hash, at, kind, stepAt, stepLength));
        }
        if (CanBeZeroTested(text, at + length))
            _tested.Add((hash, at, preDecremented));
    }

    /// <summary>
    /// The scan's fast way past most names (this runs for every identifier of the tree): what follows, one blank
    /// allowed, is a call's or an index's bracket, a member access, a comma or another name, which neither decrements
    /// the name nor ends a test of it.
    /// </summary>
    private static bool NothingCanFollow(ReadOnlySpan<byte> text, int after)
    {
        if (after < text.Length && text[after] == ' ')
            after++;
        return after < text.Length && (text[after] is (byte)'(' or (byte)',' or (byte)'.' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'"' or (byte)'?' or (byte)':'
            || text[after] == '-' && after + 1 < text.Length && text[after + 1] == '>'
            || FileFacts.IdentifierBytes.Contains(text[after]));
    }

    /// <summary>Whether some function of the file showed what a count-down form needs.</summary>
    public bool Found(ReadOnlySpan<byte> text) => _found || Decide(text);

    private void ClearFunction()
    {
        _decremented.Clear();
        _decrements.Clear();
        _tested.Clear();
        _forever = false;
    }

    private bool Decide(ReadOnlySpan<byte> text)
    {
        if (_decremented.Count == 0)
            return false;
        foreach (var (name, at, preDecremented) in _tested)
        {
            if (!_decremented.Contains(name))
                continue;
            var (condition, open) = ConditionOf(text, at);
            var found = condition switch
            {
                Condition.None => false,
                Condition.If => _forever,
                _ when preDecremented || condition == Condition.Unknown => true,
                _ => DecrementsIn(text, name, condition, open) is var (loop, count, stepped) && (loop switch
                {
                    Condition.DoWhile => count >= 1,
                    Condition.For => count >= 2 || stepped,
                    _ => stepped,
                }),
            };
            if (found)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The decrements of <paramref name="name"/> a form counts in the loop whose condition opens at
    /// <paramref name="open"/>: inside the loop (header and body), a step only when the loop does not assign it
    /// (<c>CountDownLoop.IsInvariant</c>: <c>len -= n</c> after <c>n = min(len, ...)</c> is what one round consumed).
    /// When the loop's extent cannot be read, every decrement of the function counts.
    /// </summary>
    private (Condition Loop, int Count, bool Stepped) DecrementsIn(ReadOnlySpan<byte> text, ulong name, Condition condition, int open)
    {
        var (loop, start, end) = LoopExtent(text, condition, open);
        var count = 0;
        var stepped = false;
        foreach (var decrement in _decrements)
        {
            if (decrement.Name != name || start >= 0 && (decrement.At < start || decrement.At > end))
                continue;
            if (decrement.Kind == DecrementKind.Step && decrement.StepLength > 0 && start >= 0 && Assigns(text, start, end, text.Slice(decrement.StepAt, decrement.StepLength)))
                continue;
            count++;
            stepped |= decrement.Kind == DecrementKind.Step;
        }
        return (loop, count, stepped);
    }

    /// <summary>
    /// The loop whose condition opens at <paramref name="open"/> and the bytes it spans: a while or for header and its
    /// braced body; a do-while's braced body (the <c>{</c> after <c>do</c> matching the <c>}</c> before <c>while</c>,
    /// checked by reading forward past comments and literals) and its condition. A <c>while</c> after a <c>}</c> that
    /// closes no do body (<c>if (x) { } while (nr) { }</c>) is a while loop. (-1, -1) when the extent cannot be read so.
    /// </summary>
    private static (Condition Loop, int Start, int End) LoopExtent(ReadOnlySpan<byte> text, Condition condition, int open)
    {
        if (condition == Condition.DoWhile)
        {
            var keyword = text.Slice(0, open).LastIndexOfAnyExcept(FileFacts.WhiteSpace) - 4;
            var close = keyword > 0 ? text.Slice(0, keyword).LastIndexOfAnyExcept(FileFacts.WhiteSpace) : -1;
            var body = close >= 0 && text[close] == '}' ? OpeningBrace(text, close) : -1;
            if (body < 0)
                return (condition, -1, -1);
            var before = text.Slice(0, body).LastIndexOfAnyExcept(FileFacts.WhiteSpace);
            if (before >= 0 && text[before] == '/')
                return (condition, -1, -1); // do /* ... */ {: a comment in the way
            if (before >= 1 && text[before] == 'o' && text[before - 1] == 'd' && (before < 2 || !FileFacts.IdentifierBytes.Contains(text[before - 2])))
                return (condition, body, Math.Max(open, Closing(text, open)));
            condition = Condition.While;
        }
        var header = Closing(text, open);
        if (header < 0)
            return (condition, -1, -1);
        var start = FileFacts.SkipBlanks(text, header + 1);
        if (start >= text.Length || text[start] != '{')
            return (condition, -1, -1);
        var end = Closing(text, start);
        return end < 0 ? (condition, -1, -1) : (condition, open, end);
    }

    /// <summary>The <c>{</c> that the <c>}</c> at <paramref name="close"/> closes, when reading forward from it agrees; -1 otherwise.</summary>
    private static int OpeningBrace(ReadOnlySpan<byte> text, int close)
    {
        var depth = 0;
        for (var k = close; k >= Math.Max(0, close - (1 << 16)); k--)
        {
            if (text[k] == '}')
                depth++;
            else if (text[k] == '{' && --depth == 0)
                return Closing(text, k) == close ? k : -1;
        }
        return -1;
    }

    /// <summary>The <c>)</c> or <c>}</c> that closes the bracket at <paramref name="open"/>, past comments and literals; -1 when not found near.</summary>
    private static int Closing(ReadOnlySpan<byte> text, int open)
    {
        var (opening, closing) = text[open] == '{' ? ((byte)'{', (byte)'}') : ((byte)'(', (byte)')');
        var depth = 0;
        var limit = Math.Min(text.Length, open + (1 << 16));
        for (var k = open; k < limit;)
        {
            var b = text[k];
            if (b == '/')
            {
                k = FileFacts.SkipComment(text, k);
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                k = CLexer.SkipLiteral(text, k);
                continue;
            }
            if (b == opening)
                depth++;
            else if (b == closing && --depth == 0)
                return k;
            k++;
        }
        return -1;
    }

    /// <summary>
    /// Whether the code between <paramref name="start"/> and <paramref name="end"/> (comments and literals aside)
    /// assigns <paramref name="name"/>: <c>name =</c>, <c>name += ...</c> (any compound assignment), <c>name++</c>,
    /// <c>--name</c>. A declaration without a value is not counted (the loop's step then counts: wider).
    /// </summary>
    private static bool Assigns(ReadOnlySpan<byte> text, int start, int end, ReadOnlySpan<byte> name)
    {
        for (var k = start; k <= end && k < text.Length;)
        {
            var b = text[k];
            if (b == '/')
            {
                k = FileFacts.SkipComment(text, k);
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                k = CLexer.SkipLiteral(text, k);
                continue;
            }
            if (!FileFacts.IdentifierBytes.Contains(b))
            {
                k++;
                continue;
            }
            var length = text.Slice(k).IndexOfAnyExcept(FileFacts.IdentifierBytes);
            if (length < 0)
                length = text.Length - k;
            if (text.Slice(k, length).SequenceEqual(name) && IsAssignedAt(text, k, length))
                return true;
            k += length;
        }
        return false;
    }

    private static bool IsAssignedAt(ReadOnlySpan<byte> text, int at, int length)
    {
        if (IsPreDecremented(text, at) || at >= 2 && text[at - 1] == '+' && text[at - 2] == '+')
            return true;
        var after = at + length;
        while (after < text.Length && text[after] is (byte)' ' or (byte)'\t' or (byte)')')
            after++;
        if (after + 1 >= text.Length)
            return false;
        var (first, second) = (text[after], text[after + 1]);
        if (first == '=')
            return second != '=';
        if (first is (byte)'+' or (byte)'-')
            return second == first || second == '=';
        if (first is (byte)'*' or (byte)'/' or (byte)'%' or (byte)'&' or (byte)'|' or (byte)'^')
            return second == '=';
        return first is (byte)'<' or (byte)'>' && second == first && after + 2 < text.Length && text[after + 2] == '=';
    }

    private enum DecrementKind
    {
        None,
        Unit,
        Step,
    }

    private enum Condition
    {
        None,
        If,
        While,
        DoWhile,
        For,
        Unknown,
    }

    /// <summary>
    /// Where the function around <paramref name="from"/> ends, as far as bytes tell: the next <c>}</c> at the start of a
    /// line (kernel style closes a function there, and nothing inside one). A <c>}</c> there inside a function splits
    /// it, which could hide a count decremented before it and tested after it; the Debian trees' findings are the same.
    /// </summary>
    private static int FunctionEnd(ReadOnlySpan<byte> text, int from)
    {
        var end = text.Slice(from).IndexOf("\n}"u8);
        return end < 0 ? text.Length : from + end + 1;
    }

    /// <summary><c>--</c> before the name (blanks and parentheses between allowed: <c>--(nr)</c>).</summary>
    private static bool IsPreDecremented(ReadOnlySpan<byte> text, int at)
    {
        var before = at - 1;
        while (before >= 0 && text[before] is (byte)' ' or (byte)'\t' or (byte)'(')
            before--;
        return before >= 1 && text[before] == '-' && text[before - 1] == '-';
    }

    /// <summary>
    /// A decrement after the name: <c>nr--</c> (<see cref="DecrementKind.Unit"/>), <c>nr -= step</c> or
    /// <c>nr = nr - step</c> (<see cref="DecrementKind.Step"/>); blanks and parentheses between allowed (<c>(nr)--</c>).
    /// </summary>
    private static (DecrementKind Kind, int StepAt, int StepLength) DecrementAfter(ReadOnlySpan<byte> text, int at, int length)
    {
        var after = at + length;
        while (after < text.Length && text[after] is (byte)' ' or (byte)'\t' or (byte)')')
            after++;
        if (after + 1 >= text.Length)
            return (DecrementKind.None, 0, 0);
        if (text[after] == '-')
            return text[after + 1] switch
            {
                (byte)'-' => (DecrementKind.Unit, 0, 0),
                (byte)'=' => StepAt(text, after + 2),
                _ => (DecrementKind.None, 0, 0),
            };
        if (text[after] == '=' && text[after + 1] != '=' && SubtractionFrom(text, after + 1, text.Slice(at, length)) is var minus && minus > 0)
            return StepAt(text, minus + 1);
        return (DecrementKind.None, 0, 0);
    }

    /// <summary>
    /// The step at <paramref name="at"/> (after <c>-=</c>, or the minus of <c>nr = nr - step</c>), as the forms take
    /// it (<c>CountDownLoop.IsInvariant</c>): a literal (1 or 0 is a <see cref="DecrementKind.Unit"/>, which no form steps
    /// past 0 with), or a name, casts and parentheses around it allowed (a <see cref="DecrementKind.Step"/>); anything
    /// else (<c>len -= n + m</c>, <c>len -= min(len, n)</c>, <c>len -= sg->length</c>) no form counts as a decrement.
    /// </summary>
    private static (DecrementKind Kind, int StepAt, int StepLength) StepAt(ReadOnlySpan<byte> text, int at)
    {
        var end = text.Slice(at, Math.Min(256, text.Length - at)).IndexOfAny(";,{}"u8);
        if (end < 0)
            return (DecrementKind.Step, 0, 0); // too long to read: wide
        var step = text.Slice(at, end);
        var sign = step.IndexOfAnyExcept(FileFacts.WhiteSpace);
        if (sign >= 0 && step[sign] is (byte)'-' or (byte)'+')
        {
            at += sign + 1; // nr -= -1 is a step of a literal too
            step = step.Slice(sign + 1);
        }
        var names = 0;
        var depth = 0;
        for (var k = 0; k < step.Length; k++)
        {
            var b = step[k];
            if (b == '(')
                depth++;
            else if (b == ')' && --depth < 0)
            {
                step = step.Slice(0, k); // the end of a for header: for (; nr; nr -= step)
                break;
            }
            if (FileFacts.IdentifierBytes.Contains(b))
            {
                var length = step.Slice(k).IndexOfAnyExcept(FileFacts.IdentifierBytes);
                if (length < 0)
                    length = step.Length - k;
                names++;
                var next = FileFacts.SkipBlanks(step, k + length);
                if (next < step.Length && step[next] == '(')
                    return (DecrementKind.None, 0, 0); // a call: min(len, n), sizeof(x)
                k += length - 1;
                continue;
            }
            if (b is (byte)'(' or (byte)')' or (byte)'*' || FileFacts.WhiteSpace.Contains(b))
                continue; // a cast: (unsigned long)n, (u8 *)... is a cast to a pointer, never a count's step
            if (b == '/' && k + 1 < step.Length && step[k + 1] is (byte)'*' or (byte)'/')
                return (DecrementKind.Step, 0, 0); // a comment: wide
            return (DecrementKind.None, 0, 0); // an operator: not a name alone
        }
        if (names == 0)
            return (DecrementKind.None, 0, 0);
        // the last name is the step (the ones before it are a cast's type)
        var last = step.Slice(0, step.LastIndexOfAny(FileFacts.IdentifierBytes) + 1);
        var start = last.LastIndexOfAnyExcept(FileFacts.IdentifierBytes) + 1;
        if (last[start] is >= (byte)'0' and <= (byte)'9')
            return (LiteralValue(last, start) is 0 or 1 ? DecrementKind.Unit : DecrementKind.Step, 0, 0);
        return (DecrementKind.Step, at + start, last.Length - start);
    }

    /// <summary>
    /// At <paramref name="at"/> (after an <c>=</c>): <paramref name="name"/>, then a minus that is no <c>-&gt;</c>;
    /// the minus's offset, or -1.
    /// </summary>
    private static int SubtractionFrom(ReadOnlySpan<byte> text, int at, ReadOnlySpan<byte> name)
    {
        at = FileFacts.SkipBlanks(text, at);
        while (at < text.Length && text[at] == '(')
            at = FileFacts.SkipBlanks(text, at + 1);
        if (!text.Slice(at).StartsWith(name) || at + name.Length < text.Length && FileFacts.IdentifierBytes.Contains(text[at + name.Length]))
            return -1;
        at = FileFacts.SkipBlanks(text, at + name.Length);
        while (at < text.Length && text[at] == ')')
            at = FileFacts.SkipBlanks(text, at + 1);
        return at + 1 < text.Length && text[at] == '-' && text[at + 1] is not ((byte)'>' or (byte)'-' or (byte)'=') ? at : -1;
    }

    /// <summary>
    /// What follows a name that a test for 0 can end with: <c>)</c> (<c>while (nr)</c>, <c>if (!nr)</c>,
    /// <c>0 != nr)</c>), <c>;</c> (a for condition), or a comparison with 0 or 1 that is one
    /// (<c>== 0</c>, <c>!= 0</c>, <c>&gt; 0</c>, <c>&gt;= 1</c>, <c>&lt; 1</c>, <c>&lt;= 0</c>) and ends the test
    /// (<c>)</c> or <c>;</c> after it: <c>nr &gt; 0 &amp;&amp; ...</c> is no test of a form); a sign or a
    /// parenthesis after the operator (<c>nr &gt; (long)0</c>) is let through.
    /// </summary>
    private static bool CanBeZeroTested(ReadOnlySpan<byte> text, int after)
    {
        // runs for every identifier: one blank, mostly, before anything else
        if (after < text.Length && text[after] == ' ')
            after++;
        if (after < text.Length && (FileFacts.WhiteSpace.Contains(text[after]) || text[after] == '/'))
            after = FileFacts.SkipBlanks(text, after);
        if (after + 1 >= text.Length)
            return false;
        var (first, second) = (text[after], text[after + 1]);
        if (first is (byte)')' or (byte)';')
            return true;
        long wanted;
        int operand;
        switch (first)
        {
            case (byte)'=' or (byte)'!' when second == '=':
                (wanted, operand) = (0, after + 2);
                break;
            case (byte)'>' when second == '=':
            case (byte)'<' when second != '<' && second != '=':
                (wanted, operand) = (1, after + (second == '=' ? 2 : 1));
                break;
            case (byte)'>' when second != '>':
            case (byte)'<' when second == '=':
                (wanted, operand) = (0, after + (second == '=' ? 2 : 1));
                break;
            default:
                return false;
        }
        operand = FileFacts.SkipBlanks(text, operand);
        if (operand >= text.Length)
            return false;
        if (text[operand] is (byte)'(' or (byte)'-' or (byte)'+')
            return true;
        if (LiteralValue(text, operand) != wanted)
            return false;
        // the comparison must be the whole test: nr > 0) or nr > 0; (a for condition), not nr > 0 && ...
        var end = text.Slice(operand).IndexOfAnyExcept(FileFacts.IdentifierBytes);
        end = end < 0 ? text.Length : FileFacts.SkipBlanks(text, operand + end);
        return end < text.Length && text[end] is (byte)')' or (byte)';';
    }

    /// <summary>The value of the integer literal at <paramref name="at"/> (decimal or hex, suffixes ignored); null for anything else.</summary>
    private static long? LiteralValue(ReadOnlySpan<byte> text, int at)
    {
        var length = text.Slice(at).IndexOfAnyExcept(FileFacts.IdentifierBytes);
        var literal = text.Slice(at, length < 0 ? text.Length - at : length);
        if (literal.Length == 0 || literal[0] is < (byte)'0' or > (byte)'9')
            return null;
        literal = literal.TrimEnd("uUlL"u8);
        var hex = literal.Length > 2 && literal[0] == '0' && (literal[1] | 0x20) == 'x';
        if (hex)
            literal = literal.Slice(2);
        long value = 0;
        foreach (var b in literal)
        {
            var digit = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : hex && (b | 0x20) is >= 'a' and <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
            if (digit < 0)
                return null;
            value = value * (hex ? 16 : 10) + digit;
            if (value > 1)
                return value;
        }
        return value;
    }

    /// <summary>
    /// Which condition the name at <paramref name="at"/> can be the tested operand of, read back from it: past casts
    /// (<c>(long)nr</c>), <c>!</c>, grouping parentheses and a literal compared with <c>==</c>/<c>!=</c> (<c>0 != nr</c>)
    /// to the condition's parenthesis; after <c>,</c> (the last operand of a comma expression) or <c>;</c> (a for
    /// condition) the enclosing parenthesis is found past balanced ones. An argument of a call (<c>likely(nr)</c>,
    /// <c>put_page(p, nr)</c>), a for loop's first clause or the operand of anything else (<c>a &amp;&amp; nr</c>,
    /// <c>x = nr</c>) is <see cref="Condition.None"/>; a comment in the way is <see cref="Condition.Unknown"/>.
    /// </summary>
    private static (Condition Condition, int Open) ConditionOf(ReadOnlySpan<byte> text, int at)
    {
        var k = at;
        while (true)
        {
            k = text.Slice(0, k).LastIndexOfAnyExcept(FileFacts.WhiteSpace);
            if (k < 0)
                return (Condition.None, -1);
            switch (text[k])
            {
                case (byte)'(':
                    if (KeywordBefore(text, k) is var keyword && keyword != Condition.None)
                        return keyword == Condition.For ? (Condition.None, -1) : (keyword, k);
                    var before = text.Slice(0, k).LastIndexOfAnyExcept(FileFacts.WhiteSpace);
                    if (before >= 0 && (FileFacts.IdentifierBytes.Contains(text[before]) || text[before] is (byte)')' or (byte)']'))
                        return (Condition.None, -1); // a call's first argument
                    break; // a grouping parenthesis
                case (byte)')':
                    // a cast before the name: past its parenthesis
                    k = MatchingOpen(text, k);
                    if (k < 0)
                        return (Condition.Unknown, -1);
                    break;
                case (byte)'!':
                    break;
                case (byte)'-' when k >= 1 && text[k - 1] == '-':
                    k--; // while (--nr)
                    break;
                case (byte)'=' when k >= 1 && text[k - 1] is (byte)'=' or (byte)'!':
                    // 0 == nr, 0 != nr: past the operator and the literal before it
                    k = text.Slice(0, k - 1).LastIndexOfAnyExcept(FileFacts.WhiteSpace);
                    if (k < 0)
                        return (Condition.None, -1);
                    if (text[k] == ')')
                        return (Condition.Unknown, -1);
                    if (!FileFacts.IdentifierBytes.Contains(text[k]))
                        return (Condition.None, -1);
                    k = text.Slice(0, k + 1).LastIndexOfAnyExcept(FileFacts.IdentifierBytes) + 1;
                    break;
                case (byte)',' or (byte)';':
                    return EnclosingCondition(text, k);
                case (byte)'/' when k >= 1 && text[k - 1] == '*':
                    return (Condition.Unknown, -1); // a comment before the name
                default:
                    return (Condition.None, -1);
            }
        }
    }

    /// <summary>The open parenthesis that the <c>)</c> at <paramref name="close"/> closes; -1 when there is none near.</summary>
    private static int MatchingOpen(ReadOnlySpan<byte> text, int close)
    {
        var depth = 0;
        for (var k = close; k >= Math.Max(0, close - 512); k--)
        {
            if (text[k] == ')')
                depth++;
            else if (text[k] == '(' && --depth == 0)
                return k;
        }
        return -1;
    }

    /// <summary>
    /// After a <c>,</c> or <c>;</c> at <paramref name="at"/>: the condition whose parenthesis encloses it, a while or
    /// if with no <c>;</c> between, or a for header with one (the name is in its condition). A brace ends the search;
    /// a search that runs long is <see cref="Condition.Unknown"/>.
    /// </summary>
    private static (Condition Condition, int Open) EnclosingCondition(ReadOnlySpan<byte> text, int at)
    {
        var depth = 0;
        var semicolons = 0;
        var limit = Math.Max(0, at - 4096);
        for (var k = at; k >= limit; k--)
        {
            switch (text[k])
            {
                case (byte)')':
                    depth++;
                    break;
                case (byte)'(' when depth > 0:
                    depth--;
                    break;
                case (byte)'(':
                    var keyword = KeywordBefore(text, k);
                    return (keyword == Condition.For ? semicolons == 1 : semicolons == 0) ? (keyword, k) : (Condition.None, -1);
                case (byte)';' when depth == 0:
                    if (++semicolons > 1)
                        return (Condition.None, -1);
                    break;
                case (byte)'{' or (byte)'}':
                    return (Condition.None, -1);
            }
        }
        return (limit > 0 ? Condition.Unknown : Condition.None, -1);
    }

    /// <summary>The keyword before the parenthesis at <paramref name="parenthesis"/>: if, for, while, or a do-while's while (after <c>}</c>).</summary>
    private static Condition KeywordBefore(ReadOnlySpan<byte> text, int parenthesis)
    {
        var end = text.Slice(0, parenthesis).LastIndexOfAnyExcept(FileFacts.WhiteSpace);
        if (end < 0 || !FileFacts.IdentifierBytes.Contains(text[end]))
            return Condition.None;
        var start = text.Slice(0, end + 1).LastIndexOfAnyExcept(FileFacts.IdentifierBytes) + 1;
        var keyword = text.Slice(start, end + 1 - start);
        if (keyword.SequenceEqual("if"u8))
            return Condition.If;
        if (keyword.SequenceEqual("for"u8))
            return Condition.For;
        if (!keyword.SequenceEqual("while"u8))
            return Condition.None;
        var before = text.Slice(0, start).LastIndexOfAnyExcept(FileFacts.WhiteSpace);
        return before >= 0 && text[before] is (byte)'}' or (byte)'/' ? Condition.DoWhile : Condition.While;
    }

    /// <summary>
    /// After <c>for</c>/<c>while</c> at <paramref name="at"/>: a header that runs until the body leaves,
    /// <c>for (...; ; ...)</c>, <c>for (; 1; )</c>, <c>while (1)</c>, <c>while (true)</c> (any literal but a plain 0).
    /// </summary>
    private static bool IsForeverHeader(ReadOnlySpan<byte> text, int at, bool isFor)
    {
        at = FileFacts.SkipBlanks(text, at);
        if (at >= text.Length || text[at] != '(')
            return false;
        var condition = at + 1;
        if (isFor)
        {
            var depth = 0;
            for (condition = at + 1; condition < Math.Min(text.Length, at + 512); condition++)
            {
                if (text[condition] == '(')
                    depth++;
                else if (text[condition] == ')' && --depth < 0)
                    return false;
                else if (text[condition] == ';' && depth == 0)
                    break;
            }
            condition++;
        }
        condition = FileFacts.SkipBlanks(text, condition);
        if (condition >= text.Length)
            return false;
        if (isFor && text[condition] == ';' || text.Slice(condition).StartsWith("true"u8))
            return true;
        return text[condition] is >= (byte)'0' and <= (byte)'9' && LiteralValue(text, condition) != 0;
    }
}
