using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Model;

namespace Folint.CSource.Normalization;

/// <summary>
/// What the normalizer did to one span of the file. Every byte the normalizer changed lies inside the span of
/// one rewrite; the original text of the span is the file's own bytes at the same offsets. Newlines are never
/// changed, so lines and columns of the normalized text are those of the file on disk.
/// </summary>
public enum RewriteKind
{
    /// <summary>
    /// The span (an annotation such as <c>__init</c> or <c>__must_hold(&amp;l)</c>, with its argument list when it has
    /// one, or a GNU extension tree-sitter cannot read) became spaces. The lowering sees nothing there; the annotation
    /// is the original text of the span, and <see cref="MacroRewrite.Macro"/> its name.
    /// </summary>
    Blanked,

    /// <summary>
    /// An iterator macro statement <c>list_for_each_entry(pos, head, member) stmt</c>: the span is exactly the macro
    /// name, overwritten with <c>while</c> and spaces. tree-sitter reads a <c>while_statement</c> whose
    /// <c>condition</c> is a <c>parenthesized_expression</c> holding the arguments: one argument is the expression
    /// itself, several are a right-nested <c>comma_expression</c> (left: first argument, right: the rest), and whose
    /// <c>body</c> is the statement after the macro's argument list.
    /// </summary>
    IteratorLoop,

    /// <summary>
    /// A scope-bound lock such as <c>scoped_guard(spinlock, &amp;lock) { ... }</c>: rewritten like
    /// <see cref="IteratorLoop"/> (a <c>while_statement</c>), but the body runs once, with the guard held.
    /// </summary>
    ScopedGuard,

    /// <summary>
    /// An inline annotation such as <c>__always_inline</c>: the span (the name) became <c>inline</c> and spaces, so
    /// tree-sitter reads a <c>storage_class_specifier</c> <c>inline</c> and the lowering knows which macro it was.
    /// </summary>
    Inline,

    /// <summary>
    /// A function defined through a macro header such as <c>SYSCALL_DEFINE3(madvise, unsigned long, start, size_t,
    /// len_in, int, behavior)</c>: the span (macro name through the closing parenthesis) became an ordinary
    /// declarator, <c>long madvise(unsigned long start, size_t len_in, int behavior)</c> spread over the same bytes
    /// (return type from the hints). tree-sitter reads a <c>function_definition</c> with a <c>function_declarator</c>
    /// whose <c>parameters</c> are <c>parameter_declaration</c>s. With one or more parameters the function's name
    /// stays at its original offset; without (<c>SYSCALL_DEFINE0(sync)</c>) it moves to the start of the span.
    /// </summary>
    FunctionHeader,

    /// <summary>
    /// A type passed as a macro argument, as in <c>container_of(p, struct folio, lru)</c> or
    /// <c>min_t(unsigned long, a, b)</c>: the span is the whole argument; every word but the last and every
    /// <c>*</c> became spaces, so tree-sitter reads an <c>identifier</c> (<c>folio</c>, <c>long</c>). The type is
    /// the original text of the span; <see cref="MacroRewrite.Macro"/> is the macro the argument was passed to.
    /// </summary>
    TypeArgument,

    /// <summary>
    /// A preprocessor conditional that splits a C construct (an <c>#ifdef</c> between an <c>if (...)</c> and its
    /// <c>{</c>, or inside an argument list) was flattened: its directive lines and every branch but the kept one
    /// became spaces. Each blanked directive or branch is its own rewrite; <see cref="MacroRewrite.Macro"/> is the
    /// directive (<c>#ifdef</c>, <c>#else</c>, ...) that starts it.
    /// </summary>
    ConditionalBranch,

    /// <summary>
    /// A GNU case range <c>case low ... high:</c>: the span is the <c>...</c>, which became <c>||</c> and a space, so
    /// tree-sitter reads a <c>case_statement</c> whose <c>value</c> is a <c>binary_expression</c> (low || high) whose
    /// operator lies in this span: the lowering reads it as the range low..high.
    /// </summary>
    CaseRange,

    /// <summary>
    /// A macro that declares one variable or member, such as <c>DEFINE_PER_CPU(struct foo, bar)</c> or
    /// <c>DECLARE_BITMAP(mask, NR)</c>: the span is the macro name through its closing parenthesis; everything in
    /// the argument list but the declared name (with any array brackets it has) became spaces. tree-sitter reads
    /// a <c>declaration</c> (<c>field_declaration</c> in a member list) whose <c>type</c> is a
    /// <c>type_identifier</c> naming the macro and whose <c>declarator</c> is the declared name.
    /// </summary>
    DeclarationMacro,

    /// <summary>
    /// A macro invoked at file scope to generate definitions, such as <c>FOLIO_FLAG(dirty, FOLIO_HEAD_PAGE)</c> or
    /// <c>late_initcall(kswapd_init)</c>, often written without a semicolon: the span is the macro name through its
    /// closing parenthesis; '(' became a space and ')' a ';' (a space when a ';' follows). tree-sitter reads a
    /// <c>declaration</c> whose <c>type</c> is a <c>type_identifier</c> naming the macro and whose
    /// <c>declarator</c>s are the arguments, each an <c>identifier</c>, in order.
    /// </summary>
    GeneratorMacro,

    /// <summary>
    /// A GNU named variadic parameter of a <c>#define</c> (<c>args...</c>): the span is the <c>...</c>, which became
    /// spaces, so tree-sitter reads <c>args</c> as an ordinary parameter; the macro is variadic.
    /// </summary>
    NamedVariadic,

    /// <summary>
    /// A comment inside a multi-line <c>#define</c> followed by a line continuation: it became spaces, because
    /// tree-sitter-c ends the macro's text at the comment and reads the continued lines as code.
    /// </summary>
    DirectiveComment,

    /// <summary>
    /// A member list wrapped in a macro, <c>struct_group(stats, u64 a; u64 b;);</c>: two rewrites, one whose span runs
    /// from the macro name to the first member (it became <c>struct {</c> and spaces) and one over the closing
    /// parenthesis (it became <c>}</c>). tree-sitter reads a <c>field_declaration</c> of an anonymous
    /// <c>struct_specifier</c> holding the members; the group's own name is in the first span's original text.
    /// </summary>
    MemberGroup,
}

/// <summary>One change the normalizer made: where (original byte offsets), which macro or construct, how.</summary>
public sealed record MacroRewrite(TextSpan Span, string Macro, RewriteKind Kind);

/// <summary>
/// The normalized bytes of one file (same length as the original, every newline where it was), the rewrites
/// that made them, in offset order, never overlapping, and the file's <c>#if</c> conditions by directive offset
/// (read once when the file was lexed).
/// </summary>
public sealed record NormalizedSource(byte[] Text, ImmutableArray<MacroRewrite> Rewrites, IReadOnlyDictionary<int, PpExpr> Conditions)
{
    /// <summary>
    /// The loops made from macros, by the offset where their <c>while_statement</c> starts (the macro name's
    /// offset): iterator macros and scoped guards (a guard is a one-pass for loop in the kernel too).
    /// </summary>
    public IReadOnlyDictionary<int, string> LoopMacros()
    {
        var loops = new Dictionary<int, string>();
        foreach (var rewrite in Rewrites)
        {
            if (rewrite.Kind is RewriteKind.IteratorLoop or RewriteKind.ScopedGuard)
                loops[rewrite.Span.Start] = rewrite.Macro;
        }
        return loops;
    }
}
