namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>
/// The kernel facts the C rules read: one section per file of rules/kernel (the parameter's name in kebab case:
/// <c>PageFlagsFallback</c> is page-flags-fallback.yaml), typed and validated once when folint starts
/// (Folint.CSource's KnowledgeLoader), handed to each rule when it is built (<see cref="SourceRules.All"/>). A section is
/// a record whose constructor parameters are its file's keys in snake case; a key the record does not name, or a
/// key it names that the file lacks, fails the load with the file, the line and the closest key.
/// </summary>
/// <param name="Assertions">assertions.yaml: debug assertions (FOL002, FOL003, FOL004).</param>
/// <param name="Batch">batch.yaml: page operations in batched helpers and never-zero counts (FOL004).</param>
/// <param name="Layout">layout.yaml: the configuration and type sizes struct page and struct folio are laid out with (FOL002).</param>
/// <param name="Mapcount">mapcount.yaml: mapcount fields, reads, type tests and accessor headers (FOL003).</param>
/// <param name="PageFlags">page-flags.yaml: bit operations, page policies and head/nth-page conversions (FOL000, FOL001).</param>
/// <param name="PageFlagsFallback">page-flags-fallback.yaml: the accessors for a file checked without its tree (FOL001).</param>
/// <param name="Pages">pages.yaml: what denotes a struct page or a struct folio (FOL000, FOL001, FOL002, FOL004).</param>
/// <param name="Phases">phases.yaml: exclusive phases, allocators, publication, locks (FOL001).</param>
/// <param name="Refcount">refcount.yaml: refcount writes, tail-page origins and proofs (FOL002, FOL004).</param>
public sealed record KernelKnowledge(
    AssertionsSection Assertions,
    BatchSection Batch,
    LayoutSection Layout,
    MapcountSection Mapcount,
    PageFlagsSection PageFlags,
    PageFlagsFallbackSection PageFlagsFallback,
    PagesSection Pages,
    PhasesSection Phases,
    RefcountSection Refcount);
