namespace Folint.CSource.Interop;

/// <summary>
/// The names the tree-sitter C grammar gives the node kinds the frontend reads (<see cref="SyntaxNode.Kind"/>), once:
/// a misspelt kind is a compile error instead of a branch that never runs, and a test checks each name against the
/// grammar folint is built with. Names stay the grammar's strings (not symbol ids): tree-sitter aliases several ids
/// to one name, and <see cref="SyntaxNode.Kind"/> returns the grammar's own interned string, so a switch over these
/// constants costs what a switch over ids would.
/// </summary>
internal static class NodeKinds
{
    public const string AbstractArrayDeclarator = "abstract_array_declarator";

    public const string AbstractFunctionDeclarator = "abstract_function_declarator";

    public const string AbstractPointerDeclarator = "abstract_pointer_declarator";

    public const string AlignofExpression = "alignof_expression";

    public const string ArrayDeclarator = "array_declarator";

    public const string AssignmentExpression = "assignment_expression";

    public const string AttributeDeclaration = "attribute_declaration";

    public const string AttributedDeclarator = "attributed_declarator";

    public const string AttributedStatement = "attributed_statement";

    public const string BinaryExpression = "binary_expression";

    public const string BitfieldClause = "bitfield_clause";

    public const string BreakStatement = "break_statement";

    public const string CallExpression = "call_expression";

    public const string CaseStatement = "case_statement";

    public const string CastExpression = "cast_expression";

    public const string CharLiteral = "char_literal";

    public const string CommaExpression = "comma_expression";

    public const string Comment = "comment";

    public const string CompoundLiteralExpression = "compound_literal_expression";

    public const string CompoundStatement = "compound_statement";

    public const string ConcatenatedString = "concatenated_string";

    public const string ConditionalExpression = "conditional_expression";

    public const string ContinueStatement = "continue_statement";

    public const string Declaration = "declaration";

    public const string DeclarationList = "declaration_list";

    public const string DoStatement = "do_statement";

    public const string ElseClause = "else_clause";

    public const string EnumSpecifier = "enum_specifier";

    public const string Enumerator = "enumerator";

    /// <summary>
    /// Error recovery's node: tree-sitter's built-in symbol (65535), not one of the grammar's own. The grammar's symbol
    /// table lacks it, so <see cref="SyntaxNode.Kind"/> names an error node "?" today and the lowering's branches for
    /// this kind do not run; making Kind say "ERROR" changes what the lowering keeps of broken code (left for its own change).
    /// </summary>
    public const string Error = "ERROR";

    public const string ExpressionStatement = "expression_statement";

    public const string ExtensionExpression = "extension_expression";

    public const string False = "false";

    public const string FieldDeclaration = "field_declaration";

    public const string FieldExpression = "field_expression";

    public const string FieldIdentifier = "field_identifier";

    public const string ForStatement = "for_statement";

    public const string FunctionDeclarator = "function_declarator";

    public const string FunctionDefinition = "function_definition";

    public const string GenericExpression = "generic_expression";

    public const string GnuAsmExpression = "gnu_asm_expression";

    public const string GotoStatement = "goto_statement";

    public const string Identifier = "identifier";

    public const string IfStatement = "if_statement";

    public const string InitDeclarator = "init_declarator";

    public const string InitializerList = "initializer_list";

    public const string InitializerPair = "initializer_pair";

    public const string LabeledStatement = "labeled_statement";

    public const string LinkageSpecification = "linkage_specification";

    public const string Null = "null";

    public const string NumberLiteral = "number_literal";

    public const string OffsetofExpression = "offsetof_expression";

    public const string ParameterDeclaration = "parameter_declaration";

    public const string ParenthesizedDeclarator = "parenthesized_declarator";

    public const string ParenthesizedExpression = "parenthesized_expression";

    public const string PointerDeclarator = "pointer_declarator";

    public const string PointerExpression = "pointer_expression";

    public const string PreprocCall = "preproc_call";

    public const string PreprocDef = "preproc_def";

    public const string PreprocElif = "preproc_elif";

    public const string PreprocElifdef = "preproc_elifdef";

    public const string PreprocElse = "preproc_else";

    public const string PreprocFunctionDef = "preproc_function_def";

    public const string PreprocIf = "preproc_if";

    public const string PreprocIfdef = "preproc_ifdef";

    public const string PreprocInclude = "preproc_include";

    public const string ReturnStatement = "return_statement";

    public const string SizeofExpression = "sizeof_expression";

    public const string StatementIdentifier = "statement_identifier";

    public const string StorageClassSpecifier = "storage_class_specifier";

    public const string StringLiteral = "string_literal";

    public const string StructSpecifier = "struct_specifier";

    public const string SubscriptExpression = "subscript_expression";

    public const string SwitchStatement = "switch_statement";

    public const string True = "true";

    public const string TypeDefinition = "type_definition";

    public const string TypeIdentifier = "type_identifier";

    public const string UnaryExpression = "unary_expression";

    public const string UnionSpecifier = "union_specifier";

    public const string UpdateExpression = "update_expression";

    public const string VariadicParameter = "variadic_parameter";

    public const string WhileStatement = "while_statement";
}
