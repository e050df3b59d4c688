using System.Collections.Generic;

namespace Folint.Analyzer.Contracts;

/// <summary>
/// A section of rules/kernel/*.yaml whose values must agree beyond their types (sizes positive, a macro named by one
/// group only). The loader binds the section, then asks it; each problem is reported with the file and line of the
/// field it names, beside the loader's own errors, and the load fails.
/// </summary>
public interface IValidatedKnowledge
{
    IEnumerable<KnowledgeProblem> Problems();
}

/// <summary>
/// What is wrong with one value of a section: <paramref name="Field"/> is its path below the section as the YAML
/// writes it (<c>sizes.atomic_t.size</c>, <c>groups[3].names[0]</c>), <paramref name="Suggestion"/> how to fix it.
/// </summary>
public sealed record KnowledgeProblem(string Field, string Problem, string Suggestion);
