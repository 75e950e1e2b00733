using Sluice.Core.Diagnostics;
using Sluice.Core.Expressions;

namespace Sluice.Core.Parsing;

/// <summary>A context access found in an expression, with where it is written (for later name checks).</summary>
internal sealed record LocatedReference(ContextReference Reference, SourceLocation Location, string Field);
