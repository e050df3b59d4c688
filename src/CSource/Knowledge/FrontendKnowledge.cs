using Folint.CSource.Normalization;
using Folint.CSource.Patches;

namespace Folint.CSource.Knowledge;

/// <summary>
/// The files of rules/kernel the C frontend reads (the C rules read theirs as <c>KernelKnowledge</c>, in Folint.Rules):
/// each parameter is a section, loaded from the file of its name by <see cref="KnowledgeLoader"/>.
/// </summary>
/// <param name="CMacros">c-macros.yaml: the macro hints of the normalizer, the generator headers of the program index.</param>
/// <param name="Patches">patches.yaml: what check-patch assumes of hunks checked without a tree.</param>
public sealed record FrontendKnowledge(CMacrosSection CMacros, PatchesSection Patches)
{
    /// <summary>Loads both sections from <c>&lt;rulesDirectory&gt;/kernel</c>; throws every problem in one <see cref="RulesLoadException"/>.</summary>
    public static FrontendKnowledge Load(string rulesDirectory) => KnowledgeLoader.Load<FrontendKnowledge>(rulesDirectory);
}
