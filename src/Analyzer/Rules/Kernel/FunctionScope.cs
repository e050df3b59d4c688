using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Kernel;

/// <summary>
/// What every analysis of one function asks about its names: the declared types of its parameters and locals, which
/// names are parameters (and at which index), and the value of a local assigned exactly once. C scoping is
/// flattened: a later declaration of the same name in an inner block wins, which is what kernel code almost always
/// means. Built once per function (<see cref="Of"/>) and shared by every rule and flow that reads the function.
/// </summary>
internal sealed class FunctionScope
{
    // Pure facts of an immutable definition: memoised on it, so the flag flow, the tail-page flow and the
    // count-down rule read one scope instead of walking the body for declarations each.
    private static readonly ConditionalWeakTable<FunctionDef, FunctionScope> Scopes = new();

    private readonly Dictionary<string, TypeRef> _types = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> _parameters = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, Expr?> _singleAssignment = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _addressTaken = new(System.StringComparer.Ordinal);

    private FunctionScope(FunctionDef function)
    {
        Function = function;
        for (var i = 0; i < function.Parameters.Length; i++)
        {
            if (function.Parameters[i].Name is not { } name)
                continue;
            _types[name] = function.Parameters[i].Type;
            _parameters[name] = i;
        }
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
        {
            switch (node)
            {
                case LocalDecl local:
                    _types[local.Name] = local.Type;
                    if (local.Initializer is not null)
                        NoteAssignment(local.Name, local.Initializer);
                    break;
                case AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target } assign:
                    NoteAssignment(target.Identifier, assign.Value);
                    break;
                case UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false, Operand: NameExpr taken }:
                    _addressTaken.Add(taken.Identifier);
                    break;
            }
        }
    }

    /// <summary>The scope of <paramref name="function"/>, built on first use.</summary>
    public static FunctionScope Of(FunctionDef function) => Scopes.GetValue(function, f => new FunctionScope(f));

    public FunctionDef Function { get; }

    public TypeRef? TypeOf(string name) => _types.TryGetValue(name, out var type) ? type : null;

    /// <summary>True for a parameter or local of this function whose address is never taken: only this function's own code changes it.</summary>
    public bool IsPrivateVariable(string name) => _types.ContainsKey(name) && !_addressTaken.Contains(name);

    /// <summary>The index of a named parameter, or -1.</summary>
    public int ParameterIndex(string name) => _parameters.TryGetValue(name, out var index) ? index : -1;

    /// <summary>True when the name is assigned (or initialised) somewhere in the body.</summary>
    public bool IsAssigned(string name) => _singleAssignment.ContainsKey(name);

    /// <summary>The value of a name assigned (or initialised) exactly once in the body; null otherwise.</summary>
    public Expr? SingleAssignment(string name) => _singleAssignment.TryGetValue(name, out var value) ? value : null;

    private void NoteAssignment(string name, Expr value)
    {
        if (_singleAssignment.ContainsKey(name))
            _singleAssignment[name] = null;
        else
            _singleAssignment[name] = value;
    }
}
