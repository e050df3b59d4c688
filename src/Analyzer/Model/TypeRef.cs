using System.Collections.Immutable;
using System.Text;

namespace Folint.Analyzer.Model;

/// <summary>
/// A declared type as written: the specifier text (<c>unsigned long</c>, <c>struct page</c>, <c>atomic_t</c>),
/// the pointer depth and array dimensions from the declarator. No typedefs are resolved here.
/// </summary>
public sealed record TypeRef(string Base, int PointerDepth = 0, ImmutableArray<string> ArrayDimensions = default)
{
    public static readonly TypeRef Unknown = new("?");

    public bool IsPointer => PointerDepth > 0;

    public bool IsArray => !ArrayDimensions.IsDefaultOrEmpty;

    public string Text
    {
        get
        {
            if (PointerDepth == 0 && !IsArray)
                return Base;
            var sb = new StringBuilder(Base);
            if (PointerDepth > 0)
                sb.Append(' ').Append('*', PointerDepth);
            if (IsArray)
            {
                foreach (var dim in ArrayDimensions)
                    sb.Append('[').Append(dim).Append(']');
            }
            return sb.ToString();
        }
    }

    /// <summary>The struct or union tag when the base names one (<c>struct page</c> gives <c>page</c>).</summary>
    public string? RecordTag
    {
        get
        {
            foreach (var keyword in new[] { "struct ", "union " })
            {
                var at = Base.IndexOf(keyword, System.StringComparison.Ordinal);
                if (at >= 0)
                    return Base.Substring(at + keyword.Length).Trim();
            }
            return null;
        }
    }

    public override string ToString() => Text;
}
