using System.Collections.Generic;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Kernel;

/// <summary>
/// The declared types of a function's parameters and locals, by name. C scoping is flattened: a later
/// declaration of the same name in an inner block wins, which is what kernel code almost always means.
/// </summary>
public sealed class FunctionScope
{
    private readonly Dictionary<string, TypeRef> _types = new(System.StringComparer.Ordinal);

    public FunctionScope(FunctionDef function)
    {
        Function = function;
        foreach (var parameter in function.Parameters)
        {
            if (parameter.Name is not null)
                _types[parameter.Name] = parameter.Type;
        }
        foreach (var local in ModelWalker.DescendantsOfType<LocalDecl>(function.Body))
            _types[local.Name] = local.Type;
    }

    public FunctionDef Function { get; }

    public TypeRef? TypeOf(string name) => _types.TryGetValue(name, out var type) ? type : null;
}
