namespace Folint.Analyzer.Model;

/// <summary>A half-open byte range [Start, End) in one source file. Line/column live apart, in <see cref="LineMap"/>.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public bool Contains(int offset) => offset >= Start && offset < End;

    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    public override string ToString() => $"[{Start}..{End})";
}

/// <summary>A 1-based line and 1-based byte column, as gcc, vim's quickfix and Emacs compile-mode read them.</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
